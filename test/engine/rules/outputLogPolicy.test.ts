import * as assert from 'node:assert/strict';
import { expectAt, expectNone, expectOne, hook } from '../util';

const H = 'helm.sh/hook: pre-install';

describe('rules: helm.sh/hook-output-log-policy', () => {
  describe('unknown-output-log-policy', () => {
    it('flags a typo, says it matches nothing, and suggests the policy', () => {
      const f = expectOne(hook('Job', [H, 'helm.sh/hook-output-log-policy: [[hook-sucess]]']), 'unknown-output-log-policy');
      assert.match(f.message, /matches nothing/);
      assert.match(f.message, /Did you mean "hook-succeeded"/);
    });

    it('flags before-hook-creation, a delete policy, not an output-log policy', () => {
      expectOne(hook('Job', [H, 'helm.sh/hook-output-log-policy: hook-failed,[[before-hook-creation]]']), 'unknown-output-log-policy');
    });

    it('flags an empty entry', () => {
      expectAt(hook('Job', [H, 'helm.sh/hook-output-log-policy: [[""]]']), 'unknown-output-log-policy');
    });

    it('accepts hook-succeeded and hook-failed in any case', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-output-log-policy: "Hook-Succeeded, hook-failed"']), 'unknown-output-log-policy');
    });
  });

  describe('output-log-policy-kind', () => {
    it('flags the key on a kind without pods: Helm ignores it there', () => {
      const f = expectOne(hook('ConfigMap', [H, '[[helm.sh/hook-output-log-policy]]: hook-failed']), 'output-log-policy-kind');
      assert.match(f.message, /ignored on a ConfigMap/);
      assert.match(f.message, /Job and Pod/);
    });

    it('does not flag Jobs and Pods', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-output-log-policy: hook-failed']), 'output-log-policy-kind');
      expectNone(hook('Pod', [H, 'helm.sh/hook-output-log-policy: hook-failed']), 'output-log-policy-kind');
    });

    it('does not guess when a template prints the kind', () => {
      expectNone(hook('{{ .Values.kind }}', [H, 'helm.sh/hook-output-log-policy: hook-failed']), 'output-log-policy-kind');
    });
  });

  describe('output-log-policy-version', () => {
    it('notes on the key that Helm before 3.18 ignores it', () => {
      const f = expectOne(hook('Job', [H, '[[helm.sh/hook-output-log-policy]]: hook-failed']), 'output-log-policy-version');
      assert.equal(f.severity, 'information');
      assert.match(f.message, /3\.18/);
      assert.match(f.message, /ignores it/);
    });

    it('is not reported on an object that is not a hook (hook-annotation-without-hook is)', () => {
      const src = hook('Job', ['[[helm.sh/hook-output-log-policy]]: hook-failed']);
      expectNone(src, 'output-log-policy-version');
      expectOne(src, 'hook-annotation-without-hook');
    });
  });
});
