/** How to start each server under test, what settings to answer it with, and how it is kept off the network. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ourServer, repoRoot, yamlLanguageServer } from '../paths';

export type ServerId = 'sidecar-lint' | 'yaml-language-server';

export interface LaunchPlan {
  id: ServerId;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  initializationOptions: unknown;
  configuration(section: string | undefined): unknown;
}

/** A port on loopback where nothing listens: any HTTP a server attempts fails on this machine. */
const SINKHOLE = 'http://127.0.0.1:9';

/** Answers yaml-language-server's pulls: validation on, schema store and CRD store off, proxy to the sinkhole. */
function yamlLsConfiguration(section: string | undefined): unknown {
  switch (section) {
    case 'yaml':
      return {
        validate: true,
        hover: true,
        completion: true,
        schemas: {},
        schemaStore: { enable: false, url: '' },
        kubernetesCRDStore: { enable: false },
        format: { enable: false },
      };
    case 'http':
      return { proxy: SINKHOLE, proxyStrictSSL: true };
    case '[yaml]':
    case 'editor':
      return {};
    default:
      return null;
  }
}

export type Isolation = { kind: 'netns'; prefix: string[] } | { kind: 'proxy-sinkhole'; prefix: [] };

/**
 * Runs servers in an empty network namespace when `unshare` allows it (root, or user namespaces), so nothing can
 * leave the machine; otherwise only the proxy sinkhole and disabled downloads stand guard, and the report says so.
 */
export function detectIsolation(): Isolation {
  for (const prefix of [
    ['unshare', '--net', '--'],
    ['unshare', '--map-root-user', '--net', '--'],
  ]) {
    const [command = 'unshare', ...rest] = prefix;
    const probe = spawnSync(command, [...rest, 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) return { kind: 'netns', prefix };
  }
  return { kind: 'proxy-sinkhole', prefix: [] };
}

function launch(isolation: Isolation, nodeArgs: string[]): { command: string; args: string[] } {
  const [command = process.execPath, ...args] = [...isolation.prefix, process.execPath, ...nodeArgs];
  return { command, args };
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  HTTP_PROXY: SINKHOLE,
  HTTPS_PROXY: SINKHOLE,
  http_proxy: SINKHOLE,
  https_proxy: SINKHOLE,
  NO_PROXY: '',
  no_proxy: '',
};

/** Our server, or undefined when dist/server.js has not been built. `nodeFlags` go before the script (profiling). */
export function sidecarLintPlan(isolation: Isolation, nodeFlags: string[], script = ourServer): LaunchPlan | undefined {
  if (!existsSync(script)) return undefined;
  return {
    id: 'sidecar-lint',
    ...launch(isolation, [...nodeFlags, script, '--stdio']),
    env,
    cwd: repoRoot,
    initializationOptions: {},
    configuration: (section) => (section === 'sidecarLint' ? {} : null),
  };
}

/** Red Hat's yaml-language-server from devDependencies. */
export function yamlLsPlan(isolation: Isolation): LaunchPlan | undefined {
  if (!existsSync(yamlLanguageServer)) return undefined;
  return {
    id: 'yaml-language-server',
    ...launch(isolation, [yamlLanguageServer, '--stdio']),
    env,
    cwd: repoRoot,
    initializationOptions: {},
    configuration: yamlLsConfiguration,
  };
}
