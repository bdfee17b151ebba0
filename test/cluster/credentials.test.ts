import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession, StoreState } from '../../client/src/cluster';
import { cluster, waitFor } from './cluster';
import { writeKubeconfig } from './layer';

/** Processes whose command line mentions `file`. */
function processesRunning(file: string): number {
  let n = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(file)) n += 1;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

/** Opens a session on `kubeconfig`, lists releases, and reports how that went; the session is closed. */
async function loadWith(kubeconfig: string, requestTimeoutMs = 15000): Promise<{ state: StoreState; user: string; ms: number }> {
  const session = openSession({ kubeconfig, context: undefined, namespace: undefined, drivers: ['secret'], requestTimeoutMs });
  const t0 = Date.now();
  try {
    await session.store.load();
    return { state: session.store.state, user: session.target.user, ms: Date.now() - t0 };
  } finally {
    await session.dispose();
  }
}

function problemOf(state: StoreState): { kind: string; message: string } {
  assert.ok(state.kind === 'failed', `expected a failure, got ${JSON.stringify(state)}`);
  return state.problem;
}

/** A kubeconfig whose user gets its token from an exec credential plugin (a node script here). */
function execKubeconfig(dir: string, plugin: string): string {
  return writeKubeconfig(
    dir,
    {
      user: 'via-plugin',
      credentials: ['    exec:', '      apiVersion: client.authentication.k8s.io/v1beta1', `      command: ${process.execPath}`, `      args: [${JSON.stringify(plugin)}]`, '      interactiveMode: Never'],
    },
    'exec.kubeconfig',
  );
}

describe('client certificates', function () {
  this.timeout(60_000);

  it('lists releases as a user known by its client certificate', async () => {
    const c = cluster();
    const pki = path.dirname(c.caFile);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-cert-'));
    try {
      // The cluster's own client certificate (O=system:masters), the way kubeadm-style kubeconfigs log in.
      const certificate = [`    client-certificate: ${path.join(pki, 'apiserver-kubelet-client.crt')}`, `    client-key: ${path.join(pki, 'apiserver-kubelet-client.key')}`];
      const file = writeKubeconfig(dir, { user: 'by-cert', credentials: certificate }, 'cert.kubeconfig');
      const ok = await loadWith(file);
      assert.equal(ok.state.kind, 'ready', JSON.stringify(ok.state));
      // Without the certificate the same request is anonymous, and refused: the certificate is what counted.
      const anon = writeKubeconfig(dir, { user: 'by-cert', credentials: [] }, 'anon.kubeconfig');
      assert.ok(['unauthorized', 'forbidden'].includes(problemOf((await loadWith(anon)).state).kind));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exec credential plugins', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-exec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists releases with a token from an exec plugin, as kubectl would', async () => {
    const plugin = path.join(dir, 'plugin.js');
    const credential = { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: cluster().tokens.admin } };
    fs.writeFileSync(plugin, `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`);
    const r = await loadWith(execKubeconfig(dir, plugin));
    assert.equal(r.state.kind, 'ready', JSON.stringify(r.state));
    assert.equal(r.user, 'via-plugin');
  });

  it('a plugin that hangs ends in a clear problem within the request timeout, not a hang', async () => {
    const plugin = path.join(dir, 'hang.js');
    fs.writeFileSync(plugin, 'setInterval(() => {}, 1000);\n');
    const r = await loadWith(execKubeconfig(dir, plugin), 2000);
    const problem = problemOf(r.state);
    assert.equal(problem.kind, 'auth-plugin');
    assert.match(problem.message, /Getting credentials for user via-plugin took longer than 2000 ms/);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    // The plugin itself is stopped too: a hung login must not outlive the request (or keep the editor busy).
    await waitFor('the hanging plugin to be killed', 10_000, () => Promise.resolve(processesRunning(plugin) === 0 ? true : undefined));
  });

  it('a plugin that fails says so, with the plugin\'s own words', async () => {
    const plugin = path.join(dir, 'fail.js');
    fs.writeFileSync(plugin, 'process.stderr.write("token expired, run login"); process.exit(1);\n');
    const problem = problemOf((await loadWith(execKubeconfig(dir, plugin), 5000)).state);
    assert.equal(problem.kind, 'auth-plugin');
    assert.match(problem.message, /Could not get credentials for user via-plugin: token expired, run login/);
  });
});
