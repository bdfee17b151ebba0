// Runs the Helm grammar (with the hook injection) over every template of the real-chart corpus.
// Checks, each counted as one test:
//   1. every line tokenizes without an engine error and within 1 s (a guard against catastrophic regex
//      backtracking, not a speed assertion: typical lines take microseconds);
//   2. nothing swallows what follows it: every line that starts with `{{` begins a template action
//      (or sits inside a Go comment `{{/* ... */}}`, found independently from the raw text), and every
//      column-0 YAML key outside Go comments is a top-level key;
//   3. every literal hook annotation (`helm.sh/hook...:` lines and `dict "helm.sh/hook..." "..."` pairs)
//      gets the injection's key scope, and every known value in it its constant scope.
// Usage: node test/grammar/corpus.test.mjs   (corpus: $HELM_HOOKS_CORPUS, default ../shared/corpus)
// Prints one result line per check and ends with `corpus: N passed, N failed`; exits 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO, '..', 'shared', 'corpus');
const LINE_LIMIT_MS = 1000;
const RETRY_ABOVE_MS = 50; // slower lines are measured again (fastest run counts), so the reported slowest line is not a pause
const require = createRequire(path.join(REPO, 'package.json'));
// vscode-textmate and vscode-oniguruma: the tokenizer VS Code itself uses.
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const GRAMMARS = {
  'source.helm': path.join(REPO, 'syntaxes', 'helm.tmLanguage.json'),
  'helm-hooks.injection': path.join(REPO, 'syntaxes', 'helm-hooks.injection.tmLanguage.json'),
};
const HOOK_KEY = /^([ \t]*(?:-[ \t]+)*)(["']?)helm\.sh\/(hook|hook-weight|hook-delete-policy|hook-output-log-policy|resource-policy)\2[ \t]*:(?=[ \t]|$)/;
const DICT_PAIR = /"helm\.sh\/(hook|hook-weight|hook-delete-policy|hook-output-log-policy|resource-policy)"[ \t]+"([^"\\]*)"/g;
const KNOWN = {
  hook: ['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success'],
  'hook-delete-policy': ['before-hook-creation', 'hook-succeeded', 'hook-failed'],
  'hook-output-log-policy': ['hook-succeeded', 'hook-failed'],
  'resource-policy': ['keep'],
};
const CONSTANT = {
  hook: 'constant.language.helm-hooks.event',
  'hook-delete-policy': 'constant.language.helm-hooks.delete-policy',
  'hook-output-log-policy': 'constant.language.helm-hooks.output-log-policy',
  'resource-policy': 'constant.language.helm-hooks.resource-policy',
  'hook-weight': 'constant.numeric.integer.helm-hooks.weight',
};

export async function createHelmGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async (scope) => (GRAMMARS[scope] ? tm.parseRawGrammar(fs.readFileSync(GRAMMARS[scope], 'utf8'), GRAMMARS[scope]) : null),
    getInjections: (scope) => (scope === 'source.helm' ? ['helm-hooks.injection'] : undefined),
  });
  return registry.loadGrammar('source.helm');
}

function templates(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) templates(p, out);
    else if (e.isFile() && /\.(ya?ml|tpl)$/.test(e.name) && p.split(path.sep).includes('templates')) out.push(p);
  }
  return out;
}

/** Lines whose start lies inside a Go template comment, found from the raw text (Go's own rule: the
 * comment opens right at `{{` or `{{- ` and runs to the first `*\/`). Independent of the grammar. */
