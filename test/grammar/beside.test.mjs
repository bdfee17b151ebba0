// The hook injection beside another extension's `source.helm` grammar. VS Code keeps one grammar per scope name,
// the last registered, so with the Kubernetes extension installed its `source.helm` is the base grammar and ours is
// never loaded. Tokenizes one template with the injection over (a) our base grammar and (b) a stand-in foreign one
// (test/host/fixtures/standin-helm, every scope ending in `.standin`), and checks that hook keys, known values and
// template actions inside hook values get our scopes either way. Also checks that the injection includes nothing
// from another grammar, and that its template-action rules equal helm.tmLanguage.json's (so themes colour them alike).
// Usage: node test/grammar/beside.test.mjs   Prints one line per check, ends with `beside: N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(REPO, 'package.json'));
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const OURS = path.join(REPO, 'syntaxes', 'helm.tmLanguage.json');
const STANDIN = path.join(REPO, 'test', 'host', 'fixtures', 'standin-helm', 'syntaxes', 'standin-helm.tmLanguage.json');
const INJECTION = path.join(REPO, 'syntaxes', 'helm-hooks.injection.tmLanguage.json');
const COPIED_RULES = ['template-action-line', 'template-comment-line', 'template-expression-line', 'raw-string-line', 'template-expression'];

const TEMPLATE = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: {{ .Release.Name }}-migrate',
  '  annotations:',
  '    "helm.sh/hook-delete-policy": "before-hook-creation,{{ .Values.policy }}"',
  '    helm.sh/hook: pre-upgrade,{{ .Values.extraEvent | lower }}',
  "    'helm.sh/hook-weight': '{{ .Values.weight }}'",
  '    helm.sh/resource-policy: keep # {{ not an action }}',
  '    helm.sh/hook-output-log-policy: {{ include "x.logs" . }}',
];

/** [line, text, occurrence, required scopes]: every token overlapping that text carries every required scope. */
const HOOK_CHECKS = [
  [5, 'helm.sh/hook-delete-policy', 0, ['entity.name.tag.helm-hooks.key']],
  [5, 'before-hook-creation', 0, ['constant.language.helm-hooks.delete-policy']],
  [5, '{{', 0, ['meta.embedded.line.helm', 'punctuation.section.embedded.begin.helm']],
  [5, '.Values.policy', 0, ['meta.embedded.line.helm', 'variable.other.helm']],
  [5, '}}', 0, ['meta.embedded.line.helm', 'punctuation.section.embedded.end.helm']],
  [6, 'helm.sh/hook', 0, ['entity.name.tag.helm-hooks.key']],
  [6, 'pre-upgrade', 0, ['constant.language.helm-hooks.event']],
  [6, '.Values.extraEvent', 0, ['meta.embedded.line.helm', 'variable.other.helm']],
  [6, 'lower', 0, ['meta.embedded.line.helm', 'support.function.helm']],
  [7, 'helm.sh/hook-weight', 0, ['entity.name.tag.helm-hooks.key']],
  [7, '.Values.weight', 0, ['meta.embedded.line.helm', 'variable.other.helm']],
  [8, 'helm.sh/resource-policy', 0, ['entity.name.tag.helm-hooks.key']],
  [8, 'keep', 0, ['constant.language.helm-hooks.resource-policy']],
  [8, '{{ not an action }}', 0, ['comment.line.number-sign.yaml']],
  [9, 'helm.sh/hook-output-log-policy', 0, ['entity.name.tag.helm-hooks.key']],
  [9, 'include', 0, ['meta.embedded.line.helm', 'support.function.helm']],
  [9, '"x.logs"', 0, ['meta.embedded.line.helm', 'string.quoted.double.helm']],
];
/** Lines 5 to 9 are hook annotations: none of their tokens may come from the stand-in. */
const HOOK_LINES = [5, 6, 7, 8, 9];
/** Outside hook annotations the base grammar in effect speaks: proves which one it is. */
const BASE_CHECKS = {
  ours: [[1, 'kind', 0, ['entity.name.tag.yaml']], [3, '.Release.Name', 0, ['variable.other.helm']]],
  standin: [[1, 'kind', 0, ['entity.key.standin']], [3, '.Release.Name', 0, ['variable.field.standin']]],
};

