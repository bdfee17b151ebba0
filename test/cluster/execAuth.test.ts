import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../client/src/cluster';
import { cluster } from './cluster';

/** A kubeconfig whose user gets its token from an exec credential plugin (a node script here). */
function execKubeconfig(dir: string, plugin: string): string {
  const c = cluster();
  const file = path.join(dir, 'exec.kubeconfig');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: local',
      '  cluster:',
      `    server: ${c.server}`,
      `    certificate-authority: ${c.caFile}`,
      'users:',
      '- name: via-plugin',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${process.execPath}`,
      `      args: [${JSON.stringify(plugin)}]`,
      '      interactiveMode: Never',
      'contexts:',
      '- name: exec',
      '  context: {cluster: local, user: via-plugin}',
      'current-context: exec',
      '',
    ].join('\n'),
  );
  return file;
}

describe('exec credential plugins', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-exec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists releases with a token from an exec plugin, as kubectl would', async () => {
    const plugin = path.join(dir, 'plugin.js');
    const credential = { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: cluster().tokens.admin } };
    fs.writeFileSync(plugin, `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`);
    const session = openSession({ kubeconfig: execKubeconfig(dir, plugin), context: undefined, namespace: undefined, drivers: ['secret'], requestTimeoutMs: 15000 });
    try {
      await session.store.load();
      assert.equal(session.store.state.kind, 'ready', JSON.stringify(session.store.state));
      assert.equal(session.target.user, 'via-plugin');
    } finally {
      session.dispose();
    }
  });

  it('a plugin that hangs ends in a clear problem within the request timeout, not a hang', async () => {
    const plugin = path.join(dir, 'hang.js');
    fs.writeFileSync(plugin, 'setInterval(() => {}, 1000);\n');
    const session = openSession({ kubeconfig: execKubeconfig(dir, plugin), context: undefined, namespace: undefined, drivers: ['secret'], requestTimeoutMs: 2000 });
    try {
      const t0 = Date.now();
      await session.store.load();
      const state = session.store.state;
      assert.equal(state.kind, 'failed');
      assert.ok(state.kind === 'failed' && state.problem.kind === 'auth-plugin', JSON.stringify(state));
      assert.match(state.kind === 'failed' ? state.problem.message : '', /Getting credentials for user via-plugin took longer than 2000 ms/);
      assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
    } finally {
      session.dispose();
    }
  });

  it('a plugin that fails says so, with the plugin\'s own words', async () => {
    const plugin = path.join(dir, 'fail.js');
    fs.writeFileSync(plugin, 'process.stderr.write("token expired, run login"); process.exit(1);\n');
    const session = openSession({ kubeconfig: execKubeconfig(dir, plugin), context: undefined, namespace: undefined, drivers: ['secret'], requestTimeoutMs: 5000 });
    try {
      await session.store.load();
      const state = session.store.state;
      assert.ok(state.kind === 'failed' && state.problem.kind === 'auth-plugin', JSON.stringify(state));
      assert.match(state.kind === 'failed' ? state.problem.message : '', /Could not get credentials for user via-plugin/);
    } finally {
      session.dispose();
    }
  });
});
