/**
 * Runs engine work in a child process with a time and memory limit, so an engine hang or runaway
 * allocation fails one test cleanly (naming the input that caused it) instead of killing the test run.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../engine';

export type GuardTask = { kind: 'analyze'; text: string } | { kind: 'property'; name: string; numRuns: number };

export interface GuardResult {
  outcome: 'ok' | 'failed' | 'crashed' | 'timeout' | 'oom';
  message?: string;
  /** The last input the child started analyzing: the culprit when it hangs or runs out of memory. */
  lastInput?: string;
  findings?: Finding[];
  ms: number;
}

let serial = 0;

export function runGuarded(task: GuardTask, timeoutMs = 30_000, maxMb = 256): Promise<GuardResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const inputFile = path.join(os.tmpdir(), `helm-hooks-guard-${process.pid}-${serial++}.txt`);
    const child = fork(path.join(__dirname, 'guardWorker.js'), [], {
      execArgv: [`--max-old-space-size=${maxMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    let settled = false;
    const finish = (r: Omit<GuardResult, 'ms' | 'lastInput'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      let lastInput: string | undefined;
      try {
        lastInput = fs.readFileSync(inputFile, 'utf8');
        fs.unlinkSync(inputFile);
      } catch {
        lastInput = task.kind === 'analyze' ? task.text : undefined;
      }
      resolve({ ...r, lastInput, ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout', message: `no answer within ${timeoutMs} ms` }), timeoutMs);
    child.on('message', (m: { type: string; message?: string; findings?: Finding[] }) => {
      if (m.type === 'done') finish({ outcome: 'ok', ...(m.findings ? { findings: m.findings } : {}) });
      else if (m.type === 'failed') finish({ outcome: 'failed', message: m.message });
    });
    child.on('exit', (code, signal) => {
      // give a pending 'message' the chance to arrive first
      setImmediate(() =>
        finish({
          outcome: /heap out of memory/i.test(stderr) ? 'oom' : 'crashed',
          message: `child exited (code ${code}, signal ${signal}) ${stderr.split('\n').find((l) => /error/i.test(l)) ?? ''}`.trim(),
        }),
      );
    });
    child.send({ task, inputFile });
  });
}

/** A readable account of a guarded run that went wrong. */
export function explain(r: GuardResult): string {
  const input = r.lastInput === undefined ? '' : `\nlast input (${r.lastInput.length} chars): ${JSON.stringify(r.lastInput.slice(0, 600))}`;
  return `${r.outcome} after ${r.ms.toFixed(0)} ms: ${r.message ?? ''}${r.outcome === 'ok' || r.outcome === 'failed' ? '' : input}`;
}
