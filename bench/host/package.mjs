// The installed package's figures for BENCHMARKS.md ("Extension package and activation"): the .vsix size, activation
// time, and the time from revealing the Helm Hooks view to its first release row, each the median of RUNS fresh
// VS Code hosts with the .vsix installed (scripts/host/run.mjs's runOnce), against one seeded local cluster.
//
//   npm run bench:package            (RUNS=5 by default: HELM_HOOKS_BENCH_RUNS)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { artifactsDir, repoRoot } from '../../scripts/host/config.mjs';
import { SEED, startSeededCluster } from '../../scripts/host/cluster.mjs';
import { runOnce } from '../../scripts/host/run.mjs';

const RUNS = Number(process.env.HELM_HOOKS_BENCH_RUNS ?? 5);
const vsix = path.join(repoRoot, 'dist', 'helm-hooks.vsix');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: npm run package`);
fs.mkdirSync(artifactsDir, { recursive: true });
const metrics = path.join(artifactsDir, 'metrics.json');
const seedLog = path.join(artifactsDir, 'bench-seed.log');
const seeded = await startSeededCluster((s) => fs.appendFileSync(seedLog, s.endsWith('\n') ? s : `${s}\n`));
const samples = { activationMs: [], serverStartMs: [], firstReleaseRowMs: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(metrics, { force: true });
    const r = await runOnce({
      label: `measure-${i + 1}`,
      title: `measure ${i + 1}/${RUNS}`,
      mode: 'measure',
      vsix,
      timeoutMs: 300_000,
      extraEnv: { KUBECONFIG: seeded.info.adminKubeconfig, HELM_HOOKS_HOST_CLUSTER: JSON.stringify({ seed: SEED, server: seeded.info.server }) },
    });
    if (r.failures > 0 || r.passes === 0) throw new Error(`run ${i + 1} failed (log: ${path.join(artifactsDir, `measure-${i + 1}-host.log`)})`);
    const m = JSON.parse(fs.readFileSync(metrics, 'utf8')).measure;
    for (const k of Object.keys(samples)) samples[k].push(m[k]);
  }
} finally {
  await seeded.stop();
}
const size = fs.statSync(vsix).size;
const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
console.log(`\n.vsix: ${size} bytes (${(size / 1048576).toFixed(2)} MB)`);
for (const [k, xs] of Object.entries(samples)) {
  console.log(`${k}: median ${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(1)).join(', ')})`);
}
console.log(`load average after: ${load}; ${os.cpus().length} cores`);
