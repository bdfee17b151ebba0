import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { hooksOf, plan, tieFindings, WeightTie, weightTies } from '../../../engine/chart';
import { hookDoc } from './chartUtil';

const EVENTS = ['pre-install', 'pre-upgrade', 'pre-install,pre-upgrade', 'post-install,post-upgrade'];

/**
 * The server writes a document's tie findings a few weights at a time (features/weightTies.ts): a hook's
 * findings come only from ties of its own weight, so the parts, sorted by start, must equal the whole.
 */
describe('chart layer: tie findings written a few weights at a time', () => {
  it('equal tieFindings over all ties, for any grouping of the weights', () => {
    const hookArb = fc.record({ name: fc.constantFrom('a', 'b', 'c', '{{ include "x" . }}-d', ''), weight: fc.integer({ min: -2, max: 2 }), events: fc.constantFrom(...EVENTS), other: fc.boolean() });
    fc.assert(
      fc.property(fc.array(hookArb, { minLength: 2, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (specs, perPart) => {
        const doc = (i: number): string => hookDoc('Job', specs[i].name, [`helm.sh/hook: ${specs[i].events}`, `helm.sh/hook-weight: "${specs[i].weight}"`]);
        const mine = specs.map((s, i) => (s.other ? '' : doc(i))).filter((d) => d !== '').join('---\n');
        const theirs = specs.map((s, i) => (s.other ? doc(i) : '')).filter((d) => d !== '').join('---\n');
        const hooks = [...hooksOf('c/templates/mine.yaml', mine), ...hooksOf('c/templates/theirs.yaml', theirs)];
        const ties = weightTies(plan(hooks));
        const whole = tieFindings(ties, 'c/templates/mine.yaml', mine);
        const byWeight = new Map<number, WeightTie[]>();
        for (const t of ties) byWeight.set(t.weight, [...(byWeight.get(t.weight) ?? []), t]);
        const groups = [...byWeight.values()];
        const parts = [];
        for (let i = 0; i < groups.length; i += perPart) parts.push(...tieFindings(groups.slice(i, i + perPart).flat(), 'c/templates/mine.yaml', mine));
        parts.sort((a, b) => a.start - b.start);
        assert.deepEqual(parts, whole);
      }),
      { numRuns: 200 },
    );
  });
});
