import * as assert from 'node:assert/strict';
import { expectClean, expectNone, expectOne, hook } from '../util';

describe('rules: helm.sh/hook events', () => {
  describe('unknown-hook-event', () => {
    it('flags a misspelled event at the event, says Helm drops the resource, and suggests the event', () => {
      const f = expectOne(hook('Job', ['helm.sh/hook: [[pre-instal]]']), 'unknown-hook-event');
      assert.match(f.message, /drops this whole resource/);
      assert.match(f.message, /"pre-install"/);
      assert.deepEqual(f.data, { replacement: 'pre-install' });
    });

    it('flags only the bad entry of a comma list', () => {
      expectOne(hook('Job', ['helm.sh/hook: post-install, [[pre-upgarde]] ,post-upgrade']), 'unknown-hook-event');
    });

    it('flags inside double and single quotes at the event text only', () => {
      expectOne(hook('Job', ['helm.sh/hook: "post-install,[[post-instal]]"']), 'unknown-hook-event');
      expectOne(hook('Job', ["helm.sh/hook: '[[preinstall]]'"]), 'unknown-hook-event');
    });

    it('lists the valid events when nothing is close', () => {
      const f = expectOne(hook('Job', ['helm.sh/hook: [[deploy-everything]]']), 'unknown-hook-event');
      assert.match(f.message, /Valid events: .*pre-install.*test/);
      assert.equal(f.data, undefined);
    });

    it('does not flag events that differ only by case and surrounding spaces (Helm trims and lowercases)', () => {
      expectClean(hook('Job', ['helm.sh/hook: "Pre-Install , POST-UPGRADE "']));
    });

    it('accepts every Helm 3/4 event', () => {
      for (const e of ['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test']) {
        expectNone(hook('Pod', [`helm.sh/hook: ${e}`]), 'unknown-hook-event');
      }
    });
  });

  describe('removed-hook-event', () => {
    it('flags crd-install and says the resource is dropped and CRDs belong in crds/', () => {
      const f = expectOne(hook('CustomResourceDefinition', ['helm.sh/hook: [[crd-install]]']), 'removed-hook-event');
      assert.match(f.message, /Helm 2/);
      assert.match(f.message, /drops this whole resource/);
      assert.match(f.message, /crds\//);
    });

    it('flags test-failure, also in a list and in any case', () => {
      const f = expectOne(hook('Pod', ['helm.sh/hook: test,[[Test-Failure]]']), 'removed-hook-event');
      assert.match(f.message, /drops this whole resource/);
      expectNone(hook('Pod', ['helm.sh/hook: test,Test-Failure']), 'unknown-hook-event');
    });

    it('does not flag test-success (still accepted)', () => {
      expectNone(hook('Pod', ['helm.sh/hook: test-success']), 'removed-hook-event');
    });
  });

  describe('legacy-test-success', () => {
    it('flags test-success, says Helm still runs it as a test, offers "test"', () => {
      const f = expectOne(hook('Pod', ['helm.sh/hook: [[test-success]]']), 'legacy-test-success');
      assert.match(f.message, /still run it as a test hook/);
      assert.deepEqual(f.data, { replacement: 'test' });
    });

    it('does not flag test', () => {
      expectClean(hook('Pod', ['helm.sh/hook: test']));
    });
  });

  describe('empty-hook-event', () => {
    it('flags an empty quoted value over the quotes', () => {
      const f = expectOne(hook('Job', ['helm.sh/hook: [[""]]']), 'empty-hook-event');
      assert.match(f.message, /drops this whole resource/);
    });

    it('flags a missing value (YAML null) at the end of the key line', () => {
      expectOne(hook('Job', ['helm.sh/hook:[[]]', '    helm.sh/hook-weight: "1"']), 'empty-hook-event');
    });

    it('flags a stray comma between two events at the comma that ends the empty entry', () => {
      const f = expectOne(hook('Job', ['helm.sh/hook: pre-install,[[,]]post-install']), 'empty-hook-event');
      assert.match(f.message, /stray comma/);
      assert.match(f.message, /drops this whole resource/);
    });

    it('flags a trailing comma at the comma (plain)', () => {
      expectOne(hook('Job', ['helm.sh/hook: pre-install[[,]]']), 'empty-hook-event');
    });

    it('flags a trailing comma at the comma, not the closing quote (quoted)', () => {
      expectOne(hook('Job', ['helm.sh/hook: "pre-install[[,]]"']), 'empty-hook-event');
    });

    it('flags a value of only spaces (TrimSpace leaves "") at the spaces', () => {
      expectOne(hook('Job', ['helm.sh/hook: "[[   ]]"']), 'empty-hook-event');
    });

    it('does not flag a list with spaces after commas', () => {
      expectNone(hook('Job', ['helm.sh/hook: pre-install, post-install']), 'empty-hook-event');
    });
  });

  describe('duplicate-hook-event', () => {
    it('flags the repeat, in another case, and says the hook runs twice', () => {
      const f = expectOne(hook('Job', ['helm.sh/hook: pre-install,[[Pre-Install]]']), 'duplicate-hook-event');
      assert.match(f.message, /runs twice on pre-install/);
    });

    it('treats test-success as a repeat of test', () => {
      const f = expectOne(hook('Pod', ['helm.sh/hook: test, [[test-success]]']), 'duplicate-hook-event');
      assert.match(f.message, /runs twice on test/);
      expectOne(hook('Pod', ['helm.sh/hook: test, [[test-success]]']), 'legacy-test-success');
    });

    it('does not flag distinct events', () => {
      expectNone(hook('Job', ['helm.sh/hook: pre-install,pre-upgrade,post-install,post-upgrade']), 'duplicate-hook-event');
    });

    it('does not flag the same event in two branches of an if', () => {
      expectNone(
        hook('Job', ['helm.sh/hook: "{{ if .Values.a }}pre-install{{ else }}pre-install,post-install{{ end }}"']),
        'duplicate-hook-event',
      );
    });
  });
});
