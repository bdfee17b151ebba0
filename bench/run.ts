/**
 * The benchmark behind BENCHMARKS.md (`npm run bench`): engine throughput on the corpus, the CLI on the
 * corpus, language-server edit latency and memory, and the same latency measured on yaml-language-server.
 * Every wait is bounded; child processes are killed on the way out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chartIndexBuild, chartIndexTable } from './chartIndexBench';
import { cliCheck } from './cliBench';
import { EditorResult, editorTable, measureEditor } from './editorBench';
import { CORPUS_ROOT, largest, loadTemplates } from './corpus';
import { engineSingle, engineThroughput } from './engineBench';
import { LspClient } from './lspClient';
import { describeMachine, foreignShare, sampleCpu } from './machine';
import { LatencyOptions, LatencyResult, measureLatency, measureMemory, MemoryResult, withStartedServer } from './lspBench';
import { cliTable, engineTable, latencyTable, memoryTable, ratioTable } from './report';
import { applyToggle, generated, hookDense, largestAsIs, largestWithHook, Scenario } from './scenarios';
import { HELM_HOOKS, ServerKind, YAML_LS, YAML_LS_NO_DELAY, yamlLsVersion } from './servers';

const OVERALL_TIMEOUT_MS = 15 * 60_000;
const CLI_TARGET_MS = 3000;
const live = new Set<LspClient>();

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** A server for one measurement, counted in `live` so the exit path can kill it. */
function withServer<T>(kind: ServerKind, body: (c: LspClient) => Promise<T>): Promise<T> {
  return withStartedServer(kind, live, body);
}

async function latencyFor(kind: ServerKind, scenarios: readonly Scenario[], o: LatencyOptions): Promise<LatencyResult[]> {
  try {
    return await withServer(kind, async (client) => {
      const out: LatencyResult[] = [];
      for (const s of scenarios) {
        log(`latency: ${kind.label} on ${s.name}`);
        out.push(await measureLatency(client, kind, s, o));
      }
      return out;
    });
  } catch (err) {
    return scenarios.map((s) => failedLatency(kind, s, err));
  }
}

function failedLatency(kind: ServerKind, s: Scenario, err: unknown): LatencyResult {
  return { server: kind.label, scenario: s.name, openMs: NaN, samples: [], p50: NaN, p99: NaN, max: NaN, failures: 1, diagnosticsTo: -1, diagnosticsFrom: -1, stoppedEarly: false, error: String((err as Error).message ?? err) };
}

