import { performance } from 'node:perf_hooks';
import { analyzeTemplate } from '../engine';
import { TemplateFile } from './corpus';
import { median, percentile } from './stats';

export interface EngineResult {
  files: number;
  bytes: number;
  passes: number[];
  medianMs: number;
  filesPerSec: number;
  mbPerSec: number;
  findings: number;
}

/** analyzeTemplate over every file: `warmupPasses` untimed passes, then `passes` timed ones; the median pass counts. */
export function engineThroughput(files: readonly TemplateFile[], passes = 10, warmupPasses = 3): EngineResult {
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  let findings = 0;
  for (const f of files) findings += analyzeTemplate(f.text).findings.length;
  for (let p = 1; p < warmupPasses; p++) for (const f of files) analyzeTemplate(f.text);
  const times: number[] = [];
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (const f of files) analyzeTemplate(f.text);
    times.push(performance.now() - t0);
  }
  const medianMs = median(times);
  return {
    files: files.length,
    bytes,
    passes: times,
    medianMs,
    filesPerSec: files.length / (medianMs / 1000),
    mbPerSec: bytes / 1048576 / (medianMs / 1000),
    findings,
  };
}

/** Median and p99 time of analyzeTemplate on one text (after a warm-up), and its finding count. */
export function engineSingle(text: string, runs = 100): { medianMs: number; p99Ms: number; findings: number } {
  let findings = 0;
  for (let i = 0; i < 10; i++) findings = analyzeTemplate(text).findings.length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    analyzeTemplate(text);
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), p99Ms: percentile(times, 99), findings };
}
