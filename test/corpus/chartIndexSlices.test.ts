import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { hookId } from '../../engine';
import { ChartIndex, ReleaseView } from '../../server/src/charts/chartIndex';

const job = (i: number, weight: number, events = 'pre-install,pre-upgrade'): string =>
  `---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "x.fullname" . }}-hook-${i}\n  annotations:\n    "helm.sh/hook": ${events}\n    "helm.sh/hook-weight": "${weight}"\n`;

/** What a view says, by hook identity: the run order of each event and each tie with its reasons. */
function summary(v: ReleaseView): unknown {
  return {
    events: v.plan.events.map((e) => [e.event, e.steps.map(hookId)]),
    dropped: v.plan.dropped.map(hookId),
    ties: v.ties.map((t) => [t.event, t.weight, t.hooks.map(hookId), t.reasons]),
    hooks: v.hooks.map((h) => [hookId(h), h.weight, h.events.join(), h.name, h.offsets.anchorLine]),
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Edit = { doc: number; what: 'weight' | 'event' | 'name' | 'insert' | 'remove'; value: number };
const editArb: fc.Arbitrary<Edit> = fc.record({
  doc: fc.nat({ max: 39 }),
  what: fc.constantFrom('weight' as const, 'event' as const, 'name' as const, 'insert' as const, 'remove' as const),
  value: fc.integer({ min: -3, max: 3 }),
});

/**
 * The chart index reads an open template in slices between turns (prepare) and plans only what changed since
 * the last view. Whatever the interleaving of edits, slices and views, a view must equal a fresh index's view
 * of the same texts.
 */
describe('chart index: reading in slices and incremental plans equal a read from scratch', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-slices-'));
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'templates', 'other.yaml'), job(100, 1) + job(101, 2, 'pre-install'));
    file = path.join(dir, 'templates', 'hooks.yaml');
    fs.writeFileSync(file, '');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('after every edit of a sequence, with views taken while a sliced read is paused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 25 }), fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), async (edits, viewMidway) => {
        let docs = Array.from({ length: 40 }, (_, i) => job(i, i % 4));
        let version = 1;
        let text = docs.join('');
        const open = (f: string): { text: string; version: number } | undefined => (f === file ? { text, version } : undefined);
        const index = new ChartIndex(open);
        const r = index.releaseOf(file);
        assert.ok(r);
        await index.prepare(r, 0);
        index.view(r);
        for (const [k, e] of edits.entries()) {
          const i = e.doc % docs.length;
          if (e.what === 'weight') docs[i] = docs[i].replace(/hook-weight": "[^"]*"/, `hook-weight": "${e.value}"`);
          else if (e.what === 'event') docs[i] = docs[i].replace(/hook": [^\n]*/, `hook": ${e.value > 0 ? 'pre-install' : e.value < 0 ? 'pre-upgrade,pre-xnstall' : 'pre-upgrade'}`);
          else if (e.what === 'name') docs[i] = docs[i].replace(/-hook-\d+/, `-hook-${i}${'x'.repeat(e.value + 3)}`);
          else if (e.what === 'insert') docs.splice(i, 0, job(200 + k, e.value));
          else if (docs.length > 1) docs.splice(i, 1);
          docs = [...docs];
          text = docs.join('');
          version += 1;
          const sliced = index.prepare(r, 0);
          await nextTurn();
          if (viewMidway[k]) {
            // Another feature asks while the read is paused; then the text changes again under it.
            assert.deepEqual(summary(index.view(r)), summary(new ChartIndex(open).view(new ChartIndex(open).releaseOf(file)!)));
            text = text + '\n';
            version += 1;
          }
          await sliced;
          const fresh = new ChartIndex(open);
          assert.deepEqual(summary(index.view(r)), summary(fresh.view(fresh.releaseOf(file)!)));
        }
      }),
      { numRuns: 40 },
    );
  });
});
