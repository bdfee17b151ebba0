// What scripts/bundle.mjs builds. The package test (test/package) reads this list too, so a new bundle that
// .vscodeignore leaves out of the .vsix fails the unit tier.
export const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The cluster layer with @kubernetes/client-node: loaded by the client only when a cluster view opens.
  { entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The headless checker: shipped in the npm package (`bin`), not loaded by the extension.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, extension: false },
];
