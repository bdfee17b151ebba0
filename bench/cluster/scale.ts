/**
 * The release view at scale (`npm run bench:cluster`): 1,000 releases with five hooks each on the local
 * cluster (scripts/cluster). Measures what the view waits for before its first rows (list + group, no
 * decoding), then decoding every release, with the longest event-loop stall during each, side by side
 * with what a user does today: `helm list -A`, then `helm status -o json` per release.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hooksByEvent, openSession } from '../../client/src/cluster';
import { cluster, helm, startCluster, stopCluster } from '../../test/cluster/cluster';
import { seedReleases } from './seed';

const RELEASES = Number(process.env.SCALE_RELEASES ?? 1000);
const NAMESPACES = 10;
/** helm status runs one process per release: a sample keeps the bench short; the total is extrapolated. */
const STATUS_SAMPLE = Number(process.env.SCALE_STATUS_SAMPLE ?? 100);

const log = (m: string): void => void process.stderr.write(`[bench:cluster] ${m}\n`);

async function timed<T>(body: () => Promise<T>): Promise<{ value: T; ms: number; maxStallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const value = await body();
  const ms = performance.now() - t0;
  h.disable();
  return { value, ms, maxStallMs: h.max / 1e6 };
}

async function main(): Promise<void> {
  const c = await startCluster();
  log(`cluster at ${c.server}`);
  try {
    const seeded = await timed(() => seedReleases(RELEASES, NAMESPACES, log));
    log(`seeded ${seeded.value.names.length} releases in ${(seeded.ms / 1000).toFixed(1)} s`);
    const runs: { firstRows: number; stall: number; decodeAll: number; decodeStall: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const session = openSession({ kubeconfig: cluster().adminKubeconfig, context: undefined, namespace: undefined, drivers: ['secret', 'configmap'], requestTimeoutMs: 30000 });
      const first = await timed(async () => {
        await session.store.load();
        return session.store.releases();
      });
      if (first.value.length !== seeded.value.names.length) throw new Error(`listed ${first.value.length} releases, expected ${seeded.value.names.length}`);
      const all = await timed(async () => {
        let hooks = 0;
        await Promise.all(
          first.value.map(async (e) => {
            const info = await session.store.info(e);
            hooks += hooksByEvent(info, new Date(), { timeoutMs: 300000 }).reduce((n, ev) => n + ev.hooks.length, 0);
          }),
        );
        return hooks;
      });
      if (all.value !== seeded.value.names.length * 5) throw new Error(`decoded ${all.value} hooks, expected ${seeded.value.names.length * 5}`);
      runs.push({ firstRows: first.ms, stall: first.maxStallMs, decodeAll: all.ms, decodeStall: all.maxStallMs });
      await session.dispose();
      log(`run ${i + 1}: first rows ${first.ms.toFixed(0)} ms (max stall ${first.maxStallMs.toFixed(1)} ms); all decoded ${all.ms.toFixed(0)} ms (max stall ${all.maxStallMs.toFixed(1)} ms)`);
    }
    const list = await timed(() => helm(3, ['list', '-A', '-o', 'json', '--max', '0']));
    if (list.value.code !== 0) throw new Error(`helm list failed: ${list.value.stderr}`);
    const listed = (JSON.parse(list.value.stdout) as unknown[]).length;
    const sample = seeded.value.names.slice(0, STATUS_SAMPLE);
    const status = await timed(async () => {
      for (const r of sample) {
        const s = await helm(3, ['status', r.name, '--namespace', r.namespace, '-o', 'json']);
        if (s.code !== 0) throw new Error(`helm status ${r.name} failed: ${s.stderr}`);
      }
    });
    const perStatus = status.ms / sample.length;
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const result = {
      releases: seeded.value.names.length,
      hooksPerRelease: 5,
      recordBytes: seeded.value.recordBytes,
      extension: {
        firstRowsMsMedian: med(runs.map((r) => r.firstRows)),
        firstRowsMaxStallMs: Math.max(...runs.map((r) => r.stall)),
        decodeAllMsMedian: med(runs.map((r) => r.decodeAll)),
        decodeAllMaxStallMs: Math.max(...runs.map((r) => r.decodeStall)),
        runs,
      },
      helm: { listMs: list.ms, listed, statusSample: sample.length, statusMsEach: perStatus, listPlusStatusAllMs: list.ms + perStatus * seeded.value.names.length },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await stopCluster();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench:cluster] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