function linesInGoComment(text) {
  const inside = new Set();
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const re = /\{\{(?:-[ \t\r\n])?[ \t\r\n]*\/\*[\s\S]*?(?:\*\/|$)/g;
  for (let m; (m = re.exec(text)); ) {
    const from = m.index;
    const to = m.index + m[0].length;
    for (let l = 0; l < starts.length; l++) if (starts[l] > from && starts[l] < to) inside.add(l);
  }
  return inside;
}

export async function runCorpusChecks(log = console.log) {
  const results = [];
  const check = (name, problems, detail = '') => {
    results.push({ name, ok: problems.length === 0 });
    log(`${problems.length === 0 ? '✓' : '✗'} ${name}${detail ? ` (${detail})` : ''}`);
    for (const p of problems.slice(0, 20)) log(`    ${p}`);
    if (problems.length > 20) log(`    ... and ${problems.length - 20} more`);
  };
  if (!fs.existsSync(CORPUS)) {
    check('corpus is present', [`missing at ${CORPUS} (set HELM_HOOKS_CORPUS)`]);
    return results;
  }
  const files = templates(CORPUS).sort();
  const grammar = await createHelmGrammar();
  const slow = [];
  const engineErrors = [];
  const actionProblems = [];
  const keyProblems = [];
  const hookProblems = [];
  let lines = 0;
  let actionLines = 0;
  let topKeys = 0;
  let hookLines = 0;
  let dictPairs = 0;
  let slowest = { ms: 0, at: '' };
  const originalError = console.error;
  let currentAt = '';
  console.error = (...args) => engineErrors.push(`${currentAt}: ${args.join(' ')}`);
  const started = performance.now();
  try {
    for (const file of files) {
      const rel = path.relative(CORPUS, file);
      const text = fs.readFileSync(file, 'utf8');
      const inComment = linesInGoComment(text);
      let stack = tm.INITIAL;
      text.split(/\r?\n/).forEach((line, i) => {
        currentAt = `${rel}:${i + 1}`;
        const before = stack;
        let t0 = performance.now();
        let r = grammar.tokenizeLine(line, before, LINE_LIMIT_MS);
        let ms = performance.now() - t0;
        // Wall-clock time also counts pauses of a loaded machine. Catastrophic backtracking is
        // deterministic, a pause is not: a slow line is measured again and its fastest run counts.
        for (let retry = 0; retry < 3 && (ms > RETRY_ABOVE_MS || r.stoppedEarly); retry++) {
          t0 = performance.now();
          const again = grammar.tokenizeLine(line, before, LINE_LIMIT_MS);
          const againMs = performance.now() - t0;
          if (againMs < ms) [r, ms] = [again, againMs];
        }
        stack = r.ruleStack;
        lines += 1;
        if (ms > slowest.ms) slowest = { ms, at: currentAt };
        if (ms > LINE_LIMIT_MS || r.stoppedEarly) slow.push(`${currentAt}: ${ms.toFixed(0)} ms${r.stoppedEarly ? ' (stopped early)' : ''}`);
        const tokenAt = (col) => r.tokens.find((t) => t.startIndex <= col && col < t.endIndex);

        const lead = /^[ \t]*\{\{/.exec(line);
        if (lead) {
          actionLines += 1;
          const scopes = tokenAt(lead[0].length - 2)?.scopes ?? [];
          const want = inComment.has(i) ? 'comment.block.helm' : 'punctuation.section.embedded.begin.helm';
          if (!scopes.includes(want)) actionProblems.push(`${currentAt}: expected ${want}, got ${scopes.join(' ')}  | ${line.slice(0, 100)}`);
        }
        if (/^[A-Za-z][\w.\/-]*:(?:[ \t]|$)/.test(line) && !inComment.has(i)) {
          topKeys += 1;
          const scopes = tokenAt(0)?.scopes ?? [];
          const ok = scopes[1] === 'entity.name.tag.yaml' || (scopes[1]?.startsWith('meta.annotation.helm-hooks.') && scopes[2] === 'entity.name.tag.helm-hooks.key');
          if (!ok) keyProblems.push(`${currentAt}: ${scopes.join(' ')}  | ${line.slice(0, 100)}`);
        }
        const hk = HOOK_KEY.exec(line);
        if (hk && !inComment.has(i)) {
          hookLines += 1;
          const keyScopes = tokenAt(hk[1].length + hk[2].length)?.scopes ?? [];
          if (!keyScopes.includes('entity.name.tag.helm-hooks.key')) hookProblems.push(`${currentAt}: key not marked: ${keyScopes.join(' ')}`);
          const value = line.slice(hk[0].length);
          const offset = hk[0].length;
          checkValues(hk[3], value.replace(/\{\{.*?\}\}/g, (s) => ' '.repeat(s.length)).replace(/[ \t]#.*$/, ''), offset, tokenAt, hookProblems, currentAt);
        }
        for (const m of line.matchAll(DICT_PAIR)) {
          if (inComment.has(i)) continue;
          dictPairs += 1;
          const keyScopes = tokenAt(m.index + 1)?.scopes ?? [];
          if (!keyScopes.includes('entity.name.tag.helm-hooks.key')) hookProblems.push(`${currentAt}: dict key not marked: ${keyScopes.join(' ')}`);
          const valueAt = m.index + m[0].length - m[2].length - 1;
          checkValues(m[1], m[2], valueAt, tokenAt, hookProblems, currentAt);
        }
      });
    }
  } finally {
    console.error = originalError;
  }
  const seconds = (performance.now() - started) / 1000;
  log(`corpus: ${files.length} templates, ${lines} lines tokenized in ${seconds.toFixed(1)} s; slowest line ${slowest.ms.toFixed(1)} ms (${slowest.at})`);
  check(`every line of ${files.length} templates tokenizes without engine errors`, engineErrors, `${lines} lines`);
  check(`no line takes more than ${LINE_LIMIT_MS} ms (catastrophic backtracking guard)`, slow);
  check('every line starting with {{ starts a template action (or is inside a Go comment)', actionProblems, `${actionLines} lines`);
  check('every column-0 YAML key outside Go comments is a top-level key (nothing swallowed it)', keyProblems, `${topKeys} lines`);
  check('every literal hook annotation has its key and known values marked', hookProblems, `${hookLines} annotation lines, ${dictPairs} dict pairs`);
  if (files.length < 3000) check('the corpus is complete', [`expected the full corpus, found ${files.length} templates`]);
  return results;
}

function checkValues(key, value, offset, tokenAt, problems, at) {
  const scope = CONSTANT[key];
  const entries = [];
  if (key === 'hook-weight') {
    const m = /^([ \t]*)(["']?)([-+]?[0-9]+)\2[ \t]*$/.exec(value);
    if (m) entries.push({ text: m[3], col: m[1].length + m[2].length });
  } else {
    for (const m of value.matchAll(/[^\s,"']+/g)) {
      if (KNOWN[key].includes(m[0].toLowerCase())) entries.push({ text: m[0], col: m.index });
    }
  }
  for (const e of entries) {
    const scopes = tokenAt(offset + e.col)?.scopes ?? [];
    if (!scopes.includes(scope)) problems.push(`${at}: value ${e.text} of helm.sh/${key} not marked ${scope}: ${scopes.join(' ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await runCorpusChecks();
  const failed = results.filter((r) => !r.ok).length;
  console.log(`corpus: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
