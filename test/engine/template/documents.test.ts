import * as assert from 'node:assert/strict';
import { scanObjects, TemplateText } from '../../../engine';
import { documentAt, documentSpans, documentsWith } from '../../../engine/template/documents';

const spans = (text: string): string[] => [...documentSpans(text)].map((s) => text.slice(s.start, s.end));

describe('template documents', () => {
  it('splits at `---` lines (a space, tab, comment or line end after the dashes), not at `----` or `--- x`-less text', () => {
    assert.deepEqual(spans('a: 1\n---\nb: 2\n--- # c\nc: 3\n----\nd: 4\n---\t\ne: 5'), ['a: 1\n', 'b: 2\n', 'c: 3\n----\nd: 4\n', 'e: 5']);
    assert.deepEqual(spans('---\na: 1\n---\n'), ['a: 1\n', ''], 'a leading `---` opens the first document');
    assert.deepEqual(spans('a: 1\r\n---\r\nb: 2'), ['a: 1\r\n', 'b: 2']);
  });

  it('does not split at a `---` line inside a template action left open above it, as scanObjects reads it', () => {
    const text = 'kind: Job\n{{- /* notes\n---\n*/}}\nmetadata:\n  name: a\n---\nkind: Pod\n';
    assert.deepEqual(spans(text), ['kind: Job\n{{- /* notes\n---\n*/}}\nmetadata:\n  name: a\n', 'kind: Pod\n']);
    assert.equal(scanObjects(new TemplateText(text)).length, 2);
    // The document under a cursor on that line is the whole first one, not a piece of it.
    assert.deepEqual(documentAt(text, text.indexOf('---')), { start: 0, end: text.indexOf('---\nkind: Pod') });
    assert.deepEqual(documentAt(text, text.indexOf('name: a')), { start: 0, end: text.indexOf('---\nkind: Pod') });
  });

  it('documentAt: undefined on a separator line, the last document up to the end', () => {
    const text = 'a: 1\n---\nb: 2';
    assert.equal(documentAt(text, 6), undefined);
    assert.deepEqual(documentAt(text, 4), { start: 0, end: 5 });
    assert.deepEqual(documentAt(text, text.length), { start: 9, end: text.length });
  });

  it('documentsWith: only the documents holding the needle, with their line and ordinal', () => {
    const text = 'a: 1\n---\nb: hook\n---\nc: 3\n---\nd: hook\n';
    assert.deepEqual(
      documentsWith(text, 'hook').map((d) => [d.text, d.line, d.ordinal]),
      [
        ['b: hook\n', 2, 1],
        ['d: hook\n', 6, 3],
      ],
    );
  });
});
