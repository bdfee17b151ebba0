import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTemplate } from '../../engine';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS = process.env.HELM_HOOKS_CORPUS ?? path.resolve(REPO, '..', 'shared', 'corpus');

/**
 * Every finding on the real-chart corpus, each justified by what Helm does. Anything else the engine
 * reports there is a false positive and fails this test.
 */
const EXPECTED: { at: string; code: string; reason: string }[] = [
  ...['mariadb', 'mongodb', 'mysql', 'postgresql'].map((chart) => ({
    at: `bitnami/${chart}/templates/update-password/job.yaml`,
    code: 'hook-name-reused',
    reason:
      'pre-upgrade Job named after the release fullname with delete policy hook-succeeded only: a failed run leaves the Job, and the next upgrade fails with jobs.batch "..." already exists (Helm 3)',
  })),
  {
    at: 'bitnami/opensearch/templates/snapshots/init-job.yaml',
    code: 'hook-name-reused',
    reason: 'post-install Job with a fixed name and hook-succeeded only: a failed run leaves it behind and blocks the next run',
  },
];

function walk(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('real charts (../shared/corpus)', () => {
  let files: string[] = [];

  before(function () {
    assert.ok(fs.existsSync(CORPUS), `the corpus is missing at ${CORPUS} (set HELM_HOOKS_CORPUS): this tier cannot run without it`);
    files = walk(CORPUS, []);
    assert.ok(files.length > 3000, `expected the full corpus, found ${files.length} files`);
  });

  it('raises nothing that Helm does not justify, on every file', () => {
    const actual: string[] = [];
    for (const f of files) {
      const { findings } = analyzeTemplate(fs.readFileSync(f, 'utf8'));
      for (const x of findings) actual.push(`${path.relative(CORPUS, f)} ${x.code}`);
    }
    assert.deepEqual(actual.sort(), EXPECTED.map((e) => `${e.at} ${e.code}`).sort());
  });

  it('finds every hook annotation that is written literally in a template', () => {
    let literal = 0;
    for (const f of files.filter((p) => /[/\\]templates[/\\]/.test(p))) {
      const text = fs.readFileSync(f, 'utf8');
      const found = new Set<number>();
      const { objects, lines } = analyzeTemplate(text);
      for (const o of objects) for (const a of o.annotations) if (a.key === 'helm.sh/hook') found.add(lines.lineOf(a.keyStart));
      text.split('\n').forEach((line, i) => {
        if (!/^\s*["']?helm\.sh\/hook["']?\s*:|"helm\.sh\/hook"\s+"/.test(line)) return;
        literal += 1;
        assert.ok(found.has(i), `${path.relative(CORPUS, f)}:${i + 1}: hook annotation not found by the scanner`);
      });
    }
    assert.ok(literal >= 60, `expected dozens of hook annotations in the corpus, saw ${literal}`);
  });
});
