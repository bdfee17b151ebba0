import * as assert from 'node:assert/strict';
import { RULE_BY_CODE } from '../../../engine';
import { plan, tieFindings, weightTies } from '../../../engine/chart';
import { chartHooks, hookDoc, names } from './chartUtil';

describe('chart layer: weight ties (hook-weight-tie)', () => {
  it('is in the catalog as information', () => {
    assert.equal(RULE_BY_CODE.get('hook-weight-tie')?.severity, 'information');
  });

  it('finds hooks of one event sharing a weight across files, in run order, with the reason', () => {
    const hooks = chartHooks({
      'c/templates/z-first-in-files.yaml': hookDoc('Job', 'seed', ['helm.sh/hook: post-install']),
      'c/templates/a.yaml': hookDoc('Job', 'warm', ['helm.sh/hook: post-install', 'helm.sh/hook-weight: "0"']),
      'c/templates/b.yaml': hookDoc('Job', 'late', ['helm.sh/hook: post-install', 'helm.sh/hook-weight: "1"']),
    });
    const ties = weightTies(plan(hooks));
    assert.equal(ties.length, 1);
    assert.deepEqual([ties[0].event, ties[0].weight, names(ties[0].hooks), ties[0].reasons], ['post-install', 0, ['seed', 'warm'], ['name']]);
  });

  it('names kind order for equal names, file order for equal names and kinds, and open order for rendered names', () => {
    const hooks = chartHooks({
      'c/templates/1.yaml': hookDoc('Job', 'setup', ['helm.sh/hook: pre-install']),
      'c/templates/2.yaml': hookDoc('ServiceAccount', 'setup', ['helm.sh/hook: pre-install']),
      'c/templates/3.yaml': hookDoc('ServiceAccount', 'setup', ['helm.sh/hook: pre-install']),
      'c/templates/4.yaml': hookDoc('Job', '{{ .Values.name }}', ['helm.sh/hook: pre-install']),
    });
    const [tie] = weightTies(plan(hooks));
    assert.deepEqual(
      tie.hooks.map((h) => `${h.kind} ${h.path}`),
      ['ServiceAccount c/templates/2.yaml', 'ServiceAccount c/templates/3.yaml', 'Job c/templates/1.yaml', 'Job c/templates/4.yaml'],
    );
    assert.deepEqual(tie.reasons, ['file-order', 'kind', 'rendered-name']);
  });

  it('leaves out template-printed weights, and a hook does not tie with itself', () => {
    const hooks = chartHooks({
      'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: pre-install,pre-install']),
      'c/templates/b.yaml': hookDoc('Job', 'b', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: {{ .Values.w | quote }}']),
    });
    assert.deepEqual(weightTies(plan(hooks)), []);
  });

  it('an unparsable weight ties at 0, and the finding says why', () => {
    const files = {
      'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "1.5"']),
      'c/templates/b.yaml': hookDoc('Job', 'b', ['helm.sh/hook: pre-install']),
    };
    const ties = weightTies(plan(chartHooks(files)));
    const [f] = tieFindings(ties, 'c/templates/a.yaml', files['c/templates/a.yaml']);
    assert.equal(f.code, 'hook-weight-tie');
    assert.equal(f.severity, 'information');
    assert.equal(files['c/templates/a.yaml'].slice(f.start, f.end), '"1.5"');
    assert.match(f.message, /^2 hooks share weight 0 on pre-install \(this hook's weight "1\.5" counts as 0: Helm cannot parse it\)/);
    assert.match(
      f.message,
      /this one runs 1st, before "b" \(Job, templates\/b\.yaml\), by metadata\.name, not file order\. Helm waits for each Job and Pod hook before the next\. Use distinct weights/,
    );
    // Without a weight annotation the finding sits on the helm.sh/hook value.
    const [g] = tieFindings(ties, 'c/templates/b.yaml', files['c/templates/b.yaml']);
    assert.equal(files['c/templates/b.yaml'].slice(g.start, g.end), 'pre-install');
  });

  it('one finding for the same tie on several events; severity settings and disable comments apply', () => {
    const files = {
      'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: post-install,post-upgrade']),
      'c/templates/b.yaml': hookDoc('Job', 'b', ['helm.sh/hook: post-install,post-upgrade']),
    };
    const ties = weightTies(plan(chartHooks(files)));
    const found = tieFindings(ties, 'c/templates/a.yaml', files['c/templates/a.yaml']);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^2 hooks share weight 0 on post-install and post-upgrade;/);
    assert.deepEqual(tieFindings(ties, 'c/templates/a.yaml', files['c/templates/a.yaml'], { severities: { 'hook-weight-tie': 'off' } }), []);
    assert.equal(tieFindings(ties, 'c/templates/a.yaml', files['c/templates/a.yaml'], { severities: { 'hook-weight-tie': 'warning' } })[0].severity, 'warning');
    const muted = { ...files, 'c/templates/a.yaml': files['c/templates/a.yaml'].replace('    helm.sh/hook:', '    # helm-hooks-disable-next-line hook-weight-tie\n    helm.sh/hook:') };
    assert.deepEqual(tieFindings(weightTies(plan(chartHooks(muted))), 'c/templates/a.yaml', muted['c/templates/a.yaml']), []);
  });

  it('names only the hook\'s neighbours in a long line-up, each with its reason', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`c/templates/h${i}.yaml`] = hookDoc('Job', `hook-${i}`, ['helm.sh/hook: pre-install']);
    files['c/templates/sa.yaml'] = hookDoc('ServiceAccount', 'hook-5', ['helm.sh/hook: pre-install']);
    const ties = weightTies(plan(chartHooks(files)));
    const [f] = tieFindings(ties, 'c/templates/h5.yaml', files['c/templates/h5.yaml']);
    assert.equal(
      f.message,
      '11 hooks share weight 0 on pre-install; this one runs 7th, after "hook-5" (ServiceAccount, templates/sa.yaml; same name, so by kind: ServiceAccount before Job) ' +
        'and before "hook-6" (Job, templates/h6.yaml; by metadata.name). Helm waits for each Job and Pod hook before the next. ' +
        'Use distinct weights to set the order.',
    );
  });

  describe('only where the order shows: a Job or Pod among the tied hooks', () => {
    const deployment = (i: number): string =>
      hookDoc('Deployment', `{{ include "x.fullname" . }}-worker-${String(i).padStart(2, '0')}`, ['helm.sh/hook: post-install,post-upgrade', 'helm.sh/hook-weight: "5"']);

    it('18 Deployment hooks at one weight (a public chart\'s shape): no tie, no finding, and the plan still runs them by name', () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 18; i++) files[`c/templates/workers/worker-${i}.yaml`] = deployment(i);
      const p = plan(chartHooks(files));
      assert.deepEqual(weightTies(p), []);
      for (const [path, text] of Object.entries(files)) assert.deepEqual(tieFindings(weightTies(p), path, text), []);
      const steps = p.events.find((e) => e.event === 'post-install')!.steps;
      assert.equal(steps.length, 18);
      assert.deepEqual(names(steps), [...names(steps)].sort());
    });

    it('no tie among ConfigMaps, Secrets, RBAC and the like either', () => {
      const hooks = chartHooks({
        'c/templates/a.yaml': hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install']),
        'c/templates/b.yaml': hookDoc('Secret', 'creds', ['helm.sh/hook: pre-install']),
        'c/templates/c.yaml': hookDoc('ServiceAccount', 'migrate', ['helm.sh/hook: pre-install']),
        'c/templates/d.yaml': hookDoc('RoleBinding', 'migrate', ['helm.sh/hook: pre-install']),
        'c/templates/e.yaml': hookDoc('Job', 'later', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "1"']),
      });
      assert.deepEqual(weightTies(plan(hooks)), [], 'the Job runs at weight 1, after all of them whatever their order');
    });

    it('a Job tied with a ConfigMap: both are told, and the message says which one Helm waits for', () => {
      const files = {
        'c/templates/job.yaml': hookDoc('Job', 'app-migrate', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-5"']),
        'c/templates/settings.yaml': hookDoc('ConfigMap', 'app-settings', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-5"']),
      };
      const ties = weightTies(plan(chartHooks(files)));
      assert.deepEqual(ties.map((t) => [t.event, t.weight, names(t.hooks).join()]), [['pre-install', -5, 'app-migrate,app-settings']]);
      const [job] = tieFindings(ties, 'c/templates/job.yaml', files['c/templates/job.yaml']);
      assert.equal(
        job.message,
        '2 hooks share weight -5 on pre-install; this one runs 1st, before "app-settings" (ConfigMap, templates/settings.yaml), ' +
          'by metadata.name, not file order. Helm waits for this Job before the next hook. Use distinct weights to set the order.',
      );
      const [cm] = tieFindings(ties, 'c/templates/settings.yaml', files['c/templates/settings.yaml']);
      assert.equal(
        cm.message,
        '2 hooks share weight -5 on pre-install; this one runs 2nd, after "app-migrate" (Job, templates/job.yaml), ' +
          'by metadata.name, not file order. Helm waits for the Job "app-migrate" before the next hook. Use distinct weights to set the order.',
      );
    });

    it('a Pod counts like a Job; a kind a template sets may be either, so its tie stays', () => {
      const pod = chartHooks({
        'c/templates/a.yaml': hookDoc('Pod', 'smoke', ['helm.sh/hook: test']),
        'c/templates/b.yaml': hookDoc('Service', 'smoke-svc', ['helm.sh/hook: test']),
      });
      assert.equal(weightTies(plan(pod)).length, 1);
      const files = {
        'c/templates/a.yaml': hookDoc('{{ .Values.kind }}', 'runner', ['helm.sh/hook: pre-install']),
        'c/templates/b.yaml': hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install']),
      };
      const ties = weightTies(plan(chartHooks(files)));
      assert.equal(ties.length, 1);
      assert.match(tieFindings(ties, 'c/templates/b.yaml', files['c/templates/b.yaml'])[0].message, /A kind set by a template may make a hook a Job or Pod, which Helm waits for/);
    });

    it('a tie of Deployments beside a tie with a Job on another event: only the Job\'s tie', () => {
      const hooks = chartHooks({
        'c/templates/a.yaml': hookDoc('Deployment', 'a', ['helm.sh/hook: post-install']),
        'c/templates/b.yaml': hookDoc('Deployment', 'b', ['helm.sh/hook: post-install,pre-upgrade']),
        'c/templates/c.yaml': hookDoc('Job', 'c', ['helm.sh/hook: pre-upgrade']),
      });
      assert.deepEqual(weightTies(plan(hooks)).map((t) => `${t.event} ${names(t.hooks).join()}`), ['pre-upgrade b,c']);
    });
  });
});
