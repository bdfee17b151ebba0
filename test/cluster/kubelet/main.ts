// THE STAND-IN KUBELET: a test fixture, NOT a kubelet.
//
// The local test cluster (scripts/cluster/) runs the real etcd, kube-apiserver and kube-controller-manager,
// but no real kubelet can run on these machines: it needs host sysctls, mounts, cgroups and a container
// runtime, and its cloud credential probing reaches for addresses off the machine. This small Node process
// stands in for it (a mock only where no real part can run), so that the real API server, the real Job
// controller and the real helm see pods that run, finish and have logs:
//   - registers a Node whose address is 127.0.0.1 and whose kubelet port is this process's HTTPS server;
//   - binds unscheduled pods to that Node, or refuses those kube-scheduler would refuse there (it also stands
//     in for the scheduler: scheduler.ts, with its events.k8s.io/v1 Events);
//   - runs each container's command + args as a local process (the image is ignored; env from the pod
//     spec's literal values and simple fieldRefs; an annotation `kubelet.helm-hooks.test/script-<container>`
//     replaces the command with a shell script for exotic cases); a container with neither command nor args
//     stands for a server image and runs until its pod is deleted;
//   - init containers first, one at a time; restartPolicy Always / OnFailure / Never with short back-off;
//   - reports status Pending -> Running -> Succeeded/Failed with container statuses (exit codes, reasons
//     Completed/Error, startedAt/finishedAt, restart counts), and confirms graceful deletions;
//   - reports the failures a kubelet reports, with its core/v1 Events (pods.ts, images.ts): InvalidImageName,
//     ErrImagePull/ImagePullBackOff (images under a `*.invalid` registry), CreateContainerConfigError (a
//     missing Secret/ConfigMap or key, checked through the API server), OOMKilled (an annotation), and
//     CrashLoopBackOff;
//   - serves GET /containerLogs/{ns}/{pod}/{container} (follow, previous, tailLines, timestamps, limitBytes,
//     sinceSeconds, sinceTime) so the real API server proxies `pods/{name}/log` here.
// It watches pods, restarts its watch whenever it closes, and re-lists every WATCH_SECONDS. Container
// processes run in their own process groups; their PIDs are kept in STATE_DIR/processes.json so that
// scripts/cluster/stop.mjs can stop them by PID if this process dies. Node built-ins only.
//
//   node out/test/cluster/kubelet/main.js --server=URL --ca-file=F --token-file=F --node-name=N
//        --tls-cert-file=F --tls-key-file=F --client-ca-file=F --state-dir=D [--port=0]
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { ApiClient, describe, isRecord } from './api';
import { CoreEventRecorder, EventsV1Recorder } from './events';
import { rfc3339 } from './logs';
import { asPod, KubeletContext, Pod, PodWorker } from './pods';
import { NODE_ALLOCATABLE, Scheduler } from './scheduler';
import { startLogServer } from './server';

const WATCH_SECONDS = 20;
const KUBELET_VERSION = 'v1.20.2-helm-hooks-stand-in';

interface Options {
  server: string;
  caFile: string;
  tokenFile: string;
  nodeName: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  clientCaFile: string;
  stateDir: string;
  port: number;
}

function parseArgs(argv: string[]): Options {
  const m = new Map<string, string>();
  for (const a of argv) {
    const r = /^--([a-z-]+)=(.*)$/s.exec(a);
    if (!r || r[1] === undefined || r[2] === undefined) throw new Error(`bad argument ${a} (expected --name=value)`);
    m.set(r[1], r[2]);
  }
  const need = (k: string): string => {
    const v = m.get(k);
    if (!v) throw new Error(`missing --${k}`);
    return v;
  };
  return {
    server: need('server'),
    caFile: need('ca-file'),
    tokenFile: need('token-file'),
    nodeName: need('node-name'),
    tlsCertFile: need('tls-cert-file'),
    tlsKeyFile: need('tls-key-file'),
    clientCaFile: need('client-ca-file'),
    stateDir: need('state-dir'),
    port: Number(m.get('port') ?? '0'),
  };
}

