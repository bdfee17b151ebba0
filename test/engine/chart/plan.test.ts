import * as assert from 'node:assert/strict';
import { lensText, ordinal, placesOf, plan } from '../../../engine/chart';
import { chartHooks, hookDoc, names } from './chartUtil';

describe('chart layer: plan and code lens text', () => {
  const hooks = chartHooks({
    'shop/templates/b-job.yaml': hookDoc('Job', 'migrate', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-weight: "5"']),
    'shop/templates/a-config.yaml': hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-upgrade,pre-install', 'helm.sh/hook-weight: "-5"']),
    'shop/templates/c-sa.yaml': hookDoc('ServiceAccount', 'migrate', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "5"']),
    'shop/templates/d-seed.yaml': hookDoc('Job', 'seed', ['helm.sh/hook: post-install,post-install']),
    'shop/templates/e-typo.yaml': hookDoc('Job', 'typo', ['helm.sh/hook: post-instal']),
    'shop/templates/f-values.yaml': hookDoc('Job', 'values', ['helm.sh/hook: "{{ .Values.events }}"']),
    'shop/charts/audit/templates/audit.yaml': hookDoc('Job', 'audit', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "5"']),
  });
  const p = plan(hooks);
  const by = (name: string, kind = 'Job') => hooks.find((h) => h.name === name && h.kind === kind)!;

  it('lists every event in lifecycle order, hooks in Helm\'s order: weight, then name, then kind', () => {
    assert.deepEqual(p.events.map((e) => e.event), ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test']);
    const steps = (event: string) => p.events.find((e) => e.event === event)!.steps.map((h) => `${h.kind}/${h.name}`);
    assert.deepEqual(steps('pre-install'), ['ConfigMap/settings', 'Job/migrate']);
    // Equal weight 5: "audit" < "migrate" by name (the subchart's hook first); the two "migrate" by kind.
    assert.deepEqual(steps('pre-upgrade'), ['ConfigMap/settings', 'Job/audit', 'ServiceAccount/migrate', 'Job/migrate']);
    assert.deepEqual(steps('post-install'), ['Job/seed', 'Job/seed'], 'listed twice, runs twice');
  });

  it('keeps dropped hooks and template-built events out of the order, and lists them', () => {
    assert.deepEqual(names(p.dropped), ['typo']);
    assert.deepEqual(names(p.unplaced), ['values']);
  });

  it('gives each hook its places, in the order its annotation lists the events', () => {
    assert.deepEqual(placesOf(p, by('settings', 'ConfigMap')), [
      { event: 'pre-upgrade', positions: [1], of: 4 },
      { event: 'pre-install', positions: [1], of: 2 },
    ]);
  });

  it('writes the lens text', () => {
    assert.equal(lensText(p, by('migrate')), 'pre-install: 2nd of 2 · pre-upgrade: 4th of 4');
    assert.equal(lensText(p, by('seed')), 'post-install: 1st and 2nd of 2 (runs twice)');
    assert.equal(lensText(p, by('typo')), 'Not run: Helm drops this resource (unknown or empty event)');
    assert.match(lensText(p, by('values')), /^Events set by a template/);
  });

  it('says when the weight is a template\'s (counted as 0) or the hook runs in some branches only', () => {
    const q = chartHooks({
      'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: {{ .Values.w | quote }}']),
      'c/templates/b.yaml': hookDoc('Job', 'b', ['helm.sh/hook: {{ if .Values.x }}pre-install{{ end }}']),
    });
    const pq = plan(q);
    assert.equal(lensText(pq, q[0]), 'pre-install: 1st of 2 · weight {{ .Values.w | quote }} set by a template, counted as 0');
    assert.equal(lensText(pq, q[1]), 'pre-install: 2nd of 2 · in some template branches only');
  });

  it('re-sorts only the events changed hooks take part in, with the same result as from scratch', () => {
    const files: Record<string, string> = {
      'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "2"']),
      'c/templates/b.yaml': hookDoc('Job', 'b', ['helm.sh/hook: pre-install,post-delete']),
      'c/templates/c.yaml': hookDoc('Job', 'c', ['helm.sh/hook: test']),
    };
    const before = chartHooks(files);
    const first = plan(before);
    const changed = { ...files, 'c/templates/a.yaml': hookDoc('Job', 'a', ['helm.sh/hook: post-delete', 'helm.sh/hook-weight: "-1"']) };
    // Unchanged files keep their hook objects, as the chart index keeps them.
    const added = chartHooks({ 'c/templates/a.yaml': changed['c/templates/a.yaml'] });
    const after = [...added, ...before.filter((h) => h.path !== 'c/templates/a.yaml')];
    const next = plan(after, { plan: first, added, removed: before.filter((h) => h.path === 'c/templates/a.yaml') });
    assert.deepEqual(next, plan(after));
    const same = (event: string) => next.events.find((e) => e.event === event) === first.events.find((e) => e.event === event);
    assert.ok(same('test') && same('post-install'), 'untouched events are kept as they were');
    assert.ok(!same('pre-install') && !same('post-delete'));
  });

  it('ordinals', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });
});
