/** Arbitraries and invariants for the property tests; run inside guardWorker (see guard.ts). */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTemplate, RULE_BY_CODE } from '../../engine';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);
// A hang guard, not a speed claim (speed is measured in bench/): generous so a loaded CI machine never trips it.
const TIME_LIMIT_MS = 2000;

/** Realistic hook templates to mutate. */
export const SEEDS: readonly string[] = [
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: {{ include "app.fullname" . }}-migrate',
    '  labels:',
    '    {{- include "app.labels" . | nindent 4 }}',
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    '    "helm.sh/hook-weight": "-5"',
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    '    helm.sh/hook-output-log-policy: hook-failed',
    'spec:',
    '  backoffLimit: 0',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: migrate',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '',
  ].join('\n'),
  [
    '{{- if .Values.tests.enabled }}',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: "{{ .Release.Name }}-test-connection"',
    '  annotations:',
    '    {{- if .Values.legacy }}',
    '    helm.sh/hook: test-success',
    '    {{- else }}',
    '    helm.sh/hook: "test,{{ if .Values.x }}post-instal{{ else }}post-upgrade{{ end }}"',
    '    {{- end }}',
    '    helm.sh/hook-weight: |',
    '      5',
    '    helm.sh/hook-delete-policy: never',
    'spec:',
    '  restartPolicy: Always',
    '  containers:',
    '    - name: wget',
    '      image: busybox',
    "      command: ['wget']",
    '{{- end }}',
    '',
  ].join('\r\n'),
  [
    '{{- $annotations := dict "helm.sh/hook" "pre-upgrad" "helm.sh/hook-delete-policy" "hook-succeeded" }}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cfg',
    '  annotations: {"helm.sh/hook": crd-install, helm.sh/hook-weight: 5, "helm.sh/resource-policy": retain}',
    '---',
    'kind: Secret',
    'metadata:',
    '  name: s # 🚀 emoji',
    '  annotations:',
    '    {{/* helm-hooks-disable-next-line */}}',
    '    helm.sh/hook-weigth: "1"',
    '    helm.sh/hook-weight: "1.5"',
    '    helm.sh/hook-weight: "2"',
    '    {{- include "common.tplvalues.render" (dict "value" (merge $annotations .Values.annotations) "context" $) | nindent 4 }}',
    '',
  ].join('\n'),
];

const TOKENS = [
  '{{', '}}', '{{-', '-}}', '{{/*', '*/}}', '{{ if .Values.x }}', '{{ else }}', '{{ end }}', '{{ .Values.y }}', '"', "'", '`', ':', ': ', ',',
  '---', '\n---\n', '\t', '\r\n', '\r', '\n', '\0', '\ud800', '\udc00', '\ud83d', '🚀', '#', '|', '>-', '[', ']', '{', '}', '\\', ' ',
  'helm.sh/hook: ', '"helm.sh/hook" ', 'dict ', 'helm.sh/hook-weight', 'hook-failed', 'pre-install', '    ', 'annotations:', 'metadata:',
  'kind: Job', '# helm-hooks-disable-line', '\u2028', '\ufeff', '\u00a0', '\f', '\v',
];

type Op = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; len: number } | { kind: 'duplicate'; at: number; len: number };

const textArb = fc.oneof(
  fc.constantFrom(...TOKENS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: textArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
);

function apply(seed: string, ops: readonly Op[]): string {
  let s = seed;
  for (const op of ops) {
    const at = s.length === 0 ? 0 : op.at % (s.length + 1);
    if (op.kind === 'insert') s = s.slice(0, at) + op.text + s.slice(at);
    else if (op.kind === 'delete') s = s.slice(0, at) + s.slice(at + op.len);
    else s = s.slice(0, at + op.len) + s.slice(at, at + op.len) + s.slice(at + op.len);
    if (s.length > 20_000) s = s.slice(0, 20_000);
  }
  return s;
}

export const mutatedArb = fc.tuple(fc.constantFrom(...SEEDS), fc.array(opArb, { minLength: 1, maxLength: 25 })).map(([seed, ops]) => apply(seed, ops));

/**
 * The same without whitespace other than space, tab, CR and LF (NBSP, BOM, form feed...), which currently
 * hangs the engine inside actions (see the dict tests): keeps the other invariants tested meanwhile.
 */
export const mutatedPlainWsArb = mutatedArb.map((s) => s.replace(/[^\S \t\r\n]/g, ''));

/** Analyzes, timing the call, and checks the invariants every result must keep. */
export function check(text: string): void {
  const t0 = performance.now();
  const a = analyzeTemplate(text);
  const ms = performance.now() - t0;
  assert.ok(ms < TIME_LIMIT_MS, `took ${ms.toFixed(0)} ms for ${text.length} chars`);
  let prev = -1;
  for (const f of a.findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), `non-integer range ${f.start}-${f.end}`);
    assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `range ${f.start}-${f.end} outside 0-${text.length} (${f.code})`);
    const rule = RULE_BY_CODE.get(f.code);
    assert.ok(rule, `unknown code ${f.code}`);
    assert.ok(SEVERITIES.has(f.severity), `unknown severity ${f.severity}`);
    assert.equal(f.severity, rule.severity);
    assert.ok(typeof f.message === 'string' && f.message.length > 0);
    assert.ok(f.start >= prev, 'findings are sorted by start');
    prev = f.start;
  }
}


const randomArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 80 }),
);

type Seen = (text: string) => void;

/** Named properties, so a worker can run them by name. */
export const PROPERTIES: Record<string, (numRuns: number, seen: Seen) => void> = {
  randomStrings(numRuns, seen) {
    fc.assert(
      fc.property(randomArb, (s) => {
        for (const t of [s, 'helm.sh/hook: ' + s, 'metadata:\n  annotations:\n    helm.sh/hook: ' + s, '{{ ' + s + ' "helm.sh/hook" }}']) {
          seen(t);
          check(t);
        }
      }),
      { numRuns },
    );
  },
  mutated(numRuns, seen) {
    fc.assert(
      fc.property(mutatedArb, (s) => {
        seen(s);
        check(s);
      }),
      { numRuns },
    );
  },
  mutatedPlainWhitespace(numRuns, seen) {
    fc.assert(
      fc.property(mutatedPlainWsArb, (s) => {
        seen(s);
        check(s);
      }),
      { numRuns },
    );
  },
  deterministic(numRuns, seen) {
    fc.assert(
      fc.property(mutatedPlainWsArb, (s) => {
        seen(s);
        assert.deepEqual(analyzeTemplate(s).findings, analyzeTemplate(s).findings);
      }),
      { numRuns },
    );
  },
  prefixShift(numRuns, seen) {
    const prefix = '# generated\n';
    fc.assert(
      fc.property(mutatedPlainWsArb, (s) => {
        seen(s);
        const a = analyzeTemplate(s).findings.map((f) => [f.code, f.start + prefix.length, f.end + prefix.length]);
        const b = analyzeTemplate(prefix + s).findings.map((f) => [f.code, f.start, f.end]);
        assert.deepEqual(b, a);
      }),
      { numRuns },
    );
  },
  allOff(numRuns, seen) {
    const off = Object.fromEntries([...RULE_BY_CODE.keys()].map((c) => [c, 'off' as const]));
    fc.assert(
      fc.property(mutatedPlainWsArb, (s) => {
        seen(s);
        assert.deepEqual(analyzeTemplate(s, { severities: off }).findings, []);
      }),
      { numRuns },
    );
  },
};
