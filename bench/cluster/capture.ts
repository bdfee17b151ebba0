/**
 * Capture under load (`npm run bench:capture`), on the local cluster (scripts/cluster): 50 hook Jobs running
 * at once, each printing 1,000 lines, while a session of the cluster layer (dist/cluster.js, as the
 * extension loads it) captures them. Helm runs one hook at a time per release, so 50 at once means 50
 * releases in an action: their records (`last_run.phase: Running`, as Helm writes before it waits) and Jobs
 * are created directly, the way Helm creates them. The same run with capture off is the baseline: the
 * session still lists and watches the releases, as the view does.
 *
 * Reports lines lost (every line must be in the store, in order), the process's CPU time and peak memory
 * against the baseline, and the longest event-loop stall (monitorEventLoopDelay). The records and Jobs are
 * created, and the Jobs waited for, by a child process, so the measured process does only what the
 * extension host would: the session and its capture. Raw figures go to out/bench/capture-results.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { api, cluster, ClusterInfo, createNamespace, expectStatus, repoRoot, startCluster, stopCluster, useCluster, waitFor } from '../../test/cluster/cluster';
import { createRecordSecret, helmEncode, Layer, layer, loadReady } from '../../test/cluster/layer';
import { describeMachine } from '../machine';

const HOOKS = Number(process.env.CAPTURE_HOOKS ?? 50);
const LINES = Number(process.env.CAPTURE_LINES ?? 1000);
const ROUNDS = Number(process.env.CAPTURE_ROUNDS ?? 3);
const TIMEOUT = 30000;

const log = (m: string): void => void process.stderr.write(`[bench:capture] ${m}\n`);
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' / ');

/** What one round measured, from the first record created to the last Job complete (and, with capture, its capture closed). */
interface Round {
  capture: boolean;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  maxStallMs: number;
  linesExpected: number;
  linesCaptured: number;
  linesLost: number;
  outOfOrder: number;
}

function job(namespace: string, name: string): Record<string, unknown> {
  // A short wait first, so every Job is running before any has finished: the load is 50 streams at once.
  const script = `sleep 2; i=1; while [ $i -le ${LINES} ]; do echo "${name} line $i"; i=$((i+1)); done`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, annotations: { 'helm.sh/hook': 'pre-install' } },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['/bin/sh', '-c', script] }] } } },
  };
}

function record(namespace: string, release: string, hook: string, startedAt: string): string {
  const manifest = `# Source: bench/templates/${hook}.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${hook}\n  annotations:\n    "helm.sh/hook": pre-install\n`;
  return JSON.stringify({
    name: release,
    namespace,
    version: 1,
    info: { first_deployed: startedAt, last_deployed: startedAt, deleted: '', description: 'Initial install underway', status: 'pending-install' },
    chart: { metadata: { name: 'bench', version: '1.0.0', apiVersion: 'v2' }, templates: [], values: {} },
    config: {},
    manifest: '',
    hooks: [{ name: hook, kind: 'Job', path: `bench/templates/${hook}.yaml`, manifest, events: ['pre-install'], last_run: { started_at: startedAt, completed_at: '', phase: 'Running' } }],
  });
}

async function round(L: typeof Layer, index: number, capture: boolean): Promise<Round> {
  const ns = `bench-capture-${index}-${capture ? 'on' : 'off'}`;
  await createNamespace(ns);
  const root = mkdtempSync(join(tmpdir(), 'hh-capture-bench-'));
  const store = capture ? new L.CaptureStore(root) : undefined;
  const session = L.openSession({
    kubeconfig: cluster().adminKubeconfig,
    context: undefined,
    namespace: ns,
    drivers: ['secret'],
    requestTimeoutMs: TIMEOUT,
    ...(store !== undefined ? { capture: { store, lingerMs: 1000, onProblem: (m: string) => log(`capture problem: ${m}`) } } : {}),
  });
  try {
    await loadReady(session.store);
    const names = Array.from({ length: HOOKS }, (_, i) => `hook-${String(i).padStart(2, '0')}`);
    const stall = monitorEventLoopDelay({ resolution: 5 });
    let peakRss = 0;
    let peakHeap = 0;
    // process.memoryUsage() reads /proc and costs a few ms: sampled four times a second.
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 250);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    stall.enable();
    await seedInChild(ns, names);
    let captured = 0;
    let outOfOrder = 0;
    if (store !== undefined) {
      const closed = await waitFor('every capture to close', 600_000, async () => {
        const metas = await store.list({ context: session.target.context, namespace: ns });
        return metas.length === HOOKS && metas.every((m) => m.closed) ? metas : undefined;
      });
      for (const meta of closed) {
        const run = await store.read(meta.key);
        const text = run?.containers.find((c) => c.capture.container === 'main')?.head ?? '';
        const lines = text.split('\n').filter((l) => l !== '');
        captured += lines.length;
        lines.forEach((l, i) => {
          if (l !== `${meta.key.hookName} line ${i + 1}`) outOfOrder += 1;
        });
      }
    }
    const wallMs = performance.now() - t0;
    stall.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const expected = capture ? HOOKS * LINES : 0;
    return {
      capture,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: peakRss / 1048576,
      peakHeapMb: peakHeap / 1048576,
      maxStallMs: stall.max / 1e6,
      linesExpected: expected,
      linesCaptured: captured,
      linesLost: expected - Math.min(expected, captured),
      outOfOrder,
    };
  } finally {
    await session.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs this file as a child that seeds the round and returns once every Job completed. */
function seedInChild(ns: string, names: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--seed', ns, ...names], { env: { ...process.env, HH_BENCH_CLUSTER: JSON.stringify(cluster()) }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the seeding child exited with ${code}`))));
  });
}

