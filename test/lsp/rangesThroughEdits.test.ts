import { strict as assert } from 'node:assert';
import { Range } from 'vscode-languageserver/node';
import { rangeAfter, throughEdits } from '../../server/src/lsp/rangesThroughEdits';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const change = (range: Range, text: string) => ({ range, text });

describe('ranges carried through edits', () => {
  const tie = r(6, 25, 6, 28);

  it('keeps a range when the edit is after it, and moves it with text typed or deleted before it', () => {
    assert.equal(rangeAfter(tie, change(r(7, 0, 7, 0), 'x')), tie);
    assert.equal(rangeAfter(tie, change(r(6, 29, 6, 30), '')), tie);
    assert.deepEqual(rangeAfter(tie, change(r(6, 2, 6, 2), 'ab')), r(6, 27, 6, 30), 'same line: characters shift');
    assert.deepEqual(rangeAfter(tie, change(r(0, 0, 0, 0), '# a\n# b\n')), r(8, 25, 8, 28), 'lines above: lines shift');
    assert.deepEqual(rangeAfter(tie, change(r(2, 4, 4, 1), '')), r(4, 25, 4, 28), 'lines deleted above');
    assert.deepEqual(rangeAfter(tie, change(r(6, 3, 6, 10), 'x\r\nyz')), r(7, 17, 7, 20), 'a line break typed on its line, before it');
    assert.deepEqual(rangeAfter(tie, change(r(5, 10, 6, 4), '')), r(5, 31, 5, 34), 'its line joined to the one above');
  });

  it('drops a range the edit touches, at either end or inside, and everything on a full-text change', () => {
    for (const at of [r(6, 25, 6, 25), r(6, 28, 6, 28), r(6, 26, 6, 27), r(5, 0, 7, 0)]) assert.equal(rangeAfter(tie, change(at, '1')), undefined);
    assert.equal(throughEdits([{ range: tie }], [{ text: 'whole' }]), undefined);
  });

  it('applies a didChange\'s changes one after the other', () => {
    const moved = throughEdits([{ range: tie, id: 'a' }, { range: r(9, 0, 9, 3), id: 'b' }], [change(r(0, 0, 0, 0), '\n'), change(r(10, 1, 10, 1), 'x')]);
    assert.deepEqual(moved, [{ range: r(7, 25, 7, 28), id: 'a' }]);
  });
});
