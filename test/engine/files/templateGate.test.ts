import * as assert from 'node:assert/strict';
import { BINARY_PROBE, checkTemplateText, MAX_TEMPLATE_BYTES, templateSizeSkip, templateText, utf8 } from '../../../engine';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('chart files: which bytes are read as a template', () => {
  it('skips files over 10 MB, by size before reading and by length after', () => {
    assert.equal(MAX_TEMPLATE_BYTES, 10 * 1024 * 1024);
    assert.equal(templateSizeSkip(MAX_TEMPLATE_BYTES), undefined);
    assert.deepEqual(templateSizeSkip(MAX_TEMPLATE_BYTES + 1), { skipped: 'over the 10 MB limit for templates', reason: 'too-large', size: MAX_TEMPLATE_BYTES + 1 });
    const huge = new Uint8Array(MAX_TEMPLATE_BYTES + 1).fill(0x61);
    assert.equal((templateText(huge) as { reason: string }).reason, 'too-large');
    assert.equal((checkTemplateText('a'.repeat(MAX_TEMPLATE_BYTES + 1)) as { reason: string }).reason, 'too-large');
  });

  it('skips binary files: a NUL within the first 8192 bytes, not after', () => {
    assert.deepEqual(templateText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), { skipped: 'binary file', reason: 'binary', size: 8 });
    const late = new Uint8Array(BINARY_PROBE + 10).fill(0x61);
    late[BINARY_PROBE + 1] = 0;
    assert.ok('text' in templateText(late), 'a NUL past the probe does not make a file binary');
    late[BINARY_PROBE - 1] = 0;
    assert.equal((templateText(late) as { reason: string }).reason, 'binary');
    assert.equal((checkTemplateText('kind: Job\n\u0000') as { reason: string }).reason, 'binary');
    assert.equal(checkTemplateText('kind: Job\n'), 'kind: Job\n');
  });

  it('decodes UTF-8, drops a BOM, and marks invalid bytes (replaced) rather than refusing the file', () => {
    assert.deepEqual(templateText(bytes('café: ✓\n')), { text: 'café: ✓\n', invalidUtf8: false });
    assert.deepEqual(templateText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { text: 'a', invalidUtf8: false });
    assert.deepEqual(templateText(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])), { text: 'caf\uFFFD\n', invalidUtf8: true });
    assert.deepEqual(templateText(bytes('a real \uFFFD is valid\n')), { text: 'a real \uFFFD is valid\n', invalidUtf8: false });
    assert.deepEqual(templateText(new Uint8Array(0)), { text: '', invalidUtf8: false });
    assert.equal(utf8(new Uint8Array([0xff, 0x61])), '\uFFFDa');
  });
});
