import { CliResult } from './cliBench';
import { EngineResult } from './engineBench';
import { LatencyResult, MemoryResult } from './lspBench';
import { fmtMB, fmtMs, fmtRatio } from './stats';

/** Markdown tables for the console (and for pasting into BENCHMARKS.md). */

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

export function engineTable(e: EngineResult, singles: readonly { name: string; lines: number; medianMs: number; p99Ms: number; findings: number }[]): string {
  return [
    table(
      ['files', 'size', 'median pass', 'files/s', 'MB/s', 'findings', 'passes (ms)'],
      [[e.files, fmtMB(e.bytes), fmtMs(e.medianMs), Math.round(e.filesPerSec).toLocaleString('en-US'), e.mbPerSec.toFixed(1), e.findings, e.passes.map((p) => p.toFixed(0)).join(', ')]],
    ),
    '',
    table(
      ['document', 'lines', 'analyzeTemplate p50 (100 runs)', 'p99', 'findings'],
      singles.map((s) => [s.name, s.lines.toLocaleString('en-US'), fmtMs(s.medianMs), fmtMs(s.p99Ms), s.findings]),
    ),
  ].join('\n');
}

export function cliTable(c: CliResult, targetMs: number): string {
  return table(
    ['runs (ms)', 'median', 'target', 'met', 'files', 'findings', 'exit codes'],
    [[c.runs.map((r) => r.toFixed(0)).join(', '), fmtMs(c.medianMs), fmtMs(targetMs), c.medianMs < targetMs && !c.error ? 'yes' : 'NO', c.files ?? '?', c.findings ?? '?', c.exitCodes.join(', ')]],
  ) + (c.error ? `\n\nError: ${c.error}` : '');
}

export function latencyTable(results: readonly LatencyResult[], targets: ReadonlyMap<string, number>): string {
  return table(
    ['server', 'document', 'open → first publish', 'edits timed', 'p50', 'p99', 'max', 'target p99', 'failures', 'diagnostics (edited / restored)'],
    results.map((r) => {
      const target = targets.get(`${r.server}|${r.scenario}`);
      const met = target === undefined ? '' : ` (${r.p99 < target && r.failures === 0 ? 'met' : 'MISSED'})`;
      return [
        r.server,
        r.scenario,
        fmtMs(r.openMs),
        `${r.samples.length}${r.stoppedEarly ? ' (time budget)' : ''}`,
        fmtMs(r.p50),
        fmtMs(r.p99),
        fmtMs(r.max),
        target === undefined ? '—' : `< ${fmtMs(target)}${met}`,
        r.failures === 0 ? '0' : `${r.failures}: ${r.error ?? ''}`,
        `${r.diagnosticsTo} / ${r.diagnosticsFrom}`,
      ];
    }),
  );
}

export function ratioTable(ours: readonly LatencyResult[], theirs: readonly LatencyResult[]): string {
  const rows = ours.flatMap((o) => {
    return theirs
      .filter((t) => t.scenario === o.scenario)
      .map((t) => [o.scenario, t.server, `${fmtMs(t.p50)} / ${fmtMs(o.p50)}`, fmtRatio(t.p50 / o.p50), `${fmtMs(t.p99)} / ${fmtMs(o.p99)}`, fmtRatio(t.p99 / o.p99)]);
  });
  return table(['document', 'compared with helm-hooks', 'p50 (theirs / ours)', 'p50 ratio', 'p99 (theirs / ours)', 'p99 ratio'], rows);
}

export function memoryTable(results: readonly MemoryResult[]): string {
  return table(
    ['server', 'documents open', 'RSS before opening', 'RSS after', 'peak RSS (VmHWM)', 'open all → all diagnostics', 'failures'],
    results.map((m) => [m.server, m.documents, fmtMB(m.baselineRss), fmtMB(m.rss), fmtMB(m.peakRss), fmtMs(m.openAllMs), m.failures === 0 ? '0' : `${m.failures}: ${m.error ?? ''}`]),
  );
}
