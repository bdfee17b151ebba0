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
    assert.match(f.message, /^On pre-install, 2 hooks share weight 0 \(this hook's weight "1\.5" counts as 0: Helm cannot parse it\)/);
    assert.match(f.message, /Helm runs this one 1st of 2, before "b" \(Job, templates\/b\.yaml\): equal weights run by metadata\.name, not in file order\. Use distinct weights/);
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
    assert.match(found[0].message, /^On post-install and post-upgrade, 2 hooks/);
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
      'On pre-install, 11 hooks share weight 0. Helm runs this one 7th of 11, after "hook-5" (ServiceAccount, templates/sa.yaml; same name, so by kind: ServiceAccount before Job) ' +
        'and before "hook-6" (Job, templates/h6.yaml; by metadata.name). Use distinct weights to set the order.',
    );
  });
});
