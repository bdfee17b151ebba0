import * as assert from 'node:assert/strict';
import { analyzeTemplate, RULE_BY_CODE, RULES, ruleDocUrl } from '../../engine';
import { hooksOf, plan, tieFindings, weightTies } from '../../engine/chart';
import { hook, lines } from './util';

const H = 'helm.sh/hook: pre-install';

/** One minimal template per rule; every catalog code must be here and must fire on it. */
const TRIGGERS: Record<string, { severity: string; text: string }> = {
  'unknown-hook-event': { severity: 'error', text: hook('ConfigMap', ['helm.sh/hook: pre-instal']) },
  'removed-hook-event': { severity: 'error', text: hook('ConfigMap', ['helm.sh/hook: crd-install']) },
  'legacy-test-success': { severity: 'warning', text: hook('Pod', ['helm.sh/hook: test-success']) },
  'empty-hook-event': { severity: 'error', text: hook('ConfigMap', ['helm.sh/hook: ""']) },
  'duplicate-hook-event': { severity: 'warning', text: hook('ConfigMap', ['helm.sh/hook: test,test']) },
  'hook-weight-not-integer': { severity: 'warning', text: hook('ConfigMap', [H, 'helm.sh/hook-weight: "1.5"']) },
  'hook-weight-out-of-range': { severity: 'warning', text: hook('ConfigMap', [H, 'helm.sh/hook-weight: "9223372036854775808"']) },
  'non-string-annotation': { severity: 'error', text: hook('ConfigMap', [H, 'helm.sh/hook-weight: 5']) },
  'unknown-delete-policy': { severity: 'warning', text: hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: never']) },
  'empty-delete-policy': { severity: 'warning', text: hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: ""']) },
  'duplicate-delete-policy': { severity: 'information', text: hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: hook-succeeded,hook-succeeded']) },
  'hook-failed-deletes-logs': { severity: 'information', text: hook('Job', [H, 'helm.sh/hook-delete-policy: hook-failed']) },
  'unknown-output-log-policy': { severity: 'warning', text: hook('Job', [H, 'helm.sh/hook-output-log-policy: always']) },
  'output-log-policy-kind': { severity: 'warning', text: hook('ConfigMap', [H, 'helm.sh/hook-output-log-policy: hook-failed']) },
  'output-log-policy-version': { severity: 'information', text: hook('Job', [H, 'helm.sh/hook-output-log-policy: hook-failed']) },
  'resource-policy-not-keep': { severity: 'warning', text: hook('Secret', ['helm.sh/resource-policy: retain']) },
  'hook-annotation-without-hook': { severity: 'warning', text: hook('ConfigMap', ['helm.sh/hook-weight: "1"']) },
  'unknown-helm-annotation': { severity: 'warning', text: hook('ConfigMap', ['helm.sh/hooks: pre-install']) },
  'duplicate-annotation': { severity: 'warning', text: hook('ConfigMap', [H, H]) },
  'hook-name-reused': { severity: 'warning', text: hook('Job', [H, 'helm.sh/hook-delete-policy: hook-succeeded']) },
  'hook-restart-policy-always': { severity: 'error', text: hook('Pod', [H], ['spec:', '  restartPolicy: Always']) },
  'test-job-no-logs': { severity: 'information', text: hook('Job', ['helm.sh/hook: test']) },
};

/** Rules found only across the templates of a chart: one minimal chart (path -> text) per rule. */
const CHART_TRIGGERS: Record<string, { severity: string; files: Record<string, string> }> = {
  'hook-weight-tie': {
    severity: 'information',
    files: { 'c/templates/a.yaml': hook('Job', [H], [], 'a'), 'c/templates/b.yaml': hook('Job', [H], [], 'b') },
  },
};

/** Rules reported only from helm's rendering (check --render): test/engine/render and the cluster tier fire them. */
const RENDER_RULES = ['render-failed'];

describe('rule catalog', () => {
  it('has unique, kebab-case codes with a one-line summary and a doc link', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      assert.ok(r.summary.length > 10 && !r.summary.includes('\n'), r.code);
      assert.equal(RULE_BY_CODE.get(r.code), r);
      assert.ok(ruleDocUrl(r.code).endsWith(`#${r.code}`));
    }
  });

  it('every rule has a trigger in this table (add one when you add a rule)', () => {
    assert.deepEqual(RULES.map((r) => r.code).sort(), [...Object.keys(TRIGGERS), ...Object.keys(CHART_TRIGGERS), ...RENDER_RULES].sort());
  });

  // Chart-wide rules see all templates of a chart (engine/chart), so analyzeTemplate never reports them.
  for (const [code, { severity, files }] of Object.entries(CHART_TRIGGERS)) {
    it(`${code}: fires across files with default severity ${severity}, and never from analyzeTemplate`, () => {
      assert.equal(RULE_BY_CODE.get(code)?.severity, severity);
      const ties = weightTies(plan(Object.entries(files).flatMap(([p, t]) => hooksOf(p, t))));
      const fs = Object.entries(files).flatMap(([p, t]) => tieFindings(ties, p, t)).filter((f) => f.code === code);
      assert.equal(fs.length, Object.keys(files).length);
      for (const f of fs) assert.equal(f.severity, severity);
      for (const t of Object.values(files)) assert.deepEqual(analyzeTemplate(t).findings.filter((f) => f.code === code), []);
    });
  }

  for (const [code, { severity, text }] of Object.entries(TRIGGERS)) {
    it(`${code}: fires with default severity ${severity}`, () => {
      assert.equal(RULE_BY_CODE.get(code)?.severity, severity);
      const fs = analyzeTemplate(text).findings.filter((f) => f.code === code);
      assert.equal(fs.length, 1, `${code} on\n${text}`);
      assert.equal(fs[0].severity, severity);
    });
  }

  it('a clean hook template has no findings at all', () => {
    const text = lines([
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: "{{ .Release.Name }}-migrate"',
      '  annotations:',
      '    "helm.sh/hook": pre-install,pre-upgrade',
      '    "helm.sh/hook-weight": "-5"',
      '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
    ]);
    assert.deepEqual(analyzeTemplate(text).findings, []);
  });

  it('skips files that never mention Helm annotations', () => {
    const a = analyzeTemplate(lines(['kind: Deployment', 'metadata:', '  name: x', '  annotations:', '    example.com/weight: 5']));
    assert.deepEqual(a.findings, []);
  });
});
