// The local cluster for the host tests of the release view: started with the cluster tier's own helpers
// (out/test/cluster/cluster.js, built by tsc), seeded by the real helm 3 and helm 4, stopped by PID after.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** What the host tests expect to find; the suite reads it from HELM_HOOKS_HOST_CLUSTER. */
export const SEED = {
  ok: { release: 'view-ok', namespace: 'hh-view-a', helm: 3 },
  failed: { release: 'view-fail', namespace: 'hh-view-b', helm: 4 },
  // The helm-tests chart with its database check failing: a `helm test` that fails.
  tests: { release: 'view-tests', namespace: 'hh-view-c', helm: 4 },
  // A pre-install Job whose pods the Job controller cannot create (its ServiceAccount is missing): helm 3 says only
  // "timed out waiting for the condition"; the cluster's FailedCreate events say why.
  noPods: { release: 'view-nopods', namespace: 'hh-view-b', helm: 3 },
  // hooks-atomic: installed, upgraded, then an `upgrade --atomic` whose pre-install,pre-upgrade hook fails
  // (revision 3), rolled back at once by helm (revision 4, `Rollback to 2`).
  atomic: { release: 'view-atomic', namespace: 'hh-view-d', helm: 3 },
};

export async function startSeededCluster(log) {
  const c = require(path.join(repoRoot, 'out', 'test', 'cluster', 'cluster.js'));
  const info = await c.startCluster();
  const chart = path.join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-smoke');
  const must = async (major, args) => {
    const r = await c.helm(major, args, 180000);
    log(`helm ${major} ${args.join(' ')} -> ${r.code}\n${r.stdout}${r.stderr}`);
    return r;
  };
  for (const s of Object.values(SEED)) await c.createNamespace(s.namespace);
  const ok = await must(SEED.ok.helm, ['install', SEED.ok.release, chart, '--namespace', SEED.ok.namespace, '--timeout', '120s']);
  if (ok.code !== 0) throw new Error(`helm ${SEED.ok.helm} install ${SEED.ok.release} failed: ${ok.stderr}`);
  const first = await must(SEED.failed.helm, ['install', SEED.failed.release, chart, '--namespace', SEED.failed.namespace, '--timeout', '120s']);
  if (first.code !== 0) throw new Error(`helm ${SEED.failed.helm} install ${SEED.failed.release} failed: ${first.stderr}`);
  // The chart's post-upgrade hook exits 3: revision 2 fails on it, as a user's broken upgrade would.
  const upgrade = await must(SEED.failed.helm, ['upgrade', SEED.failed.release, chart, '--namespace', SEED.failed.namespace, '--timeout', '120s']);
  if (upgrade.code === 0) throw new Error('the failing upgrade unexpectedly succeeded');
  const tests = await must(SEED.tests.helm, ['install', SEED.tests.release, path.join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'helm-tests'), '--namespace', SEED.tests.namespace, '--set', 'failDbCheck=true', '--timeout', '120s']);
  if (tests.code !== 0) throw new Error(`helm ${SEED.tests.helm} install ${SEED.tests.release} failed: ${tests.stderr}`);
  const noPods = await must(SEED.noPods.helm, ['install', SEED.noPods.release, path.join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-diagnosis'), '--namespace', SEED.noPods.namespace, '--set', 'mode=no-sa', '--timeout', '10s']);
  if (noPods.code === 0) throw new Error(`helm ${SEED.noPods.helm} install ${SEED.noPods.release} unexpectedly succeeded`);
  const atomicChart = path.join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'hooks-atomic');
  const a = SEED.atomic;
  for (const args of [['install'], ['upgrade']]) {
    const r = await must(a.helm, [...args, a.release, atomicChart, '--namespace', a.namespace, '--timeout', '120s']);
    if (r.code !== 0) throw new Error(`helm ${a.helm} ${args[0]} ${a.release} failed: ${r.stderr}`);
  }
  const atomic = await must(a.helm, ['upgrade', a.release, atomicChart, '--namespace', a.namespace, '--atomic', '--set', 'migrateExitCode=5', '--timeout', '120s']);
  if (atomic.code === 0) throw new Error('the failing --atomic upgrade unexpectedly succeeded');
  return { info, stop: () => c.stopCluster() };
}