/** The child: as Helm does, the record says Running first, then the Job is created. */
async function seed(ns: string, names: string[]): Promise<void> {
  useCluster(JSON.parse(process.env.HH_BENCH_CLUSTER ?? '') as ClusterInfo);
  const k = api();
  try {
    const startedAt = new Date().toISOString();
    await Promise.all(names.map((n) => createRecordSecret(ns, `rel-${n}`, 1, helmEncode(record(ns, `rel-${n}`, n, startedAt)))));
    await Promise.all(names.map(async (n) => expectStatus(await k.call('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, job(ns, n)), 201)));
    await waitFor('every Job to complete', 600_000, async () => {
      const r = await k.call('GET', `/apis/batch/v1/namespaces/${ns}/jobs`);
      const items = (r.json as { items?: { status?: { succeeded?: number } }[] }).items ?? [];
      return items.length === names.length && items.every((j) => (j.status?.succeeded ?? 0) >= 1) ? true : undefined;
    });
  } finally {
    k.close();
  }
}

async function main(): Promise<void> {
  const loadAtStart = load();
  log(`starting the local cluster (${HOOKS} hooks x ${LINES} lines, ${ROUNDS} rounds each way)`);
  await startCluster();
  const L = layer();
  const rounds: Round[] = [];
  try {
    // Alternating, so that load from other work falls on both alike.
    for (let i = 0; i < ROUNDS; i++) {
      for (const capture of [false, true]) {
        const r = await round(L, i, capture);
        rounds.push(r);
        log(`round ${i + 1} capture ${capture ? 'on ' : 'off'}: ${r.wallMs.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MB, max stall ${r.maxStallMs.toFixed(1)} ms, lines ${r.linesCaptured}/${r.linesExpected}, out of order ${r.outOfOrder}`);
      }
    }
  } finally {
    await stopCluster();
  }
  const fmt = (xs: number[], d = 0): string => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  const rows = [false, true].map((capture) => {
    const rs = rounds.filter((r) => r.capture === capture);
    return `| ${capture ? 'capture on' : 'capture off (baseline)'} | ${fmt(rs.map((r) => r.wallMs / 1000), 1)} s | ${fmt(rs.map((r) => r.cpuMs))} ms | ${fmt(rs.map((r) => r.peakRssMb))} MB | ${fmt(rs.map((r) => r.peakHeapMb))} MB | ${fmt(rs.map((r) => r.maxStallMs), 1)} ms | ${capture ? `${rs.reduce((a, r) => a + r.linesLost, 0)} of ${rs.reduce((a, r) => a + r.linesExpected, 0)}` : '–'} | ${capture ? rs.reduce((a, r) => a + r.outOfOrder, 0) : '–'} |`;
  });
  const table = [
    `Machine: ${describeMachine()}. Load average (1/5/15 min) at the start ${loadAtStart}, at the end ${load()}. ${HOOKS} hook Jobs x ${LINES} lines at once, ${ROUNDS} rounds each way (ranges are min–max over rounds).`,
    '',
    '| session | seeding to last Job done (and captured) | CPU time of the process | peak RSS | peak heap | longest event-loop stall | lines lost | lines out of order |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const out = join(repoRoot, 'out', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'capture-results.json'), JSON.stringify({ hooks: HOOKS, lines: LINES, rounds }, null, 2));
}

(process.argv[2] === '--seed' ? seed(process.argv[3], process.argv.slice(4)) : main()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
