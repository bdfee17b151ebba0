#!/usr/bin/env node
// Starts the local test cluster on loopback: etcd, kube-apiserver (v1.20), kube-controller-manager and the
// stand-in kubelet (test/cluster/kubelet, compiled to out/), each on a free 127.0.0.1 port, with a private
// state folder (PKI made with openssl, static tokens, kubeconfigs, logs, PIDs). Stop it with stop.mjs.
// Binaries come from scripts/cluster/provision.sh's cache. Node built-ins only.
//
//   node scripts/cluster/start.mjs [--state-dir DIR] [--json] [--owner-pid PID] [--no-kubelet]
//                                  [--kubelet-js FILE] [--timeout SECONDS]
//
// --owner-pid: also start a watchdog that stops the cluster when that process is gone (tests pass their
// own PID so a killed test run leaves nothing behind).
// Prints the state folder and kubeconfig paths (or, with --json, the contents of DIR/cluster.json).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaries, missingBinaries, startTimeOf, stopPids, VERSIONS } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const NODE_NAME = 'helm-hooks-node';

function parseArgs(argv) {
  const o = { stateDir: undefined, json: false, ownerPid: undefined, kubelet: true, kubeletJs: undefined, timeoutS: 90 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--state-dir') o.stateDir = resolve(val());
    else if (a === '--json') o.json = true;
    else if (a === '--owner-pid') o.ownerPid = Number(val());
    else if (a === '--no-kubelet') o.kubelet = false;
    else if (a === '--kubelet-js') o.kubeletJs = resolve(val());
    else if (a === '--timeout') o.timeoutS = Number(val());
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Free loopback ports, all held open together so that they differ. */
async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      await new Promise((res, rej) => {
        s.once('error', rej);
        s.listen(0, '127.0.0.1', res);
      });
      servers.push(s);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** The environment for every Kubernetes binary: no cloud metadata probing, no proxies. */
function childEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.NO_PROXY = '127.0.0.1,localhost';
  return env;
}

function makePki(pki) {
  mkdirSync(pki, { recursive: true });
  const cnf = join(pki, 'openssl.cnf');
  writeFileSync(
    cnf,
    `[req]
distinguished_name = dn
prompt = no
[dn]
CN = helm-hooks
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[apiserver_serving]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1
[kubelet_serving]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:${NODE_NAME}
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
`,
  );
  const ssl = (...args) => execFileSync('openssl', args, { cwd: pki, stdio: ['ignore', 'ignore', 'pipe'] });
  // EC P-256 keys: fast to make on a busy machine (RSA 2048 took seconds).
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  ssl('req', '-x509', '-new', '-nodes', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650',
    '-subj', '/CN=helm-hooks-test-ca', '-config', cnf, '-extensions', 'v3_ca');
  const leaf = (name, subj, ext) => {
    ssl('req', '-new', '-nodes', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj, '-config', cnf);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`,
      '-days', '3650', '-extfile', cnf, '-extensions', ext);
  };
  leaf('apiserver', '/CN=kube-apiserver', 'apiserver_serving');
  leaf('kubelet', `/CN=system:node:${NODE_NAME}/O=system:nodes`, 'kubelet_serving');
  leaf('apiserver-kubelet-client', '/CN=kube-apiserver-kubelet-client/O=system:masters', 'client');
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key');
  ssl('pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
}

function kubeconfig({ server, caFile, user, token }) {
  return `apiVersion: v1
kind: Config
clusters:
- name: helm-hooks
  cluster:
    server: ${server}
    certificate-authority: ${caFile}
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: ${user}@helm-hooks
  context:
    cluster: helm-hooks
    user: ${user}
    namespace: default
current-context: ${user}@helm-hooks
`;
}

/** GET over HTTPS with the cluster CA and a bearer token; resolves {status, body} (never throws on HTTP status). */
function apiGet(url, { ca, token, timeoutMs = 3000 }) {
  return new Promise((res, rej) => {
    const req = request(url, { method: 'GET', ca, headers: token ? { Authorization: `Bearer ${token}` } : {}, timeout: timeoutMs }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => (body += c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
      r.on('error', rej);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', rej);
    req.end();
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function tail(file, n = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startCluster(opts) {
  const missing = missingBinaries();
  if (missing.length > 0) {
    throw new Error(`cluster binaries missing (run scripts/cluster/provision.sh first):\n  ${missing.join('\n  ')}`);
  }
  const bin = binaries();
  const createdDir = !opts.stateDir;
  const dir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'helm-hooks-cluster-'));
  if (opts.stateDir && existsSync(join(dir, 'pids.json'))) {
    throw new Error(`${dir} already holds a cluster (pids.json): stop it first (node scripts/cluster/stop.mjs --state-dir ${dir})`);
  }
  const pki = join(dir, 'pki');
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const pids = {};
  const savePids = () => writeFileSync(join(dir, 'pids.json'), JSON.stringify(pids, null, 2) + '\n');
  const deadline = Date.now() + opts.timeoutS * 1000;
  const env = childEnv();

  const launch = (name, file, args) => {
    const out = openSync(join(logs, `${name}.log`), 'a');
    const child = spawn(file, args, { cwd: dir, env, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${file})`);
    child.unref();
    // Record what must still be in the command line when stopping (guards against PID reuse).
    pids[name] = { pid: child.pid, mustContain: dir, startTime: startTimeOf(child.pid) };
    savePids();
    return child;
  };
  const waitFor = async (what, logName, check) => {
    for (;;) {
      if (await check().catch(() => false)) return;
      const p = pids[logName];
      if (p && !existsSync(`/proc/${p.pid}`)) throw new Error(`${what}: ${logName} exited.\n${tail(join(logs, `${logName}.log`))}`);
      if (Date.now() > deadline) throw new Error(`${what}: timed out.\n${tail(join(logs, `${logName}.log`))}`);
      await sleep(150);
    }
  };

  try {
    const t0 = Date.now();
    makePki(pki);
    const tokens = {
      admin: randomBytes(16).toString('hex'),
      controllerManager: randomBytes(16).toString('hex'),
      limited: randomBytes(16).toString('hex'),
    };
    // token,user,uid,"group1,group2"
    writeFileSync(
      join(pki, 'tokens.csv'),
      `${tokens.admin},admin,uid-admin,"system:masters"\n` +
        `${tokens.controllerManager},system:kube-controller-manager,uid-kcm,"system:masters"\n` +
        `${tokens.limited},limited-user,uid-limited,"helm-hooks:limited"\n`,
      { mode: 0o600 },
    );
    const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
    const server = `https://127.0.0.1:${apiPort}`;
    const caFile = join(pki, 'ca.crt');
    const ca = readFileSync(caFile);

    launch('etcd', bin.etcd, [
      '--name=helm-hooks',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=helm-hooks=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
      '--logger=zap',
    ]);

    launch('kube-apiserver', bin.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--insecure-port=0',
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      '--service-cluster-ip-range=10.96.0.0/24',
      '--kubelet-preferred-address-types=InternalIP,Hostname',
      `--kubelet-certificate-authority=${caFile}`,
      `--kubelet-client-certificate=${join(pki, 'apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${join(pki, 'apiserver-kubelet-client.key')}`,
      `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
      `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
      `--client-ca-file=${caFile}`,
      `--token-auth-file=${join(pki, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--allow-privileged=true',
      '--profiling=false',
      `--cert-dir=${join(pki, 'generated')}`,
      '--v=1',
    ]);
    await waitFor('etcd health', 'etcd', async () => {
      const r = await new Promise((res, rej) => {
        const q = httpGet(`http://127.0.0.1:${etcdClient}/health`, { timeout: 2000 }, (s) => {
          let b = '';
          s.setEncoding('utf8');
          s.on('data', (c) => (b += c));
          s.on('end', () => res(b));
        });
        q.on('timeout', () => q.destroy(new Error('timeout')));
        q.on('error', rej);
      });
      return parseJson(r)?.health === 'true';
    });
    await waitFor('kube-apiserver /readyz', 'kube-apiserver', async () => {
      const r = await apiGet(`${server}/readyz`, { ca, token: tokens.admin });
      return r.status === 200 && r.body.trim() === 'ok';
    });

    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    const limitedKubeconfig = join(dir, 'limited.kubeconfig');
    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
    writeFileSync(adminKubeconfig, kubeconfig({ server, caFile, user: 'admin', token: tokens.admin }), { mode: 0o600 });
    writeFileSync(limitedKubeconfig, kubeconfig({ server, caFile, user: 'limited-user', token: tokens.limited }), { mode: 0o600 });
    writeFileSync(kcmKubeconfig, kubeconfig({ server, caFile, user: 'system:kube-controller-manager', token: tokens.controllerManager }), { mode: 0o600 });

    launch('kube-controller-manager', bin.kubeControllerManager, [
      `--kubeconfig=${kcmKubeconfig}`,
      '--controllers=job,garbagecollector,serviceaccount,serviceaccount-token,namespace,deployment,replicaset',
      '--leader-elect=false',
      '--port=0',
      '--secure-port=0',
      '--bind-address=127.0.0.1',
      `--service-account-private-key-file=${join(pki, 'sa.key')}`,
      `--root-ca-file=${caFile}`,
      '--concurrent-gc-syncs=5',
      '--v=1',
    ]);

    const kubeletJs = opts.kubeletJs ?? join(repoRoot, 'out', 'test', 'cluster', 'kubelet', 'main.js');
    let kubelet = false;
    if (opts.kubelet) {
      if (!existsSync(kubeletJs)) throw new Error(`stand-in kubelet not built: ${kubeletJs} (run npx tsc -b, or pass --no-kubelet)`);
      writeFileSync(join(pki, 'kubelet.token'), tokens.admin, { mode: 0o600 });
      launch('kubelet', process.execPath, [
        kubeletJs,
        `--server=${server}`,
        `--ca-file=${caFile}`,
        `--token-file=${join(pki, 'kubelet.token')}`,
        `--node-name=${NODE_NAME}`,
        `--tls-cert-file=${join(pki, 'kubelet.crt')}`,
        `--tls-key-file=${join(pki, 'kubelet.key')}`,
        `--client-ca-file=${caFile}`,
        `--state-dir=${join(dir, 'kubelet')}`,
      ]);
      kubelet = true;
      await waitFor('stand-in kubelet: Node Ready', 'kubelet', async () => {
        const r = await apiGet(`${server}/api/v1/nodes/${NODE_NAME}`, { ca, token: tokens.admin });
        const node = parseJson(r.body);
        return r.status === 200 && (node?.status?.conditions ?? []).some((c) => c?.type === 'Ready' && c?.status === 'True');
      });
    }
    // Pods can be created in a namespace once its `default` ServiceAccount has its token Secret.
    await waitFor('kube-controller-manager: default ServiceAccount', 'kube-controller-manager', async () => {
      const r = await apiGet(`${server}/api/v1/namespaces/default/serviceaccounts/default`, { ca, token: tokens.admin });
      return r.status === 200 && (parseJson(r.body)?.secrets ?? []).length > 0;
    });

    if (opts.ownerPid) {
      launch('watchdog', process.execPath, [join(here, 'stop.mjs'), `--state-dir=${dir}`, `--when-gone=${opts.ownerPid}`]);
    }

    const info = {
      stateDir: dir,
      createdStateDir: createdDir,
      server,
      caFile,
      adminKubeconfig,
      limitedKubeconfig,
      tokens: { admin: tokens.admin, limited: tokens.limited },
      limitedUser: { name: 'limited-user', groups: ['helm-hooks:limited'] },
      nodeName: kubelet ? NODE_NAME : undefined,
      versions: VERSIONS,
      binaries: { helm3: bin.helm3, helm4: bin.helm4, kubectl: bin.kubectl },
      pids: Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, v.pid])),
      startMs: Date.now() - t0,
    };
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
    return info;
  } catch (e) {
    await stopPids(Object.values(pids).reverse(), { graceMs: 3000 });
    const err = e instanceof Error ? e : new Error(String(e));
    if (createdDir) {
      const keep = join(tmpdir(), `helm-hooks-cluster-failed-logs-${process.pid}`);
      try {
        rmSync(keep, { recursive: true, force: true });
        execFileSync('cp', ['-r', logs, keep]);
        err.message += `\n(logs kept in ${keep})`;
      } catch {
        /* best effort */
      }
      rmSync(dir, { recursive: true, force: true });
    } else {
      rmSync(join(dir, 'pids.json'), { force: true });
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`start.mjs: ${e.message}`);
    process.exit(2);
  }
  startCluster(opts).then(
    (info) => {
      if (opts.json) {
        process.stdout.write(JSON.stringify(info) + '\n');
      } else {
        console.log(`cluster up in ${(info.startMs / 1000).toFixed(1)}s: ${info.server} (Kubernetes v${VERSIONS.k8s})`);
        console.log(`  state:        ${info.stateDir}`);
        console.log(`  admin:        KUBECONFIG=${info.adminKubeconfig}`);
        console.log(`  limited user: KUBECONFIG=${info.limitedKubeconfig}`);
        console.log(`  helm:         ${info.binaries.helm3} | ${info.binaries.helm4}`);
        console.log(`  stop:         node scripts/cluster/stop.mjs --state-dir ${info.stateDir}`);
      }
    },
    (e) => {
      console.error(`start.mjs: ${e.message}`);
      process.exit(1);
    },
  );
}
