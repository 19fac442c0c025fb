// Type-aware lint: floating promises in an LSP server drop errors silently, so they are errors here.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// The globals of the Node running ESLint (process, Buffer, URL, fetch, …): the scripts run on the same Node.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

// The service is pure (architecture: imports only `yaml` and LSP types), so the server, the CLI and tests can host it.
const editorModules = ['vscode', 'vscode-languageserver', 'vscode-languageclient'];
const pureService = {
  paths: [...builtinModules, ...editorModules].map((name) => ({
    name,
    message: 'server/src/service is pure: no Node or editor imports (file access lives in server/src/*.ts).',
  })),
  patterns: [{ group: ['node:*', 'vscode-languageserver/*', 'vscode-languageclient/*'], message: 'server/src/service is pure: no Node or editor imports.' }],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'test/e2e/**/*.lua',
      'out/**',
      '.cache/**',
      'bench/results/tmp/**',
      'test-artifacts/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureService] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: nodeGlobals },
    rules: { 'no-undef': 'error', 'no-unreachable': 'error', 'no-dupe-keys': 'error', 'no-const-assign': 'error' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
