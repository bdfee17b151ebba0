/**
 * Issue 12's keystroke path on its own (`npm run build && node out/bench/typing.js`): change to diagnostics
 * while typing in a hook-dense 9,200-line template (400 hook Jobs on `pre-install,pre-upgrade`, 20 shared
 * weights, and the same with all weights distinct), and the longest event-loop stall in the server over the
 * edits and the chart-wide recheck after them (`monitorEventLoopDelay`, read with a bench-only request).
 * Options: `--runs N` (default 3), `--edits N` (default 120 per document and run), `--compare PATH` (another
 * build's server.js, run alternately with dist/server.js under the same load), `--yls-edits N` (default 30:
 * yaml-language-server as shipped takes about 600 ms an edit here; 0 leaves it out).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lspClient';
import { LatencyResult, measureLatency, withStartedServer } from './lspBench';
import { describeMachine } from './machine';
import { hookDense, Scenario } from './scenarios';
import { HELM_HOOKS, ServerKind, YAML_LS, yamlLsVersion } from './servers';
import { fmtMs, sleep } from './stats';

const LOOP_DELAY_REQUEST = 'helmHooks/bench/loopDelay';
process.env.HELM_HOOKS_LOOP_DELAY = '1';

const live = new Set<LspClient>();

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function log(msg: string): void {
  process.stderr.write(`[typing] ${msg}\n`);
}

const uptime = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function serverAt(label: string, file: string): ServerKind {
  const config = (item: { section?: string }): unknown => (item.section === 'helmHooks' ? { diagnostics: { enable: true, debounceMs: 0 } } : null);
  return { ...HELM_HOOKS, label, start: () => new LspClient(label, process.execPath, [file, '--stdio'], config) };
}

interface LoopDelay {
  max: number;
  p99: number;
}

interface Row {
  run: number;
  kind: string;
  result: LatencyResult;
  /** Over the edits and the second after them; undefined when the server does not answer the request. */
  loop: LoopDelay | undefined;
  /** Over opening the document (the first scan and the chart's first read). */
  openLoop: LoopDelay | undefined;
  loadBefore: string;
  loadAfter: string;
}

async function loopDelay(c: LspClient): Promise<LoopDelay | undefined> {
  try {
    return await c.request<LoopDelay>(LOOP_DELAY_REQUEST, { reset: true }, 5000);
  } catch {
    return undefined;
  }
}

async function measure(kind: ServerKind, s: Scenario, edits: number, run: number): Promise<Row> {
  const loadBefore = uptime();
  let openLoop: LoopDelay | undefined;
  let loop: LoopDelay | undefined;
  const result = await withStartedServer(kind, live, async (c): Promise<LatencyResult> => {
    await loopDelay(c);
    return measureLatency(c, kind, s, {
      edits,
      warmup: 10,
      budgetMs: kind === YAML_LS ? 60_000 : 40_000,
      publishTimeoutMs: kind === YAML_LS ? 30_000 : 5000,
      afterOpen: async () => {
        // The chart's first read and the first recheck come within a second of the open.
        await sleep(1200);
        openLoop = await loopDelay(c);
      },
      afterEdits: async () => {
        // Past the recheck that follows the last edit (50 ms), and one more for its publishes.
        await sleep(1200);
        loop = await loopDelay(c);
      },
    });
  }).catch((err: Error): LatencyResult => ({ server: kind.label, scenario: s.name, openMs: NaN, samples: [], p50: NaN, p99: NaN, max: NaN, failures: 1, diagnosticsTo: -1, diagnosticsFrom: -1, stoppedEarly: false, error: err.message.slice(0, 200) }));
  return { run, kind: kind.label, result, loop, openLoop, loadBefore, loadAfter: uptime() };
}

const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : fmtMs(x));
const line = (r: Row): string =>
  `| ${r.run} | ${r.kind} | ${r.result.scenario} | ${r.result.samples.length}${r.result.stoppedEarly ? ' (time budget)' : ''} | ${fmtMs(r.result.p50)} | ${fmtMs(r.result.p99)} | ${fmtMs(r.result.max)} | ${ms(r.loop?.max)} | ${ms(r.loop?.p99)} | ${ms(r.openLoop?.max)} | ${r.result.failures === 0 ? '0' : `${r.result.failures}: ${r.result.error ?? ''}`} | ${r.loadBefore} | ${r.loadAfter} |`;

async function main(): Promise<void> {
  const runs = Number(arg('--runs') ?? 3);
  const edits = Number(arg('--edits') ?? 120);
  const ylsEdits = Number(arg('--yls-edits') ?? 30);
  const compare = arg('--compare');
  const scenarios = [hookDense(20), hookDense(400)];
  const kinds = [HELM_HOOKS, ...(compare ? [serverAt(`other build (${path.basename(path.dirname(compare))})`, compare)] : [])];
  log(`${describeMachine()}; load average ${uptime()}`);
  const rows: Row[] = [];
  for (let run = 1; run <= runs; run++) {
    // Alternate which build goes first, so a burst of outside load does not favour one.
    for (const kind of run % 2 === 1 ? kinds : [...kinds].reverse()) {
      for (const s of scenarios) {
        log(`run ${run}/${runs}: ${kind.label}, ${s.name} (load ${uptime()})`);
        rows.push(await measure(kind, s, edits, run));
        log(line(rows[rows.length - 1]));
      }
    }
    if (ylsEdits > 0) {
      log(`run ${run}/${runs}: ${YAML_LS.label}, ${scenarios[0].name} (load ${uptime()})`);
      rows.push(await measure(YAML_LS, scenarios[0], ylsEdits, run));
      log(line(rows[rows.length - 1]));
    }
  }
  process.stdout.write(
    [
      `# Typing in a hook-dense template — ${new Date().toISOString()}`,
      '',
      `Machine: ${describeMachine()}. yaml-language-server ${yamlLsVersion()} as shipped. ${runs} run(s); ${edits} timed edits per document and run for helm-hooks (after 10 warm-up edits), ${ylsEdits} for yaml-language-server.`,
      '',
      '| run | server | document | edits timed | p50 | p99 | max | event loop max (edits + recheck) | event loop p99 | event loop max (open) | failures | load before | load after |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(line),
      '',
    ].join('\n') + '\n',
  );
}

process.on('exit', () => {
  for (const c of live) c.kill();
});
main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
