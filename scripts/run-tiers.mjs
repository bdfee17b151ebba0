// Runs every test tier in order and prints each tier's count and a closing total.
// A tier that cannot run (missing build, crashed runner, no count line) fails loudly, and still ends with its
// `TIER: N passed, N failed` line.
//
//   node scripts/run-tiers.mjs [TIER...]     e.g. `node scripts/run-tiers.mjs host`
import { spawn } from 'node:child_process';

const only = process.argv.slice(2);
const tiers = [
  {
    // `package` builds first (vscode:prepublish) and writes the .vsix test/package checks. Lint runs after the build
    // (tsc -b has checked the types it relies on) and before the tests: a finding fails the tier.
    name: 'unit',
    steps: [['npm', ['run', '--silent', 'package']], ['npm', ['run', '--silent', 'lint']], ['npx', ['mocha', '--config', 'test/mocharc.unit.json']]],
  },
  { name: 'protocol', steps: [['node', ['scripts/bundle.mjs']], ['npx', ['mocha', '--config', 'test/mocharc.protocol.json']]] },
  // The TextMate grammars in syntaxes/: vscode-tmgrammar-test fixtures, the hook injection over a foreign
  // source.helm, and a run over every corpus template (no build needed).
  { name: 'grammar', steps: [['node', ['scripts/grammar-test.mjs']]] },
  {
    // A real VS Code extension host (scripts/host/run.mjs): the extension from the work tree, then the packaged .vsix
    // installed into the host. Provisioning reuses its cache (outside the work tree) and says what is missing.
    name: 'host',
    steps: [
      ['node', ['scripts/host/provision.mjs']],
      // The release view is tested against the local cluster too.
      ['bash', ['scripts/cluster/provision.sh']],
      ['npm', ['run', '--silent', 'package']],
      ['node', ['scripts/host/run.mjs', '--vsix', 'dist/helm-hooks.vsix']],
    ],
  },
  {
    // A real kube-apiserver v1.20 + etcd + Job controller on 127.0.0.1 with the stand-in kubelet, and the real
    // helm 3.18 and 4.1 (scripts/cluster/README.md). Binaries come from provision.sh's cache outside the work tree.
    name: 'cluster',
    steps: [
      ['bash', ['scripts/cluster/provision.sh']],
      ['npx', ['tsc', '-b']],
      ['npx', ['mocha', '--config', 'test/mocharc.cluster.json']],
    ],
  },
];
const unknown = only.filter((n) => !tiers.some((t) => t.name === n));
if (unknown.length > 0) {
  console.error(`unknown tier(s): ${unknown.join(', ')}; tiers are ${tiers.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

/** Runs one step, streaming its output as it comes, and resolves with its exit status and stdout. */
function run(cmd, args, env) {
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('error', (e) => resolve({ status: null, signal: e.message, stdout }));
    child.on('close', (status, signal) => resolve({ status, signal, stdout }));
  });
}

let passed = 0;
let failed = 0;
const problems = [];
for (const tier of tiers.filter((t) => only.length === 0 || only.includes(t.name))) {
  console.log(`\n=== tier ${tier.name} ===`);
  let counted = false;
  let broken = false;
  for (const [cmd, args] of tier.steps) {
    const r = await run(cmd, args, { ...process.env, HELM_HOOKS_TIER: tier.name });
    const m = new RegExp(`^${tier.name}: (\\d+) passed, (\\d+) failed`, 'm').exec(r.stdout);
    if (m) {
      counted = true;
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (r.status !== 0) {
      problems.push(`tier ${tier.name}: "${cmd} ${args.join(' ')}" exited with ${r.status ?? r.signal}`);
      broken = true;
      if (!m) {
        failed += 1;
        console.log(`\n${tier.name}: 0 passed, 1 failed (could not run: "${cmd} ${args.join(' ')}" exited with ${r.status ?? r.signal})`);
      }
      break;
    }
  }
  if (!counted && !broken) {
    problems.push(`tier ${tier.name}: ran no tests`);
    failed += 1;
    console.log(`\n${tier.name}: 0 passed, 1 failed (ran no tests)`);
  }
}
console.log('');
for (const p of problems) console.log(`FAILED ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
