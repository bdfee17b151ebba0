/**
 * Hook logs, command to first line (`npm run bench:logs`), on the local cluster (scripts/cluster): what
 * Show Hook Logs does after the click (find the hook's pods, pick the attempts, read or follow the first
 * container) against what a user types instead, `kubectl logs` with the same kubeconfig. Two pods: a
 * post-upgrade hook Job that failed after printing a few lines (installed by the real helm 4), and a Job
 * still running that prints a line every 100 ms. Prints a markdown table; raw figures go to
 * out/bench/logs-results.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createNamespace, expectStatus, helm, repoRoot, startCluster, stopCluster, waitFor } from '../../test/cluster/cluster';
import { Layer, layer } from '../../test/cluster/layer';
import { describeMachine } from '../machine';
import { fmtMs, median } from '../stats';

const RUNS = Number(process.env.LOGS_RUNS ?? 20);
const NS = 'bench-logs';
const TIMEOUT = 30000;
const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-logs');

const log = (m: string): void => void process.stderr.write(`[bench:logs] ${m}\n`);
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' / ');

/** A case's first line must be this (failed pod) or look like this (running pod): a bench of wrong output is worthless. */
const FAILED_FIRST = 'reindex: revision 2';
const TICK = /^tick \d+$/;

type Case = { name: string; pod: 'failed' | 'running' | 'none'; path: string; run: () => Promise<Timing> };
/** `podsMs`: when the extension had the pod list (its first of two requests). */
type Timing = { ms: number; first: string; podsMs?: number };

/** Time from spawning the process to its first full stdout line; a follow is stopped there. */
function firstLineOf(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; first: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let got: { ms: number; first: string } | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (got) return;
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      got = { ms: performance.now() - t0, first: out.slice(0, nl) };
      // A follow never ends by itself; a plain read is left to finish so that runs do not overlap.
      if (args.includes('-f')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (got) resolve(got);
      else reject(new Error(`${file} ${args.join(' ')}: no line (exit ${code}): ${err.trim()}`));
    });
  });
}

/** What Show Hook Logs does after the click, up to the first line it could put in the document. */
async function extensionPath(L: typeof Layer, conn: Layer.ClusterSession['store']['conn'], hook: Layer.HookInfo, t0: number, explain = false): Promise<Timing> {
  // With `explain`, as the command does since issue 13: the cluster's explanation (uncached here, the worst case) is
  // read once the logs are in; the run ends only when it is in too, so its load falls on the next rows.
  const timing = await firstLine(L, conn, hook, t0);
  if (explain) await L.explainHook(conn, hook, NS, { timeoutMs: TIMEOUT });
  return timing;
}

async function firstLine(L: typeof Layer, conn: Layer.ClusterSession['store']['conn'], hook: Layer.HookInfo, t0: number): Promise<Timing> {
  const pods = await L.hookPods(conn, hook, NS, TIMEOUT);
  const podsMs = performance.now() - t0;
  const [pod] = L.attemptsToShow(pods);
  const c = pod?.containers[0];
  if (!pod || !c) throw new Error(`no pod for ${hook.kind}/${hook.name}`);
  if (!c.running) {
    // The command appends a container's log once readLog resolves: that is when its first line shows.
    const text = await L.readLog(conn, pod, c.name, { timeoutMs: TIMEOUT });
    return { ms: performance.now() - t0, first: text.split('\n', 1)[0] ?? '', podsMs };
  }
  const stop = new AbortController();
  let got: Timing | undefined;
  await L.followLog(conn, pod, c.name, { signal: stop.signal, timeoutMs: TIMEOUT }, (line) => {
    if (got) return;
    got = { ms: performance.now() - t0, first: line, podsMs };
    stop.abort();
  });
  if (!got) throw new Error(`the follow of ${pod.name} ended without a line`);
  return got;
}

function runningJob(name: string): unknown {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'tick', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'i=0; while [ $i -lt 36000 ]; do echo "tick $i"; i=$((i+1)); sleep 0.1; done'] }],
        },
      },
    },
  };
}

