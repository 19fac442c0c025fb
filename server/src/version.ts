/** The package version, written into the bundles by esbuild (`define`); unbundled runs (tests through tsx) say 0.0.0. */
declare const __VERSION__: string | undefined;

export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';
