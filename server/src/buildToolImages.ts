/**
 * Image names that a build tool other than Kustomize replaces in a manifest before it is deployed: the artifacts a
 * `skaffold.yaml` at or above the manifest builds, and the images an OpenShift operator's `image-references` file in the
 * manifest's folder maps to release images. `image-tag` does not judge the tag of such an image: nobody deploys it as
 * written. The adapters add these names to `FileContext.rewrittenImages`, beside those of the kustomizations.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { ancestorDirs, isObject, list } from './kustomizeFiles';
import type { FileContext } from './service/pod/source';
import { imagePin } from './service/rules/image-tag';

/** The names skaffold reads its config from by default (`skaffold.yaml`; `.yml` is accepted as well). */
export const SKAFFOLD_FILE_NAMES = ['skaffold.yaml', 'skaffold.yml'];
/** The file `oc adm release new` reads beside an operator's manifests (openshift/oc pkg/cli/admin/release/image_mapper.go). */
export const IMAGE_REFERENCES_FILE = 'image-references';
/** A build file larger than this is not read (no names): real ones are a few kilobytes. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Reads the build files once per folder; one instance per CLI run, cleared by the server when such a file changes. */
export class BuildToolImages {
  private readonly skaffoldByDir = new Map<string, string[]>();
  private readonly referencesByDir = new Map<string, string[]>();

  clear(): void {
    this.skaffoldByDir.clear();
    this.referencesByDir.clear();
  }

  /** The image names, without tag, that skaffold or an OpenShift release build replaces in the manifest (sorted). */
  rewrittenImages(manifestPath: string): string[] {
    const path = resolve(manifestPath);
    const names = new Set(this.referencesOf(dirname(path)));
    for (const dir of ancestorDirs(path)) for (const name of this.skaffoldOf(dir)) names.add(name);
    return [...names].sort();
  }

  /** True when a file changed on disk may change an answer given: a skaffold config or `image-references` in a folder read. */
  dependsOn(path: string): boolean {
    const target = resolve(path);
    const name = basename(target);
    if (SKAFFOLD_FILE_NAMES.includes(name)) return this.skaffoldByDir.has(dirname(target));
    return name === IMAGE_REFERENCES_FILE && this.referencesByDir.has(dirname(target));
  }

  private skaffoldOf(dir: string): string[] {
    let names = this.skaffoldByDir.get(dir);
    if (names === undefined) {
      names = SKAFFOLD_FILE_NAMES.flatMap((file) => skaffoldArtifactNames(readSmall(join(dir, file))));
      this.skaffoldByDir.set(dir, names);
    }
    return names;
  }

  private referencesOf(dir: string): string[] {
    let names = this.referencesByDir.get(dir);
    if (names === undefined) {
      names = imageReferenceNames(readSmall(join(dir, IMAGE_REFERENCES_FILE)));
      this.referencesByDir.set(dir, names);
    }
    return names;
  }
}

/** The context with `names` added to its `rewrittenImages` (sorted, each once); the context itself when there are none. */
export function withRewrittenImages(context: FileContext, names: readonly string[]): FileContext {
  if (names.length === 0) return context;
  return { ...context, rewrittenImages: [...new Set([...(context.rewrittenImages ?? []), ...names])].sort() };
}

/**
 * The `image` of every artifact skaffold builds, in every document of the file (a multi-config file) and in every
 * profile: skaffold replaces a manifest image whose name without tag is an artifact's with the image it built and
 * tagged (https://skaffold.dev/docs/deployers/, https://skaffold.dev/docs/taggers/; `selectLocalManifestImages` in
 * skaffold pkg/skaffold/kubernetes/manifest/images.go). `imageName` is the key of the oldest schemas (v1alpha1-2).
 */
export function skaffoldArtifactNames(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const docs = parseAllDocuments(text);
    // skaffold refuses a file with a broken document, and then deploys nothing from it.
    if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return [];
    return docs.flatMap((doc) => {
      const config = doc.toJS() as unknown;
      if (!isObject(config)) return [];
      const builds = [config.build, ...list(config.profiles).map((p) => (isObject(p) ? p.build : undefined))];
      return builds.flatMap((build) => (isObject(build) ? list(build.artifacts).flatMap(artifactName) : []));
    });
  } catch {
    return []; // an alias bomb or another document the parser gives up on
  }
}

function artifactName(artifact: unknown): string[] {
  if (!isObject(artifact)) return [];
  const image = typeof artifact.image === 'string' ? artifact.image : artifact.imageName;
  return typeof image === 'string' && image.trim() !== '' ? [imagePin(image.trim()).name] : [];
}

/**
 * The images an `image-references` ImageStream maps (`spec.tags[].from.name` of kind DockerImage): `oc adm release
 * new` replaces each of them, in every manifest of that folder, with the release's image for the tag
 * (`loadImageStreamTransforms` and `NewImageMapper` in openshift/oc pkg/cli/admin/release/image_mapper.go).
 */
export function imageReferenceNames(text: string | undefined): string[] {
  if (text === undefined) return [];
  let stream: unknown;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return []; // broken, or more than one document
    stream = doc.toJS() as unknown;
  } catch {
    return []; // an alias bomb
  }
  // oc refuses any other kind ("unrecognized image-references in release payload").
  if (!isObject(stream) || stream.kind !== 'ImageStream' || stream.apiVersion !== 'image.openshift.io/v1' || !isObject(stream.spec)) return [];
  return list(stream.spec.tags).flatMap((tag) => {
    const from = isObject(tag) ? tag.from : undefined;
    if (!isObject(from) || from.kind !== 'DockerImage' || typeof from.name !== 'string' || from.name.trim() === '') return [];
    return [imagePin(from.name.trim()).name];
  });
}

/** The file's text, or undefined when it is missing, not a file, unreadable or larger than MAX_FILE_BYTES. */
function readSmall(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
