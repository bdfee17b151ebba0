// The host suite's entry: VS Code's extension host calls run() (extensionTestsPath), under either launcher
// (scripts/host/offline.mjs or scripts/host/electron.mjs). Mocha runs programmatically here; its spec output goes
// through console.log, which both launchers relay, and the counts go to the file HELM_HOOKS_HOST_RESULT names, from
// which the launcher prints the tier's closing `host: N passed, N failed` line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { say } from './util';

/**
 * Test files per run (scripts/host/run.mjs): the editor features, the cluster views against the local cluster, and
 * the extension beside a stand-in Kubernetes extension registered after it and before it.
 */
const FILES: Record<string, string[]> = {
  editor: ['activation', 'diagnostics', 'completion', 'editing', 'scope', 'robustness', 'executionPlan', 'renderedPlan'],
  cluster: ['releases', 'capture', 'lastRunLens', 'helmTests'],
  'beside-after': ['besideKubernetes'],
  'beside-before': ['besideKubernetes'],
  // Not a tier run: bench/host/package.mjs times the installed package with it.
  measure: ['measure'],
};
/** Run first when the extension under test is the installed .vsix: proves it is that copy, and that it starts. */
const INSTALLED = 'package';

interface Result {
  passes: number;
  failures: number;
  pending: number;
  failed: string[];
}

export function run(): Promise<void> {
  const mode = process.env.HELM_HOOKS_HOST_MODE ?? 'editor';
  const files = FILES[mode];
  if (!files) return Promise.reject(new Error(`unknown HELM_HOOKS_HOST_MODE ${mode}`));
  if (process.env.HELM_HOOKS_HOST_INSTALLED === '1') files.unshift(INSTALLED);
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void; symbols: Record<string, string> };
  base.consoleLog = say;
  // Plain symbols: mocha's come pre-coloured when the environment says CI.
  base.symbols = { ...base.symbols, ok: '✔', err: '✖' };
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.HELM_HOOKS_HOST_GREP) mocha.grep(process.env.HELM_HOOKS_HOST_GREP);
  for (const f of files) mocha.addFile(path.join(__dirname, 'suite', `${f}.test.js`));

  return new Promise((resolve, reject) => {
    const failed: string[] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => {
        const s = runner.stats ?? { passes: 0, failures: 1, pending: 0 };
        const result: Result = { passes: s.passes, failures: s.failures, pending: s.pending, failed };
        if (process.env.HELM_HOOKS_HOST_RESULT) fs.writeFileSync(process.env.HELM_HOOKS_HOST_RESULT, JSON.stringify(result));
        // A skipped test fails the tier, as in test/tierReporter.js: a skip must never pass for a success.
        if (s.failures > 0 || s.pending > 0) reject(new Error(`${s.failures} failed, ${s.pending} skipped`));
        else resolve();
      });
      runner.on('fail', (test) => failed.push(test.fullTitle()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
