/** Shared helpers for the engine's unit tests. */
import * as assert from 'node:assert/strict';
import { analyzeTemplate, Finding, RULE_BY_CODE, SeverityOverrides } from '../../engine';
import { marked } from '../helpers/caret';

/** Joins lines with `\n` (or the given line ending). */
export function lines(ls: readonly string[], eol = '\n'): string {
  return ls.join(eol) + eol;
}

/** A hook object: `kind`, `name` and the annotation lines (already indented by 4). */
export function hook(kind: string, annotations: readonly string[], extra: readonly string[] = [], name = 'db-migrate'): string {
  return lines([
    'apiVersion: v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    ...annotations.map((a) => `    ${a}`),
    ...extra,
  ]);
}

export function analyze(text: string, severities?: SeverityOverrides): Finding[] {
  return analyzeTemplate(text, severities ? { severities } : {}).findings;
}

export function codes(text: string): string[] {
  return analyze(text).map((f) => f.code);
}

export function withCode(text: string, code: string): Finding[] {
  return analyze(text).filter((f) => f.code === code);
}

function show(text: string, fs: readonly Finding[]): string {
  return fs.map((f) => `${f.code} ${f.start}-${f.end} ${JSON.stringify(text.slice(f.start, f.end))}`).join('\n') || '(none)';
}

/**
 * The marked template yields findings of `code` at exactly the `[[ ]]` ranges (in order), each with the
 * rule's default severity. Returns those findings.
 */
export function expectAt(src: string, code: string): Finding[] {
  const { text, ranges } = marked(src);
  assert.ok(ranges.length > 0, 'test template has no [[ ]] markers');
  const all = analyze(text);
  const got = all.filter((f) => f.code === code);
  assert.deepEqual(
    got.map((f) => [f.start, f.end]),
    ranges,
    `${code}: expected ${ranges.map(([s, e]) => JSON.stringify(text.slice(s, e))).join(', ')}\nall findings:\n${show(text, all)}`,
  );
  const rule = RULE_BY_CODE.get(code);
  assert.ok(rule, `${code} is not in the catalog`);
  for (const f of got) assert.equal(f.severity, rule.severity, `${code} severity`);
  return got;
}

/** Exactly one finding of `code`, at the single marked range. */
export function expectOne(src: string, code: string): Finding {
  const got = expectAt(src, code);
  assert.equal(got.length, 1);
  return got[0];
}

/** No finding of `code` (markers, if any, are stripped). */
export function expectNone(src: string, code: string): void {
  const { text } = marked(src);
  const all = analyze(text);
  const got = all.filter((f) => f.code === code);
  assert.deepEqual(got.map((f) => f.code), [], `unexpected ${code}:\n${show(text, all)}`);
}

/** No findings at all. */
export function expectClean(src: string): void {
  const { text } = marked(src);
  const all = analyze(text);
  assert.equal(all.length, 0, `expected no findings:\n${show(text, all)}`);
}

export { marked };
