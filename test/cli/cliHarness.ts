import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/run';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLE = path.join(REPO, 'examples', 'shop');

export interface CliResult {
  status: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, as the bundled binary would, with captured output (the static, synchronous path). */
export function cli(args: string[], cwd = REPO): CliResult {
  let out = '';
  let err = '';
  const status = run(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    cwd,
    isTty: false,
    exampleChart: EXAMPLE,
    version: '1.2.3',
  });
  if (typeof status !== 'number') throw new Error('the static check answered asynchronously');
  return { status, out, err };
}

/** Runs the CLI in-process for commands that render with helm (`check --render`, `plan`). */
export async function cliAsync(args: string[], cwd = REPO, renderLimits?: { maxOutputChars?: number }): Promise<CliResult> {
  let out = '';
  let err = '';
  const status = await run(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    cwd,
    isTty: false,
    exampleChart: EXAMPLE,
    version: '1.2.3',
    ...(renderLimits ? { renderLimits } : {}),
  });
  return { status, out, err };
}

/** A throwaway chart: files relative to the chart folder. */
export function makeChart(files: Record<string, string | Buffer>, name = 'demo'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-cli-'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
