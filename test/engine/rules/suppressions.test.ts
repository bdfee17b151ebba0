import * as assert from 'node:assert/strict';
import { analyze, codes, hook, lines } from '../util';

const BAD = 'helm.sh/hook: pre-instal';

describe('rules: disable comments and severity settings', () => {
  it('reports without any comment (control)', () => {
    assert.deepEqual(codes(hook('ConfigMap', [BAD])), ['unknown-hook-event']);
  });

  it('helm-hooks-disable-next-line silences the next line only', () => {
    const src = hook('ConfigMap', ['# helm-hooks-disable-next-line unknown-hook-event', BAD]);
    assert.deepEqual(codes(src), []);
    const two = hook('ConfigMap', ['# helm-hooks-disable-next-line unknown-hook-event', 'example.com/x: y', BAD]);
    assert.deepEqual(codes(two), ['unknown-hook-event']);
  });

  it('silences only the codes it names', () => {
    const src = hook('ConfigMap', ['# helm-hooks-disable-next-line empty-hook-event', BAD]);
    assert.deepEqual(codes(src), ['unknown-hook-event']);
  });

  it('accepts several codes, separated by commas or spaces', () => {
    const src = hook('ConfigMap', ['# helm-hooks-disable-next-line empty-hook-event, unknown-hook-event', 'helm.sh/hook: pre-instal,,']);
    assert.deepEqual(codes(src), []);
  });

  it('without codes silences every rule there', () => {
    const src = hook('ConfigMap', ['# helm-hooks-disable-next-line', 'helm.sh/hook: pre-instal,,']);
    assert.deepEqual(codes(src), []);
  });

  it('helm-hooks-disable-line at the end of the line silences that line', () => {
    const src = hook('ConfigMap', [`${BAD} # helm-hooks-disable-line unknown-hook-event`]);
    assert.deepEqual(codes(src), []);
  });

  it('helm-hooks-disable-file silences the whole file, every document', () => {
    const doc = hook('ConfigMap', [BAD]);
    const src = '# helm-hooks-disable-file unknown-hook-event\n' + doc + '---\n' + doc;
    assert.deepEqual(codes(src), []);
    assert.deepEqual(codes(doc + '---\n' + doc).length, 2);
  });

  it('works in a Go template comment, which stays out of the rendered manifest', () => {
    const src = hook('ConfigMap', ['{{- /* helm-hooks-disable-next-line unknown-hook-event */}}', BAD]);
    assert.deepEqual(codes(src), []);
    const file = '{{/* helm-hooks-disable-file */}}\n' + hook('ConfigMap', [BAD]);
    assert.deepEqual(codes(file), []);
  });

  it('works with CRLF line endings', () => {
    const src = lines(
      ['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    # helm-hooks-disable-next-line unknown-hook-event', `    ${BAD}`],
      '\r\n',
    );
    assert.deepEqual(codes(src), []);
  });

  it('is not triggered by the directive inside a value or a longer word', () => {
    const src = hook('ConfigMap', ['example.com/note: "helm-hooks-disable-next-line"', BAD]);
    assert.deepEqual(codes(src), ['unknown-hook-event']);
  });

  describe('severity overrides', () => {
    it('changes the severity of one rule', () => {
      const fs = analyze(hook('ConfigMap', [BAD]), { 'unknown-hook-event': 'hint' });
      assert.deepEqual(fs.map((f) => [f.code, f.severity]), [['unknown-hook-event', 'hint']]);
    });

    it('off removes the rule\'s findings and leaves the others', () => {
      const src = hook('ConfigMap', ['helm.sh/hook: pre-instal,', 'helm.sh/hook-weight: "x"']);
      const fs = analyze(src, { 'unknown-hook-event': 'off' });
      assert.deepEqual(fs.map((f) => f.code).sort(), ['empty-hook-event', 'hook-weight-not-integer']);
    });
  });
});
