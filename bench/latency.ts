/**
 * The language-server latency part of the bench on its own (`npm run build && node out/bench/latency.js`):
 * didChange → publishDiagnostics on the four documents of BENCHMARKS.md, and how long a hook-weight-tie
 * takes to show after the edit that makes it. With `--compare PATH`, another build of the server
 * (`PATH` to its server.js) is measured in alternating rounds against dist/server.js: an A/B under the
 * same load. Options: `--rounds N` (default 1, or 4 with --compare), `--edits N` (default 500), `--only TEXT`
 * (only the documents whose name contains TEXT), `--editor` (also the completion and hover table, for
 * each build, on the largest template + 1 hook annotation).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { largest, loadTemplates } from './corpus';
import { LspClient } from './lspClient';
import { LatencyResult, measureLatency, withStartedServer } from './lspBench';
import { editorTable, measureEditor } from './editorBench';
import { describeMachine, foreignShare, sampleCpu } from './machine';
import { latencyTable } from './report';
import { generated, largestAsIs, largestWithHook, Scenario } from './scenarios';
import { HELM_HOOKS, ServerKind } from './servers';
import { fmtMs, median, percentile, sleep } from './stats';

const live = new Set<LspClient>();
const withServer = <T>(kind: ServerKind, body: (c: LspClient) => Promise<T>): Promise<T> => withStartedServer(kind, live, body);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function log(msg: string): void {
  process.stderr.write(`[latency] ${msg}\n`);
}

/** dist/server.js's client and settings, another bundle. */
function serverAt(label: string, file: string): ServerKind {
  const config = (item: { section?: string }): unknown => (item.section === 'helmHooks' ? { diagnostics: { enable: true, debounceMs: 0 } } : null);
  return { ...HELM_HOOKS, label, start: () => new LspClient(label, process.execPath, [file, '--stdio'], config) };
}

interface TieShown {
  server: string;
  /** didChange → the publish of that version that carries the tie again. */
  samples: number[];
  /** didChange → the first publish of that version (with or without the tie). */
  first: number[];
  failures: number;
}

/**
 * On the +1 hook document, whose hook ties with contour's certgen hooks: break the event, wait for the
 * chart to settle, then restore it and time until the tie is published again.
 */
async function tieShown(client: LspClient, kind: ServerKind, s: Scenario, runs: number): Promise<TieShown> {
  const out: TieShown = { server: kind.label, samples: [], first: [], failures: 0 };
  const uri = s.uri.replace(/\.ya?ml$/, '.ties.yaml');
  const hasTie = (p: { diagnostics: unknown[] }): boolean => p.diagnostics.some((d) => (d as { code?: string }).code === 'hook-weight-tie');
  const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, 15_000);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text: s.text } });
  await opened;
  const at = { start: { line: s.line, character: s.character }, end: { line: s.line, character: s.character + 1 } };
  let version = 1;
  try {
    for (let i = 0; i < runs; i++) {
      version += 1;
      const broken = client.waitForDiagnostics(uri, (p) => p.version === version, 5000);
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: at, rangeLength: 1, text: s.to }] });
      await broken;
      await sleep(150);
      version += 1;
      const v = version;
      // The client hands each publish to one waiter: wait for the tie only when the first has none.
      const first = client.waitForDiagnostics(uri, (p) => p.version === v, 5000);
      const t = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: at, rangeLength: 1, text: s.from }] });
      try {
        const p = await first;
        out.first.push(p.receivedAt - t);
        const tied = hasTie(p) ? p : await client.waitForDiagnostics(uri, (q) => q.version === v && hasTie(q), 5000);
        out.samples.push(tied.receivedAt - t);
      } catch {
        out.failures += 1;
      }
      await sleep(150);
    }
  } finally {
    const closed = client.waitForDiagnostics(uri, () => true, 5000).catch(() => undefined);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await closed;
  }
  return out;
}

function loadavg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

