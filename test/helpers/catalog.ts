/**
 * The rules of the 0.1.0 catalog, which the bundled examples and the snippets were written against. A rule added later
 * is demonstrated by its own docs page's examples, so adding one never means editing these.
 */
export const FIRST_CATALOG: readonly string[] = [
  'container-restart-policy',
  'duplicate-container-name',
  'duplicate-mount-path',
  'host-network-port',
  'host-port-clash',
  'image-tag',
  'init-container-probe',
  'init-restart-policy',
  'invalid-quantity',
  'job-sidecar-never-completes',
  'legacy-sidecar',
  'mesh-reserved-port',
  'missing-limits',
  'missing-requests',
  'native-sidecar-unsupported',
  'port-clash',
  'port-name',
  'probe-depends-on-app',
  'probe-port-undeclared',
  'requests-exceed-limits',
  'sidecar-after-init',
  'sidecar-missing-probe',
  'sidecar-writable-mount',
  'undefined-volume',
  'unshared-volume',
  'yaml-syntax',
];
