// Lint for the TypeScript in engine/, node/, client/, server/, test/ and bench/, type-aware: each file is checked against the
// tsconfig.json nearest to it (the project references in tsconfig.json), so rules see the same types as `tsc -b`.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { defineConfig } from 'eslint/config';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Build output, and the plain-JS scripts (bundling, tier runner, host and cluster provisioning): this gate is for
    // the TypeScript only.
    ignores: ['out/**', 'dist/**', '.vscode-test/**', '.artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['{engine,node,client,server,test,bench}/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Without these the cycle rule resolves a .ts import but does not read it, and so sees no cycle at all.
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // import-x never follows `import type` (erased, it cannot order module loading), so a cycle made only of
      // type imports passes; keep shared types in their own file (services/cursorTypes.ts) anyway.
      'import-x/no-cycle': 'error',
    },
  },
  {
    // The engine is pure: one model of Helm for three front ends, so nothing of an editor, a protocol or Node in it.
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.)', message: 'The engine imports only its own files: no packages, no Node built-ins.' }] }],
    },
  },
  {
    // The front ends (language server, CLI, client and cluster layer) reach the engine through its entry point only.
    files: ['{node,client,server}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)engine/.', message: 'Import the engine through its entry point (engine/index.ts).' }] }],
    },
  },
  {
    // Node helpers for both the CLI and the cluster layer: neither front end, nor VS Code or the LSP, may leak in.
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine/.', message: 'Import the engine through its entry point (engine/index.ts).' },
            { regex: '^vscode|(^|/)(client|server)/', message: 'node/ is shared by the CLI and the cluster layer: it imports neither, nor VS Code.' },
          ],
        },
      ],
    },
  },
);