let passed = 0;
let failed = 0;
const result = (ok, name, details = []) => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? '✓' : '✗'} ${name}`);
  for (const d of details) console.log(`    ${d}`);
};

async function grammarOver(basePath) {
  const files = { 'source.helm': basePath, 'helm-hooks.injection': INJECTION };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    // Only these two exist, as in VS Code when the foreign grammar has replaced ours: an include of anything else is lost.
    loadGrammar: async (scope) => (files[scope] ? tm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => (scope === 'source.helm' ? ['helm-hooks.injection'] : undefined),
  });
  return registry.loadGrammar('source.helm');
}

function tokenize(grammar) {
  let state = tm.INITIAL;
  return TEMPLATE.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens;
  });
}

function check(lines, [line, text, nth, scopes]) {
  const src = TEMPLATE[line];
  let at = -1;
  for (let i = 0; i <= nth; i++) at = src.indexOf(text, at + 1);
  if (at < 0) return [`"${text}" not on line ${line}`];
  const over = lines[line].filter((t) => t.startIndex < at + text.length && t.endIndex > at);
  const problems = [];
  for (const t of over) {
    const missing = scopes.filter((s) => !t.scopes.includes(s));
    if (missing.length) problems.push(`"${src.slice(t.startIndex, t.endIndex)}" lacks ${missing.join(', ')}: ${t.scopes.join(' ')}`);
  }
  return problems;
}

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

{
  const inj = JSON.parse(fs.readFileSync(INJECTION, 'utf8'));
  const base = JSON.parse(fs.readFileSync(OURS, 'utf8'));
  const foreign = [];
  JSON.stringify(inj, (k, v) => {
    if (k === 'include' && typeof v === 'string' && !v.startsWith('#')) foreign.push(v);
    return v;
  });
  result(foreign.length === 0, 'the injection includes only its own rules (none of source.helm)', foreign.map((f) => `includes ${f}`));
  const differ = COPIED_RULES.filter((r) => !isDeepStrictEqual(inj.repository?.[r], base.repository?.[r]));
  result(differ.length === 0, `the injection's template-action rules equal helm.tmLanguage.json's (${COPIED_RULES.join(', ')})`, differ.map((r) => `${r} differs: copy it from helm.tmLanguage.json`));
}

for (const [name, file] of [['ours', OURS], ['standin', STANDIN]]) {
  const label = name === 'ours' ? 'our base grammar' : 'a stand-in foreign source.helm';
  let lines;
  try {
    lines = tokenize(await grammarOver(file));
  } catch (e) {
    result(false, `injection over ${label}: tokenizes`, [e.message]);
    continue;
  }
  for (const c of BASE_CHECKS[name]) {
    const p = check(lines, c);
    result(p.length === 0, `over ${label}: "${c[1]}" (line ${c[0] + 1}) has the base grammar's ${c[3].join(', ')}`, p);
  }
  for (const c of HOOK_CHECKS) {
    const p = check(lines, c);
    result(p.length === 0, `over ${label}: "${c[1]}" (line ${c[0] + 1}) has ${c[3].join(', ')}`, p);
  }
  const foreign = HOOK_LINES.flatMap((l) => lines[l].filter((t) => t.scopes.some((s) => s.endsWith('.standin'))).map((t) => `line ${l + 1} "${TEMPLATE[l].slice(t.startIndex, t.endIndex)}": ${t.scopes.join(' ')}`));
  result(foreign.length === 0, `over ${label}: no token of a hook annotation line comes from the base grammar's own rules`, foreign);
}

console.log(`beside: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