const log = (msg: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(o.stateDir, { recursive: true });
  const ca = readFileSync(o.caFile);
  const api = new ApiClient({ server: o.server, ca, token: readFileSync(o.tokenFile, 'utf8').trim() });

  const processes: Record<string, { pid: number; startTime?: string }> = {};
  const processesFile = join(o.stateDir, 'processes.json');
  const saveProcesses = (): void => {
    writeFileSync(`${processesFile}.tmp`, JSON.stringify(processes));
    renameSync(`${processesFile}.tmp`, processesFile);
  };
  saveProcesses();

  const workers = new Map<string, PodWorker>(); // by uid
  const byName = new Map<string, PodWorker>(); // "ns/name" -> latest worker
  const kubeletEvents = new CoreEventRecorder(api, { component: 'kubelet', host: o.nodeName }, log);
  const scheduler = new Scheduler({
    api,
    nodeName: o.nodeName,
    nodeLabels: nodeLabels(o.nodeName),
    events: new EventsV1Recorder(api, 'default-scheduler', `default-scheduler-${hostname()}`, log),
    log,
  });
  const ctx: KubeletContext = {
    api,
    nodeName: o.nodeName,
    stateDir: o.stateDir,
    log,
    events: kubeletEvents,
    trackProcess: (key, pid) => {
      if (pid === undefined) delete processes[key];
      else {
        const startTime = processStartTime(pid);
        processes[key] = { pid, ...(startTime ? { startTime } : {}) };
      }
      saveProcesses();
    },
  };

  const server = await startLogServer({
    cert: readFileSync(o.tlsCertFile),
    key: readFileSync(o.tlsKeyFile),
    ca: readFileSync(o.clientCaFile),
    findPod: (ns, name) => byName.get(`${ns}/${name}`),
    log,
  }, o.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  log(`serving container logs on https://127.0.0.1:${port}`);

  let stopping = false;
  const shutdown = async (sig: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping ${workers.size} pods' processes`);
    await Promise.all([...workers.values()].map((w) => w.shutdown()));
    server.close();
    api.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await registerNode(api, o.nodeName, port);
  log(`node ${o.nodeName} registered`);

  const handle = async (pod: Pod): Promise<void> => {
    const uid = pod.metadata.uid;
    if (!pod.spec.nodeName) {
      if (pod.spec.schedulerName && pod.spec.schedulerName !== 'default-scheduler') return;
      scheduler.schedule(pod);
      return;
    }
    if (pod.spec.nodeName !== o.nodeName) return;
    scheduler.observe(pod);
    const existing = workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const phase = pod.status.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return; // finished before this kubelet started
    if (pod.metadata.deletionTimestamp) {
      // Never started here: just confirm the deletion.
      await api.call('DELETE', `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace)}/pods/${encodeURIComponent(pod.metadata.name)}`, {
        apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid },
      }).catch(() => undefined);
      return;
    }
    const w = new PodWorker(pod, ctx);
    workers.set(uid, w);
    byName.set(w.key, w);
    log(`pod ${w.key}: starting (${pod.spec.initContainers.length} init, ${pod.spec.containers.length} containers, restartPolicy ${pod.spec.restartPolicy})`);
    w.start();
  };
  const forget = (uid: string): void => {
    scheduler.gone(uid);
    kubeletEvents.forgetObject(uid);
    const w = workers.get(uid);
    if (!w) return;
    w.forget();
    workers.delete(uid);
    if (byName.get(w.key) === w) byName.delete(w.key);
  };
  const safeHandle = (o: unknown): void => {
    const pod = asPod(o);
    if (pod) handle(pod).catch((e: unknown) => log(`pod ${pod.metadata.namespace}/${pod.metadata.name}: ${String(e)}`));
  };

  // Node heartbeat (nothing evicts on a missed one here, but tools show it).
  setInterval(() => {
    if (!stopping) void patchNodeStatus(api, o.nodeName, port).catch(() => undefined);
  }, 30000).unref();

  // List, then watch from the list's resourceVersion until the watch closes (at most WATCH_SECONDS), again.
  while (!stopping) {
    try {
      const list = await api.call('GET', '/api/v1/pods');
      if (list.status !== 200 || !isRecord(list.json) || !Array.isArray(list.json.items)) throw new Error(`list pods: ${describe(list)}`);
      const meta = isRecord(list.json.metadata) ? list.json.metadata : {};
      const rv = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
      const seen = new Set<string>();
      for (const item of list.json.items) {
        const pod = asPod(item);
        if (pod) seen.add(pod.metadata.uid);
        safeHandle(item);
      }
      for (const uid of [...workers.keys()]) if (!seen.has(uid)) forget(uid);
      scheduler.keepOnly(seen);
      const w = api.watch(`/api/v1/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=${WATCH_SECONDS}&resourceVersion=${encodeURIComponent(rv)}`, (ev) => {
        if (ev.type === 'ERROR') {
          log(`watch error event: ${JSON.stringify(ev.object).slice(0, 200)}`);
          return;
        }
        if (ev.type === 'BOOKMARK') return;
        const pod = asPod(ev.object);
        if (!pod) return;
        if (ev.type === 'DELETED') forget(pod.metadata.uid);
        else safeHandle(ev.object);
      });
      await w.done;
    } catch (e) {
      if (!stopping) log(`pods: ${String(e)}; re-listing`);
      await sleep(1000);
    }
  }
}

const SINCE = rfc3339(Date.now());

function nodeLabels(name: string): Record<string, string> {
  return { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };
}

function nodeStatus(port: number): Record<string, unknown> {
  const now = rfc3339(Date.now());
  return {
    capacity: NODE_ALLOCATABLE,
    allocatable: NODE_ALLOCATABLE,
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'stand-in kubelet', lastHeartbeatTime: now, lastTransitionTime: SINCE },
      { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'stand-in kubelet', lastHeartbeatTime: now, lastTransitionTime: SINCE },
      { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'stand-in kubelet', lastHeartbeatTime: now, lastTransitionTime: SINCE },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'helm-hooks stand-in kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: SINCE },
    ],
    addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: port } },
    nodeInfo: {
      machineID: 'helm-hooks-stand-in',
      systemUUID: 'helm-hooks-stand-in',
      bootID: 'helm-hooks-stand-in',
      kernelVersion: '',
      osImage: 'helm-hooks stand-in kubelet',
      containerRuntimeVersion: 'helm-hooks-stand-in://1',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

async function patchNodeStatus(api: ApiClient, name: string, port: number): Promise<void> {
  const r = await api.call('PATCH', `/api/v1/nodes/${encodeURIComponent(name)}/status`, { status: nodeStatus(port) }, 'application/merge-patch+json');
  if (r.status >= 300) throw new Error(`node status: ${describe(r)}`);
}

async function registerNode(api: ApiClient, name: string, port: number): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const r = await api.call('POST', '/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: nodeLabels(name) },
        spec: {},
        status: nodeStatus(port),
      });
      if (r.status >= 300 && r.status !== 409) throw new Error(`register node: ${describe(r)}`);
      // Status (its kubelet port) as this process has it; and no not-ready taint (no node controller here).
      await patchNodeStatus(api, name, port);
      const t = await api.call('PATCH', `/api/v1/nodes/${encodeURIComponent(name)}`, { spec: { taints: null } }, 'application/merge-patch+json');
      if (t.status >= 300) throw new Error(`node taints: ${describe(t)}`);
      return;
    } catch (e) {
      if (i >= 50) throw e;
      log(`${String(e)}; retrying`);
      await sleep(500);
    }
  }
}

main().catch((e: unknown) => {
  log(`fatal: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