async function main(): Promise<void> {
  const compare = arg('--compare');
  const rounds = Number(arg('--rounds') ?? (compare ? 4 : 1));
  const edits = Number(arg('--edits') ?? 500);
  const files = loadTemplates();
  const big = largest(files);
  const only = arg('--only');
  const scenarios = [generated(31), largestAsIs(big), largestWithHook(big), generated(10_000)].filter((s) => only === undefined || s.name.includes(only));
  const kinds = [HELM_HOOKS, ...(compare ? [serverAt(`other build (${path.basename(path.dirname(compare))})`, compare)] : [])];
  const cpuBefore = sampleCpu();
  const loadBefore = loadavg();
  log(`${describeMachine()}; load average (1/5/15 min) ${loadBefore}`);

  const withHook = scenarios.find((s) => s.name.includes('+ 1 hook'));
  const byKind = new Map<string, LatencyResult[][]>(kinds.map((k) => [k.label, []]));
  const ties = new Map<string, TieShown[]>(kinds.map((k) => [k.label, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate which build goes first, so a burst of outside load does not favour one.
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
      log(`round ${round + 1}/${rounds}: ${kind.label}`);
      const results = await withServer(kind, async (client) => {
        const out: LatencyResult[] = [];
        for (const s of scenarios) out.push(await measureLatency(client, kind, s, { edits, warmup: 20, budgetMs: 40_000, publishTimeoutMs: 5000 }));
        return out;
      });
      byKind.get(kind.label)!.push(results);
      if (withHook !== undefined) ties.get(kind.label)!.push(await withServer(kind, (c) => tieShown(c, kind, withHook, 20)));
    }
  }

  const target = (s: Scenario): number | undefined => (s.name.startsWith('largest') ? 10 : s.name.includes('10,000') ? 50 : undefined);
  const editor: string[] = [];
  if (process.argv.includes('--editor')) {
    const s = largestWithHook(big);
    for (const k of kinds) editor.push(`Completion and hover, ${k.label} (${s.name}):`, '', editorTable(await withServer(k, (c) => measureEditor(c, s)), 5), '');
  }

  const targets = new Map(kinds.flatMap((k) => scenarios.filter((s) => target(s) !== undefined).map((s): [string, number] => [`${k.label}|${s.name}`, target(s)!])));
  // Per scenario: the round with the median p99 (every round's p99 listed below the table).
  const rows: LatencyResult[] = [];
  const spread: string[] = [];
  for (const k of kinds) {
    const all = byKind.get(k.label)!;
    scenarios.forEach((s, i) => {
      const perRound = all.map((r) => r[i]);
      const sorted = [...perRound].sort((a, b) => a.p99 - b.p99);
      rows.push(sorted[Math.floor((sorted.length - 1) / 2)]);
      spread.push(`- ${k.label}, ${s.name}: p50 ${perRound.map((r) => fmtMs(r.p50)).join(', ')}; p99 ${perRound.map((r) => fmtMs(r.p99)).join(', ')}`);
    });
  }
  const tieRows = kinds.map((k) => {
    const t = ties.get(k.label)!;
    const samples = t.flatMap((x) => x.samples);
    const first = t.flatMap((x) => x.first);
    return `| ${k.label} | ${samples.length} | ${fmtMs(median(first))} | ${fmtMs(median(samples))} | ${fmtMs(percentile(samples, 99))} | ${t.reduce((n, x) => n + x.failures, 0)} |`;
  });
  const foreign = foreignShare(cpuBefore, sampleCpu());
  process.stdout.write(
    [
      `# Language server latency — ${new Date().toISOString()}`,
      '',
      `Machine: ${describeMachine()}. Load average (1/5/15 min) before ${loadBefore}, after ${loadavg()}; other processes used ${(foreign * 100).toFixed(0)}% of the machine's CPU meanwhile. ${rounds} round(s) of ${edits} edits per document.`,
      '',
      latencyTable(rows, targets),
      '',
      'Every round:',
      '',
      ...spread,
      '',
      'hook-weight-tie shown again after the edit that restores it (largest template + 1 hook annotation):',
      '',
      '| server | edits | first publish p50 | tie published p50 | tie published p99 | failures |',
      '| --- | --- | --- | --- | --- | --- |',
      ...tieRows,
      '',
      ...editor,
    ].join('\n') + '\n',
  );
}

function killAll(): void {
  for (const c of live) c.kill();
}

process.on('exit', killAll);
main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
