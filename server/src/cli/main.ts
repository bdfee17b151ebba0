import * as path from 'node:path';
import { run } from './run';

declare const HELM_HOOKS_VERSION: string | undefined;

// Bundled as dist/cli.js: the example chart ships beside dist/ in the package.
const root = path.resolve(__dirname, '..');
const version = typeof HELM_HOOKS_VERSION === 'string' ? HELM_HOOKS_VERSION : '0.0.0-dev';

let status: number | Promise<number>;
try {
  status = run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTty: process.stdout.isTTY === true,
    exampleChart: path.join(root, 'examples', 'shop'),
    version,
  });
} catch (err) {
  process.stderr.write(`helm-hooks: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  status = 2;
}
Promise.resolve(status).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`helm-hooks: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