async function main(): Promise<void> {
  const loadAtStart = load();
  const c = await startCluster();
  log(`cluster at ${c.server}`);
  const scratch = mkdtempSync(join(tmpdir(), 'helm-hooks-bench-logs-'));
  try {
    await createNamespace(NS);
    const install = await helm(4, ['install', 'app', chart, '--namespace', NS, '--set', `runsDir=${scratch}`, '--timeout', '120s']);
    if (install.code !== 0) throw new Error(`helm install failed: ${install.stderr}`);
    const upgrade = await helm(4, ['upgrade', 'app', chart, '--namespace', NS, '--set', `runsDir=${scratch}`, '--set', 'postUpgradeExitCode=4', '--timeout', '120s']);
    if (upgrade.code === 0) throw new Error('the upgrade was meant to fail on its post-upgrade hook');
    const k = api();
    try {
      expectStatus(await k.call('POST', `/apis/batch/v1/namespaces/${NS}/jobs`, runningJob('ticker')), 201);
    } finally {
      k.close();
    }

    const L = layer();
    const opts: Layer.SessionOptions = { kubeconfig: c.adminKubeconfig, context: undefined, namespace: NS, drivers: ['secret'], requestTimeoutMs: TIMEOUT };
    // Warm: the view is open, so its session (and its store's list) exists before the click.
    const session = L.openSession(opts);
    await session.store.load();
    const entry = session.store.releases().find((e) => e.name === 'app');
    if (!entry) throw new Error('release app is not listed');
    const failedHook = (await session.store.info(entry)).hooks.find((h) => h.name === 'app-reindex');
    if (failedHook?.lastRun.phase !== 'Failed') throw new Error(`hook app-reindex did not fail: ${JSON.stringify(failedHook?.lastRun)}`);
    // A hook still running, as the record shows it while helm waits for it.
    const runningHook: Layer.HookInfo = { ...failedHook, name: 'ticker', events: ['post-upgrade'], lastRun: { ...failedHook.lastRun, phase: 'Running' } };
    const failedPod = (await L.hookPods(session.store.conn, failedHook, NS, TIMEOUT))[0]?.name;
    const runningPod = await waitFor('the ticker to run', 60000, async () => {
      const [p] = await L.hookPods(session.store.conn, runningHook, NS, TIMEOUT);
      return p?.containers[0]?.running ? p.name : undefined;
    });
    if (!failedPod) throw new Error('the failed hook has no pod');

    const kubectl = c.binaries.kubectl;
    // A user's kubectl keeps its discovery cache in ~/.kube/cache between commands: one HOME for all runs.
    const kubectlHome = join(scratch, 'home');
    mkdirSync(kubectlHome);
    const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: kubectlHome, KUBECONFIG: c.adminKubeconfig, NO_PROXY: '127.0.0.1,localhost' });
    const kubectlCase = (name: string, pod: Case['pod'], args: string[], fresh = false): Case => ({
      name,
      pod,
      path: `kubectl ${args.join(' ')}${fresh ? ' --cache-dir EMPTY' : ''}`,
      run: () => {
        if (!fresh) return firstLineOf(kubectl, args, env());
        const cache = mkdtempSync(join(scratch, 'cache-'));
        return firstLineOf(kubectl, [...args, '--cache-dir', cache], env()).finally(() => rmSync(cache, { recursive: true, force: true }));
      },
    });
    const requireScript = `const t=performance.now();require(${JSON.stringify(join(repoRoot, 'dist', 'cluster.js'))});console.log(String(performance.now()-t))`;

    const cases: Case[] = [
      { name: 'extension, warm session', pod: 'failed', path: 'hookPods + attemptsToShow + readLog', run: () => extensionPath(L, session.store.conn, failedHook, performance.now()) },
      {
        name: 'extension, cold session',
        pod: 'failed',
        path: 'openSession + hookPods + attemptsToShow + readLog',
        run: async () => {
          const t0 = performance.now();
          const s = L.openSession(opts);
          try {
            return await extensionPath(L, s.store.conn, failedHook, t0);
          } finally {
            await s.dispose();
          }
        },
      },
      { name: 'extension, warm session, with the explanation', pod: 'failed', path: 'hookPods + readLog, then explainHook', run: () => extensionPath(L, session.store.conn, failedHook, performance.now(), true) },
      kubectlCase('kubectl, pod name', 'failed', ['logs', '-n', NS, failedPod]),
      kubectlCase('kubectl, Job label', 'failed', ['logs', '-n', NS, '-l', `job-name=${failedHook.name}`]),
      kubectlCase('kubectl, job/NAME', 'failed', ['logs', '-n', NS, `job/${failedHook.name}`]),
      kubectlCase('kubectl, Job label, empty discovery cache', 'failed', ['logs', '-n', NS, '-l', `job-name=${failedHook.name}`], true),
      { name: 'extension, warm session', pod: 'running', path: 'hookPods + attemptsToShow + followLog', run: () => extensionPath(L, session.store.conn, runningHook, performance.now()) },
      {
        name: 'extension, cold session',
        pod: 'running',
        path: 'openSession + hookPods + attemptsToShow + followLog',
        run: async () => {
          const t0 = performance.now();
          const s = L.openSession(opts);
          try {
            return await extensionPath(L, s.store.conn, runningHook, t0);
          } finally {
            await s.dispose();
          }
        },
      },
      { name: 'extension, warm session, with the explanation', pod: 'running', path: 'hookPods + followLog, then explainHook', run: () => extensionPath(L, session.store.conn, runningHook, performance.now(), true) },
      kubectlCase('kubectl, pod name', 'running', ['logs', '-f', '-n', NS, runningPod]),
      kubectlCase('kubectl, Job label', 'running', ['logs', '-f', '-n', NS, '-l', 'job-name=ticker']),
      kubectlCase('kubectl, process start only', 'none', ['version', '--client']),
      {
        name: 'loading dist/cluster.js (once, when the view opens)',
        pod: 'none',
        path: 'require() in a fresh node',
        run: async () => {
          const r = await firstLineOf(process.execPath, ['-e', requireScript], { PATH: process.env.PATH });
          return { ms: Number(r.first), first: r.first };
        },
      },
    ];

    // One unrecorded round warms the JIT and fills kubectl's discovery cache; rounds interleave the cases so
    // that load from other work falls on all of them alike.
    const times = cases.map(() => [] as number[]);
    const podsTimes = cases.map(() => [] as number[]);
    for (let round = 0; round <= RUNS; round++) {
      for (const [i, cs] of cases.entries()) {
        const r = await cs.run();
        const ok = cs.pod === 'none' || (cs.pod === 'failed' ? r.first === FAILED_FIRST : TICK.test(r.first));
        if (!ok) throw new Error(`${cs.name} (${cs.pod}): unexpected first line ${JSON.stringify(r.first)}`);
        if (round > 0) times[i].push(r.ms);
        if (round > 0 && r.podsMs !== undefined) podsTimes[i].push(r.podsMs);
      }
      if (round > 0 && round % 5 === 0) log(`${round}/${RUNS} rounds`);
    }
    await session.dispose();

    const rows = cases.map((cs, i) => ({ pod: cs.pod, name: cs.name, path: cs.path, median: median(times[i]), min: Math.min(...times[i]), max: Math.max(...times[i]), podsMedian: median(podsTimes[i]), runs: times[i] }));
    const loadAtEnd = load();
    const lines = [
      `Machine: ${describeMachine()}. Load average (1/5/15 min) at the start ${loadAtStart}, at the end ${loadAtEnd}. ${RUNS} runs per row.`,
      '',
      '| pod | what | does | first line, median | range | pods listed, median |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (r) =>
          `| ${r.pod === 'failed' ? 'failed hook Job' : r.pod === 'running' ? 'running Job (follow)' : '(none)'} | ${r.name} | \`${r.path}\` | ${fmtMs(r.median)} | ${fmtMs(r.min)}–${fmtMs(r.max)} | ${Number.isNaN(r.podsMedian) ? '' : fmtMs(r.podsMedian)} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const outDir = join(repoRoot, 'out', 'bench');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'logs-results.json'), `${JSON.stringify({ machine: describeMachine(), loadAtStart, loadAtEnd, runs: RUNS, rows }, null, 2)}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await stopCluster();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench:logs] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
