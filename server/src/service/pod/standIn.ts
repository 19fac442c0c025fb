/**
 * Images that name themselves a stand-in: the toy app of an example or a demo (`examples-bookinfo-*`,
 * `prometheus-example-app`, `nginxdemos/hello`, `hello-openshift`, `demo-test-server`), an HTTP test server
 * (`httpbin`) or a CSI test driver (`mock-driver`, and `hostpathplugin`, the hostpath driver the CSI project documents as
 * for testing only). Nobody runs them as a workload: their resources and tags are the example's, so hygiene findings
 * on them are notes. Only the image's own name (its last path component) is read, word by word: a registry or an
 * organisation such as `google-samples` publishes real tools too, and `democratic-csi` is no demo.
 */
const STAND_IN_WORDS = new Set(['example', 'examples', 'demo', 'demos', 'sample', 'samples', 'hello', 'helloworld', 'httpbin', 'mock', 'hostpathplugin']);

/** The image's own name: the reference without registry, organisation, tag or digest, in lower case. */
function ownName(ref: string): string {
  const name = ref.trim().split('@')[0];
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return (colon === -1 ? last : last.slice(0, colon)).toLowerCase();
}

/** True for an image whose own name says it stands in for a real app or driver (see the module comment). */
export function isStandInImage(ref: string | undefined): boolean {
  return (
    ref !== undefined &&
    ownName(ref)
      .split(/[-_.]+/)
      .some((word) => STAND_IN_WORDS.has(word))
  );
}
