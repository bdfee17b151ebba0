// Runs every test tier in order and prints each tier's count and a closing total.
// A tier that cannot run (missing build, crashed runner, no count line) fails loudly.
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const tiers = [
  { name: 'unit', steps: [['npm', ['run', '--silent', 'build']], ['npx', ['mocha', '--config', 'test/mocharc.unit.json']]] },
  { name: 'protocol', steps: [['node', ['scripts/bundle.mjs']], ['npx', ['mocha', '--config', 'test/mocharc.protocol.json']]] },
].filter((t) => only.length === 0 || only.includes(t.name));

let passed = 0;
let failed = 0;
const problems = [];
for (const tier of tiers) {
  console.log(`\n=== tier ${tier.name} ===`);
  let counted = false;
  for (const [cmd, args] of tier.steps) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, HELM_HOOKS_TIER: tier.name }, maxBuffer: 256 * 1024 * 1024 });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    const m = new RegExp(`^${tier.name}: (\\d+) passed, (\\d+) failed`, 'm').exec(r.stdout ?? '');
    if (m) {
      counted = true;
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (r.status !== 0) {
      problems.push(`tier ${tier.name}: "${cmd} ${args.join(' ')}" exited with ${r.status ?? r.signal}`);
      if (!m) failed += 1;
      break;
    }
  }
  if (!counted && !problems.some((p) => p.startsWith(`tier ${tier.name}:`))) {
    problems.push(`tier ${tier.name}: ran no tests`);
    failed += 1;
  }
}
console.log('');
for (const p of problems) console.log(`FAILED ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
