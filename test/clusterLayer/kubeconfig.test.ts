import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigFiles, loadKubeconfig, target } from '../../client/src/cluster/kube/config';
import { ClusterProblem } from '../../client/src/cluster/kube/problems';

function kubeconfig(contexts: { name: string; cluster: string; server: string; user: string; namespace?: string }[], current?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.cluster}`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.user}`, '  user:', '    token: t');
  lines.push('contexts:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.cluster}`, `    user: ${c.user}`, ...(c.namespace ? [`    namespace: ${c.namespace}`] : []));
  if (current !== undefined) lines.push(`current-context: ${current}`);
  return `${lines.join('\n')}\n`;
}

describe('kubeconfig', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-kc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('reads KUBECONFIG with several files as kubectl does: first file wins names and current-context', () => {
    const a = write('a', kubeconfig([{ name: 'dev', cluster: 'dev', server: 'https://dev.example:6443', user: 'me', namespace: 'shop' }], 'dev'));
    const b = write('b', kubeconfig([
      { name: 'dev', cluster: 'dev', server: 'https://other.example:6443', user: 'me' },
      { name: 'prod', cluster: 'prod', server: 'https://prod.example:6443', user: 'ops' },
    ], 'prod'));
    const loaded = loadKubeconfig({ env: { KUBECONFIG: [a, b].join(path.delimiter) } });
    assert.deepEqual(loaded.contexts, ['dev', 'prod']);
    const t = target(loaded, undefined);
    assert.equal(t.context, 'dev');
    assert.equal(t.server, 'https://dev.example:6443', 'the first file defines cluster dev');
    assert.equal(t.namespace, 'shop');
  });

  it('switches to a picked context without touching the files, and its namespace defaults to default', () => {
    const a = write('a', kubeconfig([
      { name: 'dev', cluster: 'dev', server: 'https://dev.example:6443', user: 'me' },
      { name: 'prod', cluster: 'prod', server: 'https://prod.example:6443', user: 'ops' },
    ], 'dev'));
    const before = fs.readFileSync(a, 'utf8');
    const t = target(loadKubeconfig({ explicit: a }), 'prod');
    assert.deepEqual([t.context, t.server, t.user, t.namespace], ['prod', 'https://prod.example:6443', 'ops', 'default']);
    assert.equal(fs.readFileSync(a, 'utf8'), before);
  });

  it('the setting overrides KUBECONFIG; missing files are skipped; ~ means home', () => {
    assert.deepEqual(kubeconfigFiles({ explicit: '~/k1', env: { KUBECONFIG: '/x' }, home: '/home/u' }), ['/home/u/k1']);
    assert.deepEqual(kubeconfigFiles({ env: {}, home: '/home/u' }), ['/home/u/.kube/config']);
    const a = write('a', kubeconfig([{ name: 'dev', cluster: 'dev', server: 'https://dev.example', user: 'me' }], 'dev'));
    assert.deepEqual(loadKubeconfig({ env: { KUBECONFIG: `${path.join(dir, 'missing')}${path.delimiter}${a}` } }).files, [a]);
  });

  it('says what is wrong: no file, no current context, a context naming an unknown cluster, broken YAML', () => {
    const problem = (f: () => unknown): ClusterProblem => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof ClusterProblem, `a ClusterProblem, got ${String(e)}`);
        return e;
      }
      assert.fail('no problem reported');
    };
    assert.match(problem(() => loadKubeconfig({ env: { KUBECONFIG: path.join(dir, 'none') } })).message, /No kubeconfig found .*none.*KUBECONFIG or the helmHooks\.kubeconfig setting/);
    const noCurrent = write('n', kubeconfig([{ name: 'dev', cluster: 'dev', server: 'https://dev.example', user: 'me' }]));
    assert.match(problem(() => target(loadKubeconfig({ explicit: noCurrent }), undefined)).message, /sets no current-context: pick a context/);
    const dangling = write('d', 'apiVersion: v1\nkind: Config\ncontexts:\n- name: x\n  context: {cluster: gone, user: me}\ncurrent-context: x\n');
    assert.match(problem(() => target(loadKubeconfig({ explicit: dangling }), undefined)).message, /Context x names cluster gone, which the kubeconfig does not define/);
    const broken = write('b', 'clusters: [\n  - {');
    assert.match(problem(() => loadKubeconfig({ explicit: broken })).message, new RegExp(`Cannot read kubeconfig ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
