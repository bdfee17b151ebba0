import * as assert from 'node:assert/strict';
import { analyzeTemplate } from '../../../engine';
import { plan, tieFindings, weightTies } from '../../../engine/chart';
import { applyEdits, weightTieFixes } from '../../../engine/services';
import { chartHooks, hookDoc } from '../chart/chartUtil';

type Files = Record<string, string>;

function view(files: Files) {
  const p = plan(chartHooks(files));
  return { plan: p, ties: weightTies(p) };
}

/** The fixes for the tie finding of `path` (its only hook in a tie). */
function fixesOf(files: Files, path: string) {
  const { plan: p, ties } = view(files);
  const findings = tieFindings(ties, path, files[path]);
  assert.equal(findings.length, 1, `one tie finding in ${path}`);
  return weightTieFixes(files[path], findings[0], path, p, ties);
}

/** Applies the fix titled `title` and returns the chart after it. */
function apply(files: Files, path: string, title: string): Files {
  const fix = fixesOf(files, path).find((f) => f.title === title);
  assert.ok(fix, `no fix "${title}" in ${fixesOf(files, path).map((f) => f.title).join(' | ')}`);
  return { ...files, [path]: applyEdits(files[path], fix.edits) };
}

/** Names in the run order of `event`, and the hooks still in a tie. */
function order(files: Files, event: string): string[] {
  return view(files).plan.events.find((e) => e.event === event)!.steps.map((h) => h.name);
}
function tied(files: Files): string[] {
  return view(files).ties.flatMap((t) => t.hooks.map((h) => h.name));
}

const A = 'c/templates/a.yaml';
const B = 'c/templates/b.yaml';
const C = 'c/templates/c.yaml';

describe('services: quick fixes for hook-weight-tie', () => {
  const pair: Files = {
    [A]: hookDoc('Job', 'migrate', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-weight: "5"']),
    [B]: hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-weight: "5"']),
  };

  it('moves a hook past the hooks it ties with, one weight away, and says so', () => {
    assert.deepEqual(order(pair, 'pre-install'), ['migrate', 'settings']);
    assert.deepEqual(fixesOf(pair, A).map((f) => [f.title, f.preferred, f.fixAll]), [['Set weight to "6" so "migrate" runs after "settings"', false, false]]);
    const after = apply(pair, A, 'Set weight to "6" so "migrate" runs after "settings"');
    assert.match(after[A], /helm\.sh\/hook-weight: "6"\n/);
    for (const e of ['pre-install', 'pre-upgrade']) assert.deepEqual(order(after, e), ['settings', 'migrate']);
    assert.deepEqual(tied(after), []);
    assert.deepEqual(analyzeTemplate(after[A]).findings, []);
    const before = apply(pair, B, 'Set weight to "4" so "settings" runs before "migrate"');
    assert.deepEqual(order(before, 'pre-install'), ['settings', 'migrate']);
  });

  it('offers both ways to a hook in the middle of a tie, naming its kind and file when names repeat', () => {
    const files = { ...pair, [C]: hookDoc('Secret', 'settings', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-weight: "5"']) };
    assert.deepEqual(order(files, 'pre-install'), ['migrate', 'settings', 'settings']);
    assert.deepEqual(
      fixesOf(files, C).map((f) => f.title),
      ['Set weight to "4" so "settings" (Secret, templates/c.yaml) runs before "migrate"', 'Set weight to "6" so "settings" (Secret, templates/c.yaml) runs after "settings" (ConfigMap, templates/b.yaml)'],
    );
  });

  it('offers nothing that would tie the hook again, on any of its events', () => {
    // A hook at weight 6 on pre-upgrade only: "after" would tie with it there.
    const files = { ...pair, [C]: hookDoc('Job', 'zz', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "6"']) };
    assert.deepEqual(fixesOf(files, A), []);
    assert.deepEqual(fixesOf(files, B).map((f) => f.title), ['Set weight to "4" so "settings" runs before "migrate"']);
  });

  it('offers nothing when the hook ties with different hooks on different events', () => {
    const files: Files = { ...pair, [B]: pair[B].replace('pre-install,pre-upgrade', 'pre-install'), [C]: hookDoc('Job', 'aa', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "5"']) };
    const { plan: p, ties } = view(files);
    const findings = tieFindings(ties, A, files[A]);
    assert.equal(findings.length, 2, 'one finding per line-up');
    for (const f of findings) assert.deepEqual(weightTieFixes(files[A], f, A, p, ties), []);
  });

  it('adds the weight a hook lacks, under helm.sh/hook, in a block map and in a flow map', () => {
    const block: Files = { [A]: hookDoc('Job', 'migrate', ['helm.sh/hook: pre-install # first']), [B]: hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install']) };
    const fixed = apply(block, A, 'Set weight to "1" so "migrate" runs after "settings"');
    assert.match(fixed[A], /\n {4}helm\.sh\/hook: pre-install # first\n {4}helm\.sh\/hook-weight: "1"\n/);
    assert.deepEqual([order(fixed, 'pre-install'), tied(fixed), analyzeTemplate(fixed[A]).findings], [['settings', 'migrate'], [], []]);

    const flow: Files = { ...block, [A]: 'kind: Job\nmetadata:\n  name: migrate\n  annotations: {"helm.sh/hook": pre-install}\n' };
    const fixedFlow = apply(flow, A, 'Set weight to "1" so "migrate" runs after "settings"');
    assert.match(fixedFlow[A], /annotations: \{"helm\.sh\/hook": pre-install, "helm\.sh\/hook-weight": "1"\}\n/);
    assert.deepEqual([order(fixedFlow, 'pre-install'), tied(fixedFlow)], [['settings', 'migrate'], []]);
  });

  it('rewrites a weight Helm reads as 0, and one inside a dict literal', () => {
    const files: Files = { [A]: hookDoc('Job', 'migrate', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "1.5"']), [B]: hookDoc('ConfigMap', 'settings', ['helm.sh/hook: pre-install']) };
    const fixed = apply(files, A, 'Set weight to "1" so "migrate" runs after "settings"');
    assert.deepEqual([order(fixed, 'pre-install'), analyzeTemplate(fixed[A]).findings], [['settings', 'migrate'], []]);

    const dict: Files = { ...files, [A]: '{{- $a := dict "helm.sh/hook" "pre-install" "helm.sh/hook-weight" "0" }}\nkind: Job\nmetadata:\n  name: migrate\n' };
    const fixedDict = apply(dict, A, 'Set weight to "1" so "migrate" runs after "settings"');
    assert.match(fixedDict[A], /dict "helm\.sh\/hook" "pre-install" "helm\.sh\/hook-weight" "1" \}\}/);
    assert.deepEqual(order(fixedDict, 'pre-install'), ['settings', 'migrate']);
  });
});
