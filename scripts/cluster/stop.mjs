#!/usr/bin/env node
// Stops a cluster started by start.mjs, by the PIDs it recorded in STATE_DIR/pids.json (never by name):
// the stand-in kubelet first (it stops its container processes), then any container process it left,
// kube-controller-manager, kube-apiserver, etcd. Then removes the state folder when start.mjs made it
// (a temporary one), unless --keep or HELM_HOOKS_CLUSTER_KEEP=1.
//
//   node scripts/cluster/stop.mjs --state-dir DIR [--keep]
//   node scripts/cluster/stop.mjs --state-dir DIR --when-gone PID   (the watchdog start.mjs --owner-pid runs)
// Node built-ins only.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, stopPids } from './common.mjs';

const ORDER = ['kubelet', 'kube-controller-manager', 'kube-apiserver', 'etcd'];

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Stops every recorded process; returns the PIDs that were signalled. */
export async function stopCluster(stateDir, { keep = process.env.HELM_HOOKS_CLUSTER_KEEP === '1' } = {}) {
  const dir = resolve(stateDir);
  const pids = readJson(`${dir}/pids.json`) ?? {};
  const info = readJson(`${dir}/cluster.json`);
  const stopped = [];
  const byName = (name) => (pids[name] && pids[name].pid !== process.pid ? [pids[name]] : []);
  // The watchdog first (unless this is the watchdog), so that it does not race this stop.
  stopped.push(...(await stopPids(byName('watchdog'), { graceMs: 1000 })));
  stopped.push(...(await stopPids(byName('kubelet'), { graceMs: 8000 })));
  // Container processes the kubelet recorded and did not get to stop (a killed kubelet): whole groups.
  const containers = readJson(`${dir}/kubelet/processes.json`) ?? {};
  stopped.push(
    ...(await stopPids(
      Object.values(containers)
        .filter((p) => Number.isInteger(p?.pid))
        .map((p) => ({ pid: p.pid, group: true, startTime: p.startTime })),
      { graceMs: 2000 },
    )),
  );
  for (const name of ORDER.slice(1)) stopped.push(...(await stopPids(byName(name), { graceMs: 5000 })));
  const others = Object.keys(pids).filter((n) => n !== 'watchdog' && !ORDER.includes(n));
  for (const name of others) stopped.push(...(await stopPids(byName(name))));
  rmSync(`${dir}/pids.json`, { force: true });
  if (!keep && info?.createdStateDir === true) rmSync(dir, { recursive: true, force: true });
  return stopped;
}

async function watchdog(dir, ownerPid) {
  // Exits quietly once the cluster was stopped normally (pids.json gone).
  while (existsSync(`${dir}/pids.json`)) {
    if (!alive(ownerPid)) {
      await stopCluster(dir);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let stateDir;
  let keep;
  let whenGone;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [undefined, argv[i]];
    const value = () => inline ?? argv[++i];
    if (flag === '--state-dir') stateDir = value();
    else if (flag === '--when-gone') whenGone = Number(value());
    else if (flag === '--keep') keep = true;
    else if (flag === undefined && stateDir === undefined) stateDir = inline;
    else {
      console.error(`stop.mjs: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  if (!stateDir) {
    console.error('usage: node scripts/cluster/stop.mjs --state-dir DIR [--keep]');
    process.exit(2);
  }
  if (whenGone) {
    await watchdog(resolve(stateDir), whenGone);
  } else {
    const stopped = await stopCluster(stateDir, keep ? { keep } : {});
    console.log(`cluster stopped (${stopped.length} processes)`);
  }
}
