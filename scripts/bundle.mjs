// Bundles the client, the language server and the CLI so the packaged extension needs no node_modules.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { bundles } from './bundle-targets.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  define: { HELM_HOOKS_VERSION: JSON.stringify(version) },
};
const builds = bundles.map(({ extension: _, ...b }) => ({ ...common, ...b }));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('bundling on change; Ctrl+C to stop');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