async function memoryFor(kind: ServerKind, files: Parameters<typeof measureMemory>[2], timeoutMs: number): Promise<MemoryResult> {
  log(`memory: ${kind.label}, opening ${files.length} documents`);
  try {
    return await withServer(kind, (client) => measureMemory(client, kind, files, timeoutMs));
  } catch (err) {
    return { server: kind.label, documents: files.length, baselineRss: NaN, rss: NaN, peakRss: NaN, openAllMs: NaN, failures: files.length, error: String((err as Error).message ?? err) };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const cpuBefore = sampleCpu();
  const files = loadTemplates();
  if (files.length === 0) throw new Error(`no templates under ${CORPUS_ROOT}`);
  const big = largest(files);
  const scenarios = [generated(31), largestAsIs(big), largestWithHook(big), generated(10_000), hookDense(20), hookDense(400)];
  const machine = describeMachine();
  log(`${files.length} templates, largest ${path.relative(CORPUS_ROOT, big.path)} (${big.bytes} bytes); ${machine}`);

  log('engine throughput');
  const engine = engineThroughput(files);
  const singles = scenarios.flatMap((s) => [
    { name: s.name, lines: s.lines, ...engineSingle(s.text) },
    { name: `${s.name}, edited`, lines: s.lines, ...engineSingle(applyToggle(s, s.to)) },
  ]);

  log('CLI on the corpus');
  const cli = cliCheck(CORPUS_ROOT);

  log('chart index on the corpus');
  const chartIndex = chartIndexBuild(CORPUS_ROOT);

  const ours = await latencyFor(HELM_HOOKS, scenarios, { edits: 500, warmup: 20, budgetMs: 40_000, publishTimeoutMs: 5000 });
  log('completion and hover');
  const editor: EditorResult[] = await withServer(HELM_HOOKS, (c) => measureEditor(c, scenarios[2])).catch((err: Error) => [
    { request: 'completion and hover', where: scenarios[2].name, samples: [], p50: NaN, p99: NaN, max: NaN, engineP50: NaN, engineP99: NaN, answer: -1, floor: false, failures: 1, error: err.message },
  ]);
  const ylsNoDelay = await latencyFor(YAML_LS_NO_DELAY, scenarios, { edits: 200, warmup: 5, budgetMs: 30_000, publishTimeoutMs: 30_000 });
  const ylsShipped = await latencyFor(YAML_LS, scenarios, { edits: 20, warmup: 2, budgetMs: 15_000, publishTimeoutMs: 30_000 });

  const memory = [await memoryFor(HELM_HOOKS, files, 60_000), await memoryFor(YAML_LS, files, 180_000)];

  const targets = new Map([
    [`${HELM_HOOKS.label}|${scenarios[1].name}`, 10],
    [`${HELM_HOOKS.label}|${scenarios[2].name}`, 10],
    [`${HELM_HOOKS.label}|${scenarios[3].name}`, 50],
    [`${HELM_HOOKS.label}|${scenarios[4].name}`, 50],
    [`${HELM_HOOKS.label}|${scenarios[5].name}`, 50],
  ]);
  const foreign = foreignShare(cpuBefore, sampleCpu());
  const report = [
    `# Helm Hooks benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${machine}. yaml-language-server ${yamlLsVersion()}. Corpus: ${CORPUS_ROOT}. Bench wall time ${((Date.now() - started) / 1000).toFixed(0)} s; other processes used ${(foreign * 100).toFixed(0)}% of the machine's CPU meanwhile (more than a few % makes the figures pessimistic).`,
    '',
    '## Engine',
    '',
    engineTable(engine, singles),
    '',
    '## CLI (`node dist/cli.js check <corpus> --format json`, median of 3)',
    '',
    cliTable(cli, CLI_TARGET_MS),
    '',
    '## Chart index',
    '',
    chartIndexTable(chartIndex),
    '',
    '## Language server latency (didChange → publishDiagnostics)',
    '',
    latencyTable([...ours, ...ylsNoDelay, ...ylsShipped], targets),
    '',
    `## Completion and hover (${scenarios[2].name})`,
    '',
    editorTable(editor, 5),
    '',
    '## Memory',
    '',
    memoryTable(memory),
    '',
    '## Side by side with yaml-language-server',
    '',
    ratioTable(ours, [...ylsNoDelay, ...ylsShipped]),
    '',
  ].join('\n');
  process.stdout.write(report + '\n');
  const resultsFile = path.join(__dirname, 'results.json');
  fs.writeFileSync(resultsFile, JSON.stringify({ date: new Date().toISOString(), machine, foreignCpuShare: foreign, engine, singles, cli, chartIndex, latency: [...ours, ...ylsNoDelay, ...ylsShipped], editor, memory }, null, 1));
  log(`raw results in ${path.relative(process.cwd(), resultsFile)}`);
  const failures = [...ours, ...ylsNoDelay, ...ylsShipped, ...memory, ...editor].reduce((n, r) => n + r.failures, 0) + (cli.error ? 1 : 0);
  if (failures > 0) {
    log(`${failures} measurement(s) failed: see the tables`);
    process.exitCode = 1;
  }
}

function killAll(): void {
  for (const c of live) c.kill();
}

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  log(`gave up after ${OVERALL_TIMEOUT_MS / 60_000} minutes`);
  killAll();
  process.exit(2);
}, OVERALL_TIMEOUT_MS);
watchdog.unref();

main().then(
  () => {
    killAll();
    process.exit(process.exitCode ?? 0);
  },
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    killAll();
    process.exit(1);
  },
);
