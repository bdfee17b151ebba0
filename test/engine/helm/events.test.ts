import * as assert from 'node:assert/strict';
import { HOOK_EVENTS, parseEvent } from '../../../engine';

describe('helm model: hook events', () => {
  it('knows exactly the nine Helm 3/4 events', () => {
    assert.deepEqual(
      [...HOOK_EVENTS].sort(),
      ['post-delete', 'post-install', 'post-rollback', 'post-upgrade', 'pre-delete', 'pre-install', 'pre-rollback', 'pre-upgrade', 'test'],
    );
  });

  it('parses every event as itself', () => {
    for (const e of HOOK_EVENTS) assert.equal(parseEvent(e), e);
  });

  it('trims and lowercases like strings.ToLower(strings.TrimSpace(e))', () => {
    assert.equal(parseEvent('Pre-Install '), 'pre-install');
    assert.equal(parseEvent('  POST-UPGRADE'), 'post-upgrade');
    assert.equal(parseEvent('\tTest\n'), 'test');
    assert.equal(parseEvent('\r\npre-delete\r\n'), 'pre-delete');
    assert.equal(parseEvent('\u00a0pre-rollback\u3000'), 'pre-rollback');
  });

  it('maps test-success (Helm 2) to test, in any case', () => {
    assert.equal(parseEvent('test-success'), 'test');
    assert.equal(parseEvent(' Test-Success '), 'test');
  });

  it('does not know Helm 2 events that Helm 3 dropped, nor near misses', () => {
    for (const e of ['test-failure', 'crd-install', '', ' ', 'pre_install', 'preinstall', 'pre-install,', 'install', 'pre- install', 'pre-install\u200b']) {
      assert.equal(parseEvent(e), undefined, JSON.stringify(e));
    }
  });

  it('does not trim a byte-order mark: Go\'s TrimSpace keeps U+FEFF, so Helm drops the resource', () => {
    assert.equal(parseEvent('\ufeffpre-install'), undefined);
  });

  it('trims NEL (U+0085), which Go\'s TrimSpace removes', () => {
    assert.equal(parseEvent('pre-install\u0085'), 'pre-install');
  });
});
