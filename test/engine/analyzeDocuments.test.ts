import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTemplate, DocumentAnalyzer } from '../../engine';
import { SEEDS } from './properties';

/** Pieces a user types into a template: YAML structure, hook keys, blocks opened in one document and closed in another. */
const TYPED = [
  '---\n', '\n---\n', '\n', '  ', ':', ': ', '"', "'", '#', ',', '0', '5', '-', 'x', '{{', '}}', '{{ .Values.y }}', '{{- if .Values.x }}', '{{ else }}', '{{- end }}',
  '{{ "}}" }}', '{{/* --- */}}', 'helm.sh/hook: ', '"helm.sh/hook": pre-install\n', 'helm.sh/hook-weight: "3"\n', 'helm.sh/hook-delete-policy: hook-succeded\n',
  'pre-install', 'post-upgrade', 'annotations:\n', 'metadata:\n', 'kind: Job\n', '# helm-hooks-disable-line\n', '\r\n',
];

type Edit = { at: number; remove: number; text: string };
const editArb: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 12 }), text: fc.oneof(fc.constantFrom(...TYPED), fc.constant('')) });

function applyEdit(s: string, e: Edit): string {
  const at = e.at % (s.length + 1);
  return s.slice(0, at) + e.text + s.slice(at + e.remove);
}

/** Several seed documents in one file, the way charts put hook Jobs together. */
const fileArb = fc.array(fc.constantFrom(...SEEDS), { minLength: 1, maxLength: 6 }).map((docs) => docs.join('\n---\n'));

describe('DocumentAnalyzer: analyzeTemplate one YAML document at a time', function () {
  this.timeout(60_000);
  it('gives what analyzeTemplate gives after every edit of a sequence (the documents it kept included)', () => {
    fc.assert(
      fc.property(fileArb, fc.array(editArb, { minLength: 1, maxLength: 30 }), (start, edits) => {
        const analyzer = new DocumentAnalyzer();
        let text = start;
        assert.deepEqual(analyzer.analyze(text), analyzeTemplate(text).findings);
        for (const e of edits) {
          text = applyEdit(text, e);
          assert.deepEqual(analyzer.analyze(text), analyzeTemplate(text).findings, JSON.stringify(text));
        }
      }),
      { numRuns: Number(process.env.HELM_HOOKS_PROPERTY_RUNS ?? 200) },
    );
  });

  it('reads a block opened in one document and closed in another as the whole file does', () => {
    const doc = (weight: string): string => `kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "${weight}"\n    helm.sh/hook-weight: "${weight}"\n`;
    const text = `{{- if .Values.a }}\n${doc('1')}---\n{{- else }}\n${doc('x')}{{- end }}\n---\n${doc('2')}`;
    const analyzer = new DocumentAnalyzer();
    assert.deepEqual(analyzer.analyze(text), analyzeTemplate(text).findings);
    const edited = text.replace('"2"', '"y"');
    assert.deepEqual(analyzer.analyze(edited), analyzeTemplate(edited).findings);
  });

  it('starts over when the severities change', () => {
    const text = SEEDS.join('\n---\n');
    const analyzer = new DocumentAnalyzer();
    const all = analyzer.analyze(text);
    assert.ok(all.length > 0);
    const off = Object.fromEntries(all.map((f) => [f.code, 'off' as const]));
    assert.deepEqual(analyzer.analyze(text, { severities: off }), []);
    assert.deepEqual(analyzer.analyze(text, {}), analyzeTemplate(text).findings);
  });

  it('in steps: a run stopped part-way keeps what it read, and the next run (after an edit) gives what analyzeTemplate gives', () => {
    fc.assert(
      fc.property(fileArb, fc.nat({ max: 8 }), editArb, (start, stopAfter, e) => {
        const analyzer = new DocumentAnalyzer();
        const steps = analyzer.steps(start);
        let old = steps.next();
        for (let i = 0; i < stopAfter && old.done !== true; i++) old = steps.next();
        const text = applyEdit(start, e);
        const resumed = analyzer.steps(text);
        let next = resumed.next();
        while (next.done !== true) next = resumed.next();
        assert.deepEqual(next.value, analyzeTemplate(text).findings, JSON.stringify(text));
        // The stopped run, resumed after the other one, still gives its own text's findings.
        while (old.done !== true) old = steps.next();
        assert.deepEqual(old.value, analyzeTemplate(start).findings);
        assert.deepEqual(analyzer.analyze(text), analyzeTemplate(text).findings);
      }),
      { numRuns: Number(process.env.HELM_HOOKS_PROPERTY_RUNS ?? 200) },
    );
  });

  it('in steps: pauses once per document read afresh, and not at all for documents it kept', () => {
    const text = SEEDS.filter((d) => !d.includes('helm-hooks-disable')).join('\n---\n');
    const analyzer = new DocumentAnalyzer();
    const count = (t: string): number => {
      const steps = analyzer.steps(t);
      let n = 0;
      while (steps.next().done !== true) n++;
      return n;
    };
    const first = count(text);
    assert.ok(first > 1, `${first} pauses`);
    assert.equal(count(text), 0);
  });
});
