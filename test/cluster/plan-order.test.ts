// `helm-hooks plan` (the bundled dist/cli.js) against what the real helm 3.18 and 4.1 do on the local
// cluster: the chart's hooks get their names, weights and events from values and helpers, three of them tie
// on a weight (a ConfigMap among two Jobs) and are ordered by their rendered names against file order, and
// one hook is switched off by the values. The plan's order of each event must be the order of
// last_run.started_at in the release record helm writes, and the switched-off hook must be in neither.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cluster, createNamespace, HelmMajor, readRelease, repoRoot, run } from './cluster';
import { mustHelm, nanos } from './layer';

const chart = join(repoRoot, 'test', 'cluster', 'fixtures', 'charts', 'plan-order');
const values = join(repoRoot, 'test', 'cluster', 'fixtures', 'plan-order-values.yaml');
const cli = join(repoRoot, 'dist', 'cli.js');
// `helm template` (what plan runs) names the release "release-name"; installing under that name gives the
// same object names, so plan and record are compared name for name.
const release = 'release-name';

interface PlanJson {
  events: { event: string; hooks: { kind: string; name: string; weight: number; template: string }[] }[];
  ties: { event: string; weight: number; order: { kind: string; name: string }[] }[];
  switchedOff: { kind: string; template: string }[];
  dropped: unknown[];
}

const id = (h: { kind: string; name: string }): string => `${h.kind}/${h.name}`;
const n = (part: string): string => `${release}-plan-order-${part}`;

for (const major of [3, 4] as HelmMajor[]) {
  describe(`helm-hooks plan against the order helm ${major} runs the hooks on the cluster`, () => {
    const ns = `plan-order-h${major}`;
    let plan: PlanJson;

    before(async () => {
      const helmBin = major === 3 ? cluster().binaries.helm3 : cluster().binaries.helm4;
      const [p] = await Promise.all([
        run(process.execPath, [cli, 'plan', chart, '--helm', helmBin, '--format', 'json', '--values', values], { timeoutMs: 120000 }),
        createNamespace(ns),
      ]);
      assert.equal(p.code, 0, `helm-hooks plan failed (exit ${p.code}):\n${p.stderr}${p.stdout}`);
      plan = JSON.parse(p.stdout) as PlanJson;
      await mustHelm(major, ['install', release, chart, '--namespace', ns, '--values', values, '--timeout', '120s']);
    });

    const planned = (event: string): string[] => plan.events.find((e) => e.event === event)?.hooks.map(id) ?? [];

    it('plans the order the values and helpers make: weights, then the rendered names, not file order', () => {
      // schema moved to -3 and seed renamed "aa-seed" by the values; the weight-5 tie by name is
      // aa-seed, cache-warm, db-migrate (file order: a-seed, b-migrate, c-cache).
      assert.deepEqual(planned('pre-install'), [`Job/${n('schema')}`, `Job/${n('aa-seed')}`, `ConfigMap/${n('cache-warm')}`, `Job/${n('db-migrate')}`]);
      assert.deepEqual(planned('post-install'), [`Job/${n('notify')}`, `Job/${n('report')}`]);
      assert.deepEqual(
        plan.ties.map((t) => [t.event, t.weight, t.order.map(id)]),
        [['pre-install', 5, [`Job/${n('aa-seed')}`, `ConfigMap/${n('cache-warm')}`, `Job/${n('db-migrate')}`]]],
      );
      assert.deepEqual(plan.dropped, []);
    });

    for (const event of ['pre-install', 'post-install']) {
      it(`${event}: the plan's order is the order of last_run.started_at in the release record`, async () => {
        const record = await readRelease(ns, release, 1);
        assert.equal(record.info.status, 'deployed');
        const ran = (record.hooks ?? [])
          .filter((h) => h.events.includes(event))
          .map((h) => ({ ...h, at: nanos(h.last_run.started_at), done: nanos(h.last_run.completed_at) }))
          .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        assert.deepEqual(ran.map(id), planned(event), `plan order is not the order helm ${major} ran the ${event} hooks in`);
        for (const [i, h] of ran.entries()) {
          assert.equal(h.last_run.phase, 'Succeeded', id(h));
          const next = ran[i + 1];
          if (next === undefined) continue;
          // One at a time: no two hooks started at the same instant, and a Job finished before the next started.
          assert.ok(h.at < next.at, `${id(h)} and ${id(next)} started at the same time`);
          if (h.kind === 'Job') assert.ok(h.done <= next.at, `${id(next)} started before ${id(h)} completed`);
        }
      });
    }

    it('the hook the values switch off is in neither the timeline nor the record; the plan lists it as switched off', async () => {
      const record = await readRelease(ns, release, 1);
      const recorded = (record.hooks ?? []).map(id);
      assert.ok(!recorded.some((h) => h.includes('verify')), `verify is in the record: ${recorded.join(', ')}`);
      const inPlan = plan.events.flatMap((e) => e.hooks.map((h) => h.template));
      assert.ok(!inPlan.includes('plan-order/templates/e-verify.yaml'), 'verify is in the timeline');
      assert.deepEqual(
        plan.switchedOff.map((h) => [h.kind, h.template]),
        [['Job', 'plan-order/templates/e-verify.yaml']],
      );
      // Every hook helm recorded is one the plan has, on the same events.
      const planned2 = new Set(plan.events.flatMap((e) => e.hooks.map((h) => `${e.event} ${id(h)}`)));
      const recorded2 = new Set((record.hooks ?? []).flatMap((h) => h.events.map((e) => `${e} ${id(h)}`)));
      assert.deepEqual([...recorded2].sort(), [...planned2].sort());
    });
  });
}
