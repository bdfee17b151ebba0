import * as assert from 'node:assert/strict';
import { byFile, renderedToPublish } from '../../client/src/render';

describe('editor rendering: merge with the findings already shown, by (rule, file, line)', () => {
  const r = (code: string, file: string, line: number, message = 'rendered'): { code: string; file: string; line: number; message: string } => ({ code, file, line, message });

  it('leaves out a rendered finding the server or the cluster already shows on the same rule, file and line', () => {
    const shown = [
      { code: 'unknown-hook-event', file: '/c/templates/a.yaml', line: 3 },
      { code: 'hook-failed', file: '/c/templates/b.yaml', line: 0 },
    ];
    const rendered = [
      r('unknown-hook-event', '/c/templates/a.yaml', 3),
      r('unknown-hook-event', '/c/templates/a.yaml', 4),
      r('unknown-hook-event', '/c/templates/b.yaml', 3),
      r('hook-weight-tie', '/c/templates/a.yaml', 3),
      r('hook-failed', '/c/templates/b.yaml', 0),
    ];
    assert.deepEqual(
      renderedToPublish(rendered, shown).map((f) => `${f.code} ${f.file}:${f.line}`),
      ['unknown-hook-event /c/templates/a.yaml:4', 'unknown-hook-event /c/templates/b.yaml:3', 'hook-weight-tie /c/templates/a.yaml:3'],
    );
  });

  it('keeps the first of rendered findings that repeat each other (one finding per rule, file and line)', () => {
    const out = renderedToPublish([r('render-failed', '/c/t.yaml', 1, 'first'), r('render-failed', '/c/t.yaml', 1, 'second')], []);
    assert.deepEqual(out.map((f) => f.message), ['first']);
  });

  it('groups by file, listing files that no longer have any (so their old diagnostics are cleared)', () => {
    const grouped = byFile([r('a', '/x', 1), r('b', '/y', 2), r('c', '/x', 5)], ['/z', '/x']);
    assert.deepEqual([...grouped.keys()], ['/z', '/x', '/y']);
    assert.deepEqual(grouped.get('/x')?.map((f) => f.code), ['a', 'c']);
    assert.deepEqual(grouped.get('/z'), []);
  });
});
