// Bundles the client, the language server and the CLI so the packaged extension needs no node_modules.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { bundles } from './bundle-targets.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');

// For the VS Code watch task (.vscode/tasks.json): `finished` only once every bundle has been written, so F5 never
// starts on a half-built dist/; problems as `file:line:col: error: text`, one line each, for its problem matcher.
let busy = 0;
const builtOnce = new Set();
const watchProgress = (outfile) => ({
  name: 'watch-progress',
  setup(build) {
    build.onStart(() => {
      if (busy++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const [kind, list] of [['error', result.errors], ['warning', result.warnings]]) {
        for (const m of list) console.log(m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${kind}: ${m.text}` : `${kind}: ${m.text}`);
      }
      builtOnce.add(outfile);
      if (--busy === 0 && builtOnce.size === builds.length) console.log('[watch] build finished');
    });
  },
});
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
  for (const b of builds) await (await esbuild.context({ ...b, logLevel: 'silent', plugins: [watchProgress(b.outfile)] })).watch();
  console.log('bundling on change; Ctrl+C to stop');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
