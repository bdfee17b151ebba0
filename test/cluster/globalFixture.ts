// Mocha global fixture for the cluster tier (test/mocharc.cluster.json "require"): one local cluster for
// the whole run, stopped at the end (and by start.mjs's watchdog if this process dies).
import { startCluster, stopCluster } from './cluster';

export async function mochaGlobalSetup(): Promise<void> {
  const c = await startCluster();
  process.stdout.write(`local cluster: Kubernetes v${c.versions.k8s} at ${c.server}, ready in ${(c.startMs / 1000).toFixed(1)}s (state ${c.stateDir})\n`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopCluster();
}
