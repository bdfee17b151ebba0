import * as assert from 'node:assert/strict';
import { expectClean, expectNone, expectOne, hook } from '../util';

const H = 'helm.sh/hook: pre-install';
const gen = ['  generateName: x-']; // keeps hook-name-reused out of the way where names do not matter

describe('rules: helm.sh/hook-delete-policy', () => {
  describe('unknown-delete-policy', () => {
    it('flags the folklore "never": matches nothing, and the default no longer applies', () => {
      const f = expectOne(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: [[never]]']), 'unknown-delete-policy');
      assert.match(f.message, /matches nothing/);
      assert.match(f.message, /default before-hook-creation no longer applies/);
      assert.match(f.message, /never deleted/);
    });

    it('suggests the policy a typo meant', () => {
      const f = expectOne(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: before-hook-creation,[[hook-succeded]]']), 'unknown-delete-policy');
      assert.match(f.message, /Did you mean "hook-succeeded"/);
      assert.deepEqual(f.data, { replacement: 'hook-succeeded' });
      // a known policy is also set, so the "default no longer applies" part would be wrong
      assert.doesNotMatch(f.message, /default/);
    });

    it('accepts known policies in any case and with spaces (Helm trims and lowercases)', () => {
      expectClean(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: " Before-Hook-Creation , HOOK-SUCCEEDED"']));
    });

    it('says nothing about delete policies on an object that is not a hook', () => {
      expectNone(hook('ConfigMap', ['helm.sh/hook-delete-policy: never']), 'unknown-delete-policy');
    });
  });

  describe('empty-delete-policy', () => {
    it('flags an empty policy and says the default no longer applies', () => {
      const f = expectOne(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: [[""]]']), 'empty-delete-policy');
      assert.match(f.message, /counts it as set/);
      assert.match(f.message, /default before-hook-creation no longer applies/);
    });

    it('flags a value of only commas and spaces', () => {
      expectOne(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: [[" , "]]']), 'empty-delete-policy');
    });

    it('does not flag a missing annotation, nor a stray comma next to a real policy', () => {
      expectNone(hook('ConfigMap', [H]), 'empty-delete-policy');
      expectNone(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: before-hook-creation,']), 'empty-delete-policy');
    });
  });

  describe('duplicate-delete-policy', () => {
    it('flags the repeat, in another case, and says it has no effect', () => {
      const f = expectOne(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: hook-succeeded,[[Hook-Succeeded]]']), 'duplicate-delete-policy');
      assert.equal(f.severity, 'information');
      assert.match(f.message, /no effect/);
    });

    it('does not flag distinct policies', () => {
      expectNone(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded,hook-failed']), 'duplicate-delete-policy');
    });
  });

  describe('hook-failed-deletes-logs', () => {
    it('flags hook-failed on a Job: its pods and logs are deleted when it fails', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-delete-policy: before-hook-creation,[[hook-failed]]'], gen), 'hook-failed-deletes-logs');
      assert.match(f.message, /logs/);
      assert.match(f.message, /as soon as it fails/);
    });

    it('flags hook-failed on a Pod', () => {
      expectOne(hook('Pod', [H, 'helm.sh/hook-delete-policy: "[[HOOK-FAILED]]"'], gen), 'hook-failed-deletes-logs');
    });

    it('does not flag hook-failed on kinds without pods, nor hook-succeeded on a Job', () => {
      expectNone(hook('ConfigMap', [H, 'helm.sh/hook-delete-policy: hook-failed']), 'hook-failed-deletes-logs');
      expectNone(hook('Job', [H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded'], gen), 'hook-failed-deletes-logs');
    });
  });
});
