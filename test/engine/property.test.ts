import * as assert from 'node:assert/strict';
import { analyzeTemplate } from '../../engine';
import { explain, runGuarded } from './guard';
import { check, SEEDS } from './properties';

const RUNS = 300;

/** Runs a named property of properties.ts in a guarded worker. */
async function property(name: string, numRuns: number): Promise<void> {
  const r = await runGuarded({ kind: 'property', name, numRuns }, 45_000);
  assert.equal(r.outcome, 'ok', explain(r));
}

describe('property: analyzeTemplate on any input', function () {
  this.timeout(60_000);

  before(() => {
    // warm up so the first timed run does not pay for JIT compilation
    for (const s of SEEDS) analyzeTemplate(s);
  });

  it('the seeds themselves produce findings (the mutations start from interesting input)', () => {
    for (const s of SEEDS) assert.ok(analyzeTemplate(s).findings.length > 0);
  });

  it('never throws or hangs, keeps ranges in the text, uses catalog codes and severities (random strings)', () => property('randomStrings', RUNS));

  it('never throws or hangs, keeps ranges in the text, uses catalog codes and severities (mutated hook templates)', () => property('mutated', RUNS));

  it('same, with ordinary whitespace only', () => property('mutatedPlainWhitespace', RUNS));

  it('is deterministic', () => property('deterministic', 100));

  it('shifts every finding by the length of a comment line put in front', () => property('prefixShift', 150));

  it('turns every rule off with severity "off"', () => property('allOff', 100));

  it('handles 20 KB of pathological input in bounded time', () => {
    for (const s of [
      '{{'.repeat(10_000),
      '"'.repeat(20_000),
      'helm.sh/hook: ' + '{{ if .x }}a{{ else }}b{{ end }},'.repeat(600),
      'metadata:\n  annotations: {' + '"helm.sh/hook": a, '.repeat(1000),
      'metadata:\n  annotations:\n    helm.sh/hook-weight: |\n' + '      5\n'.repeat(2800),
      ('metadata:\n  annotations:\n    helm.sh/hook: x\n' + '{{ dict "helm.sh/hook" "x" }}\n').repeat(300),
      '---\n'.repeat(5000),
      '\r'.repeat(20_000) + 'helm.sh/hook',
      ('kind: Job\nmetadata:\n  annotations:\n' + '    helm.sh/hook: pre-install\n'.repeat(50) + '---\n').repeat(12),
    ]) {
      check(s.slice(0, 20_000));
    }
  });

  it('never throws on very deeply nested {{ if }} in one value (64 KB)', () => {
    const text = 'metadata:\n  annotations:\n    helm.sh/hook: "' + '{{if 1}}'.repeat(8000) + '"\n';
    try {
      analyzeTemplate(text);
    } catch (e) {
      assert.fail(`threw ${String(e)}`);
    }
  });

  it('does not throw on deeply nested {{ if }} in one value (19 KB), and does not hang', () => {
    const text = 'metadata:\n  annotations:\n    helm.sh/hook: "' + '{{if 1}}'.repeat(2400) + '"\n';
    assert.ok(text.length < 20_000);
    try {
      check(text);
    } catch (e) {
      assert.fail(e instanceof assert.AssertionError ? e.message : `threw ${String(e)}`);
    }
  });

  it('analyzes a 10,000-line template in well under 2 s', () => {
    const doc = (i: number) =>
      [
        '---',
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        `  name: {{ include "app.fullname" . }}-hook-${i}`,
        '  annotations:',
        '    {{- if .Values.hooks.enabled }}',
        `    helm.sh/hook: ${i % 7 === 0 ? 'pre-instal' : 'pre-install,pre-upgrade'}`,
        '    {{- end }}',
        `    helm.sh/hook-weight: "${i % 11 === 0 ? '1.5' : String(i)}"`,
        '    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '        - name: main',
        '          image: busybox',
        '          args: ["{{ .Values.arg }}", "--flag"]',
        '',
      ].join('\n');
    const parts: string[] = [];
    for (let i = 0; i < 500; i++) parts.push(doc(i));
    const text = parts.join('\n');
    assert.ok(text.split('\n').length >= 10_000);
    const t0 = performance.now();
    const a = analyzeTemplate(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    assert.equal(a.objects.length, 500);
    assert.equal(a.findings.filter((f) => f.code === 'unknown-hook-event').length, Math.ceil(500 / 7));
    assert.equal(a.findings.filter((f) => f.code === 'hook-weight-not-integer').length, Math.ceil(500 / 11));
  });
});
