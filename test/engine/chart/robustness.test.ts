import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { HookScanner, hooksOf, lensText, plan, planMarkdown, tieFindings, weightTies } from '../../../engine/chart';
import { mutatedArb, SEEDS } from '../properties';

const PATH = 'c/templates/t.yaml';

/** hooksOf, the plan and the findings on one text: nothing throws, every offset lies in the text. */
function checkText(text: string): void {
  const hooks = hooksOf(PATH, text);
  for (const h of hooks) {
    const o = h.offsets;
    for (const [a, b] of [o.hookKey, o.hookValue, o.weightValue ?? [0, 0], o.name ?? [0, 0], [o.objectStart, o.objectEnd]]) {
      assert.ok(a >= 0 && a <= b && b <= text.length, `range ${a}-${b} outside the text (${text.length})`);
    }
    assert.ok(o.anchor >= o.objectStart && o.anchor <= text.length);
  }
  const p = plan([...hooks, ...hooks.map((h) => ({ ...h, path: 'c/templates/u.yaml' }))]);
  const ties = weightTies(p);
  for (const h of hooks) lensText(p, h);
  for (const f of tieFindings(ties, PATH, text)) assert.ok(f.start >= 0 && f.end <= text.length);
  planMarkdown(p, ties, { chart: 'c', link: () => undefined });
}

describe('chart layer on any input', function () {
  this.timeout(60_000);

  it('never throws and keeps offsets in the text (mutated hook templates)', () => {
    fc.assert(fc.property(mutatedArb, (text) => checkText(text)), { numRuns: 300 });
  });

  it('never throws on random text full of YAML and template punctuation', () => {
    const chars = fc.constantFrom('-', '-', '-', '\n', ' ', '{', '}', '{{', '}}', ':', '"', "'", '#', 'helm.sh/hook', 'kind: Job', '|');
    fc.assert(fc.property(fc.array(chars, { maxLength: 200 }), (parts) => checkText(parts.join(''))), { numRuns: 300 });
  });

  it('a scanner fed edit after edit agrees with a fresh scan every time', () => {
    fc.assert(
      fc.property(fc.array(mutatedArb, { minLength: 2, maxLength: 6 }), (texts) => {
        const scanner = new HookScanner();
        for (const t of texts) assert.deepEqual(scanner.scan(PATH, t), hooksOf(PATH, t));
      }),
      { numRuns: 100 },
    );
  });

  it('finds the hooks of every seed', () => {
    for (const s of SEEDS.filter((x) => /helm\.sh\/hook:/.test(x))) assert.ok(hooksOf(PATH, s).length > 0, s);
  });
});
