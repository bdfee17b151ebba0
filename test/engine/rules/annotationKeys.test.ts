import * as assert from 'node:assert/strict';
import { expectAt, expectClean, expectNone, expectOne, hook, lines } from '../util';

const H = 'helm.sh/hook: pre-install';

describe('rules: annotation keys', () => {
  describe('unknown-helm-annotation', () => {
    it('flags a misspelled key at the key and names the key Helm reads', () => {
      const f = expectOne(hook('Job', [H, '[[helm.sh/hook-weigth]]: "1"']), 'unknown-helm-annotation');
      assert.match(f.message, /does nothing/);
      assert.match(f.message, /Did you mean "helm.sh\/hook-weight"/);
      assert.deepEqual(f.data, { replacement: 'helm.sh/hook-weight' });
    });

    it('flags helm.sh/hooks (an ordinary annotation to Helm)', () => {
      const f = expectOne(hook('Job', ['[[helm.sh/hooks]]: pre-install']), 'unknown-helm-annotation');
      assert.match(f.message, /"helm.sh\/hook"/);
    });

    it('flags a key in the wrong case (keys are case-sensitive)', () => {
      const f = expectOne(hook('Job', ['[[Helm.sh/Hook]]: pre-install']), 'unknown-helm-annotation');
      assert.match(f.message, /case-sensitive/);
    });

    it('keeps the quotes when it offers the right key for a quoted key', () => {
      const f = expectOne(hook('Job', [H, '[["helm.sh/hook-delete_policy"]]: hook-succeeded']), 'unknown-helm-annotation');
      assert.deepEqual(f.data, { replacement: '"helm.sh/hook-delete-policy"' });
    });

    it('flags the Helm 2 helm.sh/hook-delete-timeout as doing nothing', () => {
      const f = expectOne(hook('Job', [H, '[[helm.sh/hook-delete-timeout]]: "10"']), 'unknown-helm-annotation');
      assert.match(f.message, /does nothing/);
      assert.match(f.message, /Helm 2/);
    });

    it('does not flag the keys Helm reads, nor common chart keys under helm.sh/', () => {
      expectClean(
        hook('Job', [
          H,
          'helm.sh/hook-weight: "1"',
          'helm.sh/hook-delete-policy: before-hook-creation',
          'helm.sh/resource-policy: keep',
          'helm.sh/chart: mychart-1.0.0',
        ], ['  generateName: x-']),
      );
    });

    it('does not flag unrelated keys far from Helm\'s', () => {
      expectNone(hook('Job', [H, 'example.com/hook: x', 'argocd.argoproj.io/hook: PreSync']), 'unknown-helm-annotation');
    });
  });

  describe('hook-annotation-without-hook', () => {
    it('flags a hook-only key on an object without helm.sh/hook', () => {
      const f = expectOne(hook('Job', ['[[helm.sh/hook-weight]]: "5"']), 'hook-annotation-without-hook');
      assert.match(f.message, /only on hooks/);
      assert.match(f.message, /no helm.sh\/hook/);
    });

    it('flags each hook-only key', () => {
      expectAt(hook('Job', ['[[helm.sh/hook-weight]]: "5"', '[[helm.sh/hook-delete-policy]]: hook-succeeded']), 'hook-annotation-without-hook');
    });

    it('does not flag resource-policy (it applies to every resource)', () => {
      expectNone(hook('Secret', ['helm.sh/resource-policy: keep']), 'hook-annotation-without-hook');
    });

    it('does not flag when helm.sh/hook is there', () => {
      expectNone(hook('Job', [H, 'helm.sh/hook-weight: "5"']), 'hook-annotation-without-hook');
    });

    it('does not flag when helm.sh/hook is set with dict in an action', () => {
      expectNone(
        hook('Job', ['{{- include "common.annotations" (dict "helm.sh/hook" "pre-install") | nindent 4 }}', 'helm.sh/hook-weight: "5"']),
        'hook-annotation-without-hook',
      );
    });

    it('does not flag when a template may print more annotations', () => {
      expectNone(hook('Job', ['{{- include "chart.hookAnnotations" . | nindent 4 }}', 'helm.sh/hook-weight: "5"']), 'hook-annotation-without-hook');
      expectNone(hook('Job', ['helm.sh/hook-weight: "5"', '{{- toYaml .Values.jobAnnotations | nindent 4 }}']), 'hook-annotation-without-hook');
    });
  });

  describe('duplicate-annotation', () => {
    it('flags the first of two equal keys: only the last one counts', () => {
      const f = expectOne(hook('Job', ['[[helm.sh/hook]]: pre-install', 'helm.sh/hook: post-install']), 'duplicate-annotation');
      assert.match(f.message, /only the last value/);
      assert.match(f.message, /ignored/);
    });

    it('flags duplicates written once quoted and once not', () => {
      expectOne(hook('Job', ['[["helm.sh/hook"]]: pre-install', 'helm.sh/hook: post-install']), 'duplicate-annotation');
    });

    it('does not flag the same key in two branches of an if/else', () => {
      expectNone(
        hook('Job', [
          '{{- if .Values.upgrade }}',
          'helm.sh/hook: pre-upgrade',
          '{{- else }}',
          'helm.sh/hook: pre-install',
          '{{- end }}',
        ]),
        'duplicate-annotation',
      );
    });

    it('does flag a key repeated inside the same branch', () => {
      expectOne(
        hook('Job', ['{{- if .Values.upgrade }}', '[[helm.sh/hook]]: pre-upgrade', 'helm.sh/hook: pre-install', '{{- end }}']),
        'duplicate-annotation',
      );
    });

    it('does flag a key outside an if repeated inside it', () => {
      expectOne(hook('Job', ['[[helm.sh/hook]]: pre-upgrade', '{{- if .Values.x }}', 'helm.sh/hook: pre-install', '{{- end }}']), 'duplicate-annotation');
    });

    it('does not flag the same key in two documents', () => {
      const one = hook('Job', ['helm.sh/hook: pre-install'], ['  generateName: a-']);
      expectNone(one + '---\n' + one, 'duplicate-annotation');
    });

    it('does not flag the same key under labels and annotations', () => {
      expectNone(
        lines(['kind: Job', 'metadata:', '  name: x', '  labels:', '    helm.sh/hook: x', '  annotations:', '    helm.sh/hook: pre-install']),
        'duplicate-annotation',
      );
    });
  });
});
