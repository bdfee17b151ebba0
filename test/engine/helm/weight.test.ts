import * as assert from 'node:assert/strict';
import { effectiveWeight, parseWeight } from '../../../engine';

describe('helm model: parseWeight mirrors strconv.Atoi', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['5', 5],
    ['+5', 5],
    ['-5', -5],
    ['007', 7],
    ['-007', -7],
    ['00000000000000000000000000000042', 42],
    ['-0', 0],
    ['-9223372036854775808', -9223372036854775808],
  ];
  for (const [raw, weight] of ok) {
    it(`reads ${JSON.stringify(raw)} as ${weight}`, () => {
      const r = parseWeight(raw);
      assert.equal(r.ok, true);
      assert.ok(r.ok && Object.is(r.weight + 0, weight + 0));
    });
  }

  it('accepts the largest int64, 9223372036854775807', () => {
    const r = parseWeight('9223372036854775807');
    assert.equal(r.ok, true);
  });

  const syntax = [' 5', '5 ', '5\n', '\t5', '1.5', '1e3', '0x10', '1_000', '', '+', '-', '+-5', '--5', 'abc', '5a', '٥', '５', 'Infinity', 'NaN'];
  for (const raw of syntax) {
    it(`rejects ${JSON.stringify(raw)} as a syntax error`, () => {
      assert.deepEqual(parseWeight(raw), { ok: false, reason: 'syntax' });
    });
  }

  for (const raw of ['9223372036854775808', '-9223372036854775809', '99999999999999999999999', '+9223372036854775808']) {
    it(`rejects ${raw} as out of range`, () => {
      assert.deepEqual(parseWeight(raw), { ok: false, reason: 'range' });
    });
  }

  it('effectiveWeight: what Helm uses, 0 when unset or unreadable', () => {
    assert.equal(effectiveWeight(undefined), 0);
    assert.equal(effectiveWeight('-3'), -3);
    assert.equal(effectiveWeight('+12'), 12);
    assert.equal(effectiveWeight(' 3'), 0);
    assert.equal(effectiveWeight('3.0'), 0);
    assert.equal(effectiveWeight('9223372036854775808'), 0);
  });
});
