import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO } from './servers';
import { median } from './stats';

export interface CliResult {
  runs: number[];
  medianMs: number;
  exitCodes: (number | null)[];
  files?: number;
  findings?: number;
  error?: string;
}

/** Wall time of `node dist/cli.js check ROOT --format json`, a fresh process per run. */
export function cliCheck(root: string, runs = 3, timeoutMs = 60_000): CliResult {
  const times: number[] = [];
  const exitCodes: (number | null)[] = [];
  let files: number | undefined;
  let findings: number | undefined;
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'check', root, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: timeoutMs,
    });
    times.push(performance.now() - t0);
    exitCodes.push(r.status);
    if (r.error || r.signal) {
      error = `run ${i + 1}: ${r.error?.message ?? `killed by ${r.signal}`}`;
      continue;
    }
    try {
      const out = JSON.parse(r.stdout) as { findings: unknown[]; summary?: { files?: number } };
      findings = out.findings.length;
      files = out.summary?.files;
    } catch {
      error = `run ${i + 1}: output is not JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}`;
    }
  }
  return { runs: times, medianMs: median(times), exitCodes, files, findings, ...(error ? { error } : {}) };
}
