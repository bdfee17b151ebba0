// The `grammar` test tier: checks the TextMate grammars in syntaxes/ and ends with one
// `grammar: N passed, N failed` line for scripts/run-tiers.mjs. Exits 1 on any failure.
//   1. the JSON files in syntaxes/ parse, and package.json contributes both grammars as VS Code needs;
//   2. vscode-tmgrammar-test runs the fixtures test/grammar/fixtures/*.yaml (one test per fixture file);
//   3. test/grammar/beside.test.mjs runs the hook injection over our grammar and over a stand-in foreign source.helm;
//   4. test/grammar/corpus.test.mjs runs the grammar over every template of the real-chart corpus.
// Usage: node scripts/grammar-test.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (...p) => path.join(ROOT, ...p);
const GRAMMAR = 'syntaxes/helm.tmLanguage.json';
const INJECTION = 'syntaxes/helm-hooks.injection.tmLanguage.json';
const FIXTURES = 'test/grammar/fixtures';
const TOOL_TIMEOUT_MS = 5 * 60 * 1000;
const CORPUS_TIMEOUT_MS = 20 * 60 * 1000;

let passed = 0;
let failed = 0;
const result = (ok, name, details = []) => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? '✓' : '✗'} ${name}`);
  for (const d of details) console.log(`    ${d}`);
};
const readJson = (file) => JSON.parse(fs.readFileSync(rel(file), 'utf8'));

// 1. Configuration.
console.log('--- grammar files and package.json');
for (const file of fs.readdirSync(rel('syntaxes')).filter((f) => f.endsWith('.json')).sort()) {
  try {
    readJson(path.join('syntaxes', file));
    result(true, `syntaxes/${file} is valid JSON`);
  } catch (e) {
    result(false, `syntaxes/${file} is valid JSON`, [e.message]);
  }
}
{
  const problems = [];
  try {
    const pkg = readJson('package.json');
    const grammars = pkg.contributes?.grammars ?? [];
    const helm = grammars.find((g) => g.scopeName === 'source.helm');
    const injection = grammars.find((g) => g.scopeName === 'helm-hooks.injection');
    if (!helm || helm.language !== 'helm' || path.normalize(helm.path) !== path.normalize(`./${GRAMMAR}`)) {
      problems.push(`expected { language: "helm", scopeName: "source.helm", path: "./${GRAMMAR}" }`);
    }
    if (!injection || path.normalize(injection.path) !== path.normalize(`./${INJECTION}`) || !['source.helm', 'source.yaml'].every((s) => injection.injectTo?.includes(s))) {
      problems.push(`expected { scopeName: "helm-hooks.injection", path: "./${INJECTION}", injectTo: ["source.helm", "source.yaml"] }`);
    }
    if (!(pkg.contributes?.languages ?? []).some((l) => l.id === 'helm')) problems.push('no contributes.languages entry with id "helm"');
    for (const g of [helm, injection].filter(Boolean)) {
      if (readJson(g.path).scopeName !== g.scopeName) problems.push(`${g.path} does not declare scopeName ${g.scopeName}`);
    }
  } catch (e) {
    problems.push(e.message);
  }
  result(problems.length === 0, 'package.json contributes.grammars registers the grammar and the injection', problems);
}

// 2. Fixtures. The tool's assertion parser backtracks forever on an assertion with two " - "
// separators (the syntax is "required... - excluded..."), so those are rejected here first.
console.log('\n--- fixtures (vscode-tmgrammar-test)');
const fixtures = fs.readdirSync(rel(FIXTURES)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${FIXTURES}/${f}`);
let assertionLines = 0;
let assertions = 0;
const lint = [];
for (const f of fixtures) {
  const lines = fs.readFileSync(rel(f), 'utf8').split(/\r?\n/);
  if (!/^# SYNTAX TEST "source\.helm"/.test(lines[0])) lint.push(`${f}:1: the first line must be # SYNTAX TEST "source.helm" "..."`);
  lines.forEach((l, i) => {
    if (!/^#\s*(\^|<-)/.test(l)) return;
    assertionLines += 1;
    assertions += (l.match(/\^+/g) ?? ['<-']).length;
    if (l.split(' - ').length > 2) lint.push(`${f}:${i + 1}: more than one " - " in an assertion: list every excluded scope after a single " - "`);
  });
}
if (fixtures.length === 0) lint.push(`no fixtures in ${FIXTURES}`);
if (lint.length) {
  result(false, 'fixtures are well-formed', lint);
} else {
  const require = createRequire(rel('package.json'));
  const toolPkg = require.resolve('vscode-tmgrammar-test/package.json');
  const bin = require(toolPkg).bin['vscode-tmgrammar-test'];
  const r = spawnSync(
    process.execPath,
    [path.join(path.dirname(toolPkg), bin), '--config', 'package.json', '-g', GRAMMAR, '-g', INJECTION, `${FIXTURES}/*.yaml`],
    { cwd: ROOT, encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  process.stdout.write(out);
  if (r.error || r.signal) console.log(`vscode-tmgrammar-test did not finish: ${r.error?.message ?? r.signal}`);
  let allOk = true;
  for (const f of fixtures) {
    // the tool prints "<mark> <file> run successfuly." (sic) for a fixture whose assertions all hold
    const ok = out.split('\n').some((l) => l.includes(f) && / run successfuly\.$/.test(l));
    allOk &&= ok;
    result(ok, `fixture ${path.basename(f)}`, ok ? [] : [out.includes(f) ? 'failed (see above)' : 'no result from vscode-tmgrammar-test']);
  }
  if (allOk && r.status !== 0) result(false, 'vscode-tmgrammar-test exit status', [`exited with ${r.status ?? r.signal}`]);
  console.log(`fixtures: ${fixtures.length} files, ${assertions} scope assertions (${assertionLines} assertion lines)`);
}

/** Runs a check script that prints ✓/✗ lines and a closing `<name>: N passed, N failed`, and counts its lines. */
function runChecks(script, name, timeout) {
  const r = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(out.replace(new RegExp(`^${name}: \\d+ passed, \\d+ failed\\n?`, 'm'), ''));
  for (const l of out.split('\n')) {
    if (/^✓ /.test(l)) passed += 1;
    else if (/^✗ /.test(l)) failed += 1;
  }
  if (r.error || r.signal) result(false, `${name} check finished`, [`stopped: ${r.error?.message ?? r.signal} (a grammar regex that never finishes?)`]);
  else if (r.status !== 0 && !/^✗ /m.test(out)) result(false, `${name} check ran`, [`exited with ${r.status}`]);
}

// 3. Beside the Kubernetes extension, whose source.helm replaces ours.
console.log('\n--- beside another source.helm grammar');
runChecks('test/grammar/beside.test.mjs', 'beside', TOOL_TIMEOUT_MS);

// 4. Real charts.
console.log('\n--- corpus');
runChecks('test/grammar/corpus.test.mjs', 'corpus', CORPUS_TIMEOUT_MS);

console.log(`\ngrammar: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
