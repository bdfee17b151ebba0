import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChartIndex, folders } from '../../server/src/charts/chartIndex';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO, '..', 'shared', 'corpus');

const job = (name: string, hook: string, weight?: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: ${hook}\n${weight === undefined ? '' : `    helm.sh/hook-weight: "${weight}"\n`}`;

describe('chart index (temporary charts)', () => {
  let dir: string;
  const write = (rel: string, content: string | Buffer): string => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-index-'));
    write('Chart.yaml', 'apiVersion: v2\nname: "shop" # the chart\nversion: 0.1.0\n');
    write('templates/a.yaml', job('a', 'pre-install'));
    write('templates/hooks/b.yaml', job('b', 'pre-install'));
    write('charts/audit/Chart.yaml', 'apiVersion: v2\nname: audit\nversion: 0.1.0\n');
    write('charts/audit/templates/audit.yaml', job('audit', 'pre-install', '-1'));
    write('charts/packed-1.0.0.tgz', Buffer.from([0x1f, 0x8b, 0x08, 0]));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes a release as Helm does: the root chart, its unpacked subcharts, Helm\'s template paths', () => {
    const index = new ChartIndex();
    const sub = path.join(dir, 'charts', 'audit', 'templates', 'audit.yaml');
    const r = index.releaseOf(sub);
    assert.ok(r);
    assert.equal(r.root.dir, dir, 'a subchart file belongs to the release of its parent');
    assert.equal(r.root.name, 'shop');
    assert.deepEqual(folders(r.root).map((c) => c.helmPath), ['shop', 'shop/charts/audit']);
    assert.deepEqual(r.root.packed, [path.join(dir, 'charts', 'packed-1.0.0.tgz')]);
    const { plan } = index.view(r);
    assert.deepEqual(plan.events[0].steps.map((h) => h.path), ['shop/charts/audit/templates/audit.yaml', 'shop/templates/a.yaml', 'shop/templates/hooks/b.yaml']);
    assert.deepEqual(index.discover([dir]), [dir], 'the subchart is not a root of its own');
  });

  it('an open document overrides the disk, and only changed files are read again', () => {
    const open = new Map<string, { text: string; version: number }>();
    const index = new ChartIndex((f) => open.get(f));
    const a = path.join(dir, 'templates', 'a.yaml');
    const r = index.releaseOf(a)!;
    const first = index.view(r);
    assert.equal(index.view(r), first, 'nothing changed: the cached view');
    open.set(a, { text: job('a', 'pre-install', '5'), version: 1 });
    const edited = index.view(r);
    assert.notEqual(edited, first);
    assert.deepEqual(edited.plan.events[0].steps.map((h) => `${h.name}@${h.weight}`), ['audit@-1', 'b@0', 'a@5']);
    // b.yaml's hooks are the same objects: it was not read again.
    assert.equal(edited.hooks.find((h) => h.name === 'b'), first.hooks.find((h) => h.name === 'b'));
    open.delete(a);
    assert.deepEqual(index.view(r).plan.events[0].steps.map((h) => h.name), ['audit', 'a', 'b'], 'closed: the disk text again');
  });

  it('a view after edit upon edit equals a fresh index\'s view of the same texts', () => {
    const open = new Map<string, { text: string; version: number }>();
    const index = new ChartIndex((f) => open.get(f));
    const a = path.join(dir, 'templates', 'a.yaml');
    const b = path.join(dir, 'templates', 'hooks', 'b.yaml');
    const r = index.releaseOf(a)!;
    const edits: [string, string][] = [
      [a, job('a', 'post-install', '3')],
      [b, job('b', 'post-install,pre-install', '3')],
      [a, job('a', 'pre-instal')],
      [b, job('zz', 'test')],
      [a, job('a', 'pre-install,test', '-1')],
    ];
    edits.forEach(([file, text], i) => {
      open.set(file, { text, version: i + 1 });
      const fresh = new ChartIndex((f) => open.get(f));
      const want = fresh.view(fresh.releaseOf(a)!);
      const got = index.view(r);
      assert.deepEqual(got.plan, want.plan, `after edit ${i + 1}`);
      assert.deepEqual(got.ties, want.ties, `after edit ${i + 1}`);
    });
  });

  it('follows created, changed and deleted files and Chart.yaml changes', () => {
    const index = new ChartIndex();
    const r = index.releaseOf(path.join(dir, 'templates', 'a.yaml'))!;
    index.view(r);
    const c = write('templates/c.yaml', job('c', 'pre-install', '-9'));
    assert.deepEqual(index.fileChanged(c, 'created'), [r]);
    write('templates/a.yaml', job('a', 'post-install'));
    index.fileChanged(path.join(dir, 'templates', 'a.yaml'), 'changed');
    fs.rmSync(path.join(dir, 'templates', 'hooks'), { recursive: true });
    index.fileChanged(path.join(dir, 'templates', 'hooks'), 'deleted');
    const { plan } = index.view(r);
    assert.deepEqual(plan.events.find((e) => e.event === 'pre-install')!.steps.map((h) => h.name), ['c', 'audit']);
    assert.deepEqual(plan.events.find((e) => e.event === 'post-install')!.steps.map((h) => h.name), ['a']);
    // A renamed chart: its release is dropped and read again, with the new name in every path.
    write('Chart.yaml', 'apiVersion: v2\nname: store\nversion: 0.1.0\n');
    assert.deepEqual(index.fileChanged(path.join(dir, 'Chart.yaml'), 'changed'), [r]);
    const again = index.releaseOf(path.join(dir, 'templates', 'a.yaml'))!;
    assert.notEqual(again, r);
    assert.ok(index.view(again).hooks.every((h) => h.path.startsWith('store/')));
  });

  it('skips files over 10 MB and binary files, and reads invalid UTF-8 with replacements', () => {
    write('templates/huge.yaml', job('huge', 'pre-install') + '#'.repeat(10 * 1024 * 1024));
    write('templates/logo.yaml', Buffer.concat([Buffer.from(job('logo', 'pre-install')), Buffer.from([0, 1, 2])]));
    write('templates/latin1.yaml', Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(job('latin', 'pre-install'))]));
    const index = new ChartIndex();
    const r = index.releaseOf(path.join(dir, 'templates', 'a.yaml'))!;
    const names = index.view(r).hooks.map((h) => h.name);
    assert.ok(!names.includes('huge') && !names.includes('logo') && names.includes('latin'), names.join());
    const skipped = folders(r.root).flatMap((c) => [...c.templates.values()]).filter((t) => t.skipped !== undefined).map((t) => `${path.basename(t.file)}: ${t.skipped}`);
    assert.deepEqual(skipped.sort(), ['huge.yaml: over the 10 MB limit for templates', 'logo.yaml: binary file']);
  });

  it('reports ties for one file through tieFindings, and nothing for files outside a chart', () => {
    const index = new ChartIndex();
    const a = path.join(dir, 'templates', 'a.yaml');
    const found = index.tieFindings(a, fs.readFileSync(a, 'utf8'));
    assert.deepEqual(found.map((f) => f.code), ['hook-weight-tie']);
    assert.match(found[0].message, /^2 hooks share weight 0 on pre-install;/);
    const outside = path.join(os.tmpdir(), `helm-hooks-no-chart-${process.pid}.yaml`);
    assert.deepEqual(index.tieFindings(outside, job('x', 'pre-install')), []);
  });
});

/**
 * Every weight tie in the real-chart corpus, with why it is worth the information. A tie is not a bug in
 * itself: it tells the author that name (then kind) order, not file order, decides. Each entry is
 * `<chart> <event> w<weight> <reasons>`; reasons name, for each neighbouring pair, what orders it.
 * Only ties with a Job or Pod among them count, as Helm waits only for those: contour's certgen Role,
 * RoleBinding and ServiceAccount (its Job runs at weight 1) and kube-prometheus-stack's weight -5
 * NetworkPolicy, CiliumNetworkPolicy and CRD-upgrade ClusterRole are created one after another without
 * waiting, so their order shows nowhere.
 */
const EXPECTED_TIES: { ties: string[]; reason: string }[] = [
  {
    ties: ['bitnami/influxdb pre-install w0 name,kind,kind,rendered-name', 'bitnami/influxdb post-delete w0 kind,kind,rendered-name'],
    reason:
      'the admin-token Job shares weight 0 with its Role, RoleBinding and ServiceAccount: Role and RoleBinding run first by kind, but whether the ServiceAccount (another helper) exists before the Job depends on the rendered names',
  },
  ...['mariadb', 'mongodb', 'mysql', 'postgresql'].map((chart) => ({
    ties: [`bitnami/${chart} pre-upgrade w0 name,name`],
    reason:
      'update-password: the new-secret and previous-secret Secrets and the password-update Job share weight 0, so name order runs the Job before "-previous-secret" exists ("pa" < "pr"), though the Job reads it',
  })),
  {
    ties: [
      'ingress-nginx/ingress-nginx pre-install w0 rendered-name,kind,kind,kind,kind,rendered-name',
      'ingress-nginx/ingress-nginx post-install w0 kind,kind,kind,kind,rendered-name,rendered-name',
      'ingress-nginx/ingress-nginx pre-upgrade w0 rendered-name,kind,kind,kind,kind,rendered-name',
      'ingress-nginx/ingress-nginx post-upgrade w0 kind,kind,kind,kind,rendered-name,rendered-name',
    ],
    reason: 'admission-webhook Jobs share weight 0 with their RBAC objects and ServiceAccount; the RBAC objects share one name (kind order), the Jobs and ServiceAccount use other helpers',
  },
  {
    ties: [
      'prometheus-community/kube-prometheus-stack pre-install w0 kind,kind,kind,kind,name',
      'prometheus-community/kube-prometheus-stack pre-upgrade w0 kind,kind,kind,kind,name',
      'prometheus-community/kube-prometheus-stack post-install w0 kind,kind,kind,kind,name',
      'prometheus-community/kube-prometheus-stack post-upgrade w0 kind,kind,kind,kind,name',
    ],
    reason:
      'weight 0: the admission RBAC objects named "-admission" run by kind, then the Job "-admission-create"/"-admission-patch" by name: the order the chart relies on',
  },
  {
    ties: [
      'prometheus-community/prometheus-operator-admission-webhook pre-install w0 kind,kind,kind,kind,name',
      'prometheus-community/prometheus-operator-admission-webhook post-install w0 kind,kind,kind,kind,name',
      'prometheus-community/prometheus-operator-admission-webhook pre-upgrade w0 kind,kind,kind,kind,name',
      'prometheus-community/prometheus-operator-admission-webhook post-upgrade w0 kind,kind,kind,kind,name',
    ],
    reason: 'RBAC objects named "-aux" run by kind, then the Job "-create"/"-patch" by name ("aux" < "create" < "patch")',
  },
];

describe('chart index over ../shared/corpus', () => {
  let index: ChartIndex;
  let roots: string[];

  before(function () {
    assert.ok(fs.existsSync(CORPUS), `the corpus is missing at ${CORPUS} (set HELM_HOOKS_CORPUS): this tier cannot run without it`);
    index = new ChartIndex();
    roots = index.discover([CORPUS]);
  });

  it('finds every chart, with unpacked subcharts in their parent\'s release', () => {
    assert.equal(roots.length, 162);
    const all = roots.flatMap((r) => folders(index.release(r).root));
    assert.equal(all.length, 165, 'every Chart.yaml in the corpus');
    assert.deepEqual(
      all.filter((c) => c.helmPath.includes('/charts/')).map((c) => c.helmPath),
      ['kube-prometheus/charts/kube-prometheus-crds', 'kube-prometheus-stack/charts/crds', 'prometheus-operator-crds/charts/crds'],
    );
  });

  it('places the hooks, and lists exactly the expected weight ties', () => {
    const ties: string[] = [];
    let hooks = 0;
    let placed = 0;
    for (const r of roots) {
      const v = index.view(index.release(r));
      hooks += v.hooks.length;
      placed += v.hooks.filter((h) => h.placement === 'placed').length;
      for (const t of v.ties) ties.push(`${path.relative(CORPUS, r).split(path.sep).join('/')} ${t.event} w${t.weight} ${t.reasons.join()}`);
    }
    assert.equal(hooks, 66);
    // redis-cluster and valkey-cluster take the update Job's events from .Values.updateJob.helmHook.
    assert.equal(placed, 64, 'two hooks have template-built events; none is dropped');
    assert.deepEqual(ties.sort(), EXPECTED_TIES.flatMap((e) => e.ties).sort());
  });

  it('reports the ties on the hooks of each file: 59 information findings, nothing else', () => {
    let count = 0;
    for (const r of roots) {
      const release = index.release(r);
      for (const c of folders(release.root)) {
        for (const t of c.templates.values()) {
          if (t.hooks.length === 0) continue;
          for (const f of index.tieFindings(t.file, fs.readFileSync(t.file, 'utf8'))) {
            assert.equal(f.code, 'hook-weight-tie');
            assert.equal(f.severity, 'information');
            count += 1;
          }
        }
      }
    }
    assert.equal(count, 59);
  });
});
