import * as assert from 'node:assert/strict';
import { applyEdits, fixesFor } from '../../../engine/services';
import { analyze, expectAt, expectClean, expectNone, expectOne, hook, lines } from '../util';

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

    describe('found by what the key means, normalised before comparing', () => {
      /** The key meant, from the one finding on the marked key; the quick fix's replacement is that key. */
      const meant = (line: string): string => {
        const f = expectOne(hook('Job', [H, line]), 'unknown-helm-annotation');
        const m = /Did you mean "([^"]+)"\?$/.exec(f.message);
        assert.ok(m, f.message);
        assert.equal(f.data?.replacement?.replace(/^["']|["']$/g, ''), m[1]);
        return m[1];
      };

      it('word forms: deletion -> delete, and plurals (weights, policies, hooks, logs)', () => {
        assert.equal(meant('[[helm.sh/hook-deletion-policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm.sh/hook-weights]]: "1"'), 'helm.sh/hook-weight');
        assert.equal(meant('[[helm.sh/hook-delete-policies]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm.sh/hooks-deletion-policies]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm.sh/hook-output-logs-policy]]: hook-failed'), 'helm.sh/hook-output-log-policy');
        assert.equal(meant('[[helm.sh/resource-policies]]: keep'), 'helm.sh/resource-policy');
      });

      it('case and underscores', () => {
        assert.equal(meant('[[Helm.sh/Hook-Deletion-Policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm.sh/hook_deletion_policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[HELM_SH_HOOK_WEIGHTS]]: "1"'), 'helm.sh/hook-weight');
      });

      it('a mangled prefix: helm.sh.hook, helm/hook, helm.sh_hook, helm-sh/hook', () => {
        assert.equal(meant('[[helm.sh.hook-delete-policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm/hook-delete-policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm.sh_hook-deletion-policy]]: hook-succeeded'), 'helm.sh/hook-delete-policy');
        assert.equal(meant('[[helm-sh/hook-weights]]: "1"'), 'helm.sh/hook-weight');
        assert.equal(meant('[[helm/resource-policy]]: keep'), 'helm.sh/resource-policy');
        assert.equal(meant('[["helm.hook.weight"]]: "1"'), 'helm.sh/hook-weight');
      });

      it('a typo on top of the normalisation', () => {
        assert.equal(meant('[[helm.sh.hook-wieghts]]: "1"'), 'helm.sh/hook-weight');
      });

      it('the quick fix renames the key, keeping its quotes', () => {
        const text = hook('Job', [H, '"helm.sh/hook-deletion-policy": hook-succeeded']);
        const f = analyze(text).find((x) => x.code === 'unknown-helm-annotation');
        assert.ok(f);
        const [fix] = fixesFor(text, f);
        assert.equal(fix.title, 'Change to helm.sh/hook-delete-policy');
        assert.equal(applyEdits(text, fix.edits), hook('Job', [H, '"helm.sh/hook-delete-policy": hook-succeeded']));
      });

      it('says what Helm does without the key meant', () => {
        const msg = (lines: string[]): string => analyze(hook('Job', lines)).find((x) => x.code === 'unknown-helm-annotation')!.message;
        assert.match(
          msg([H, 'helm.sh/hook-deletion-policy: hook-succeeded']),
          /does nothing, so the delete policy is the default, before-hook-creation: the hook's resource stays after it runs/,
        );
        assert.match(msg([H, 'helm.sh/hook-weights: "5"']), /does nothing, so this hook's weight is 0, the default/);
        assert.match(msg([H, 'helm.sh/hook-output-logs-policy: hook-failed']), /Helm copies none of this hook's logs/);
        assert.match(msg(['helm.sh/resource-policies: keep']), /no resource policy: helm uninstall deletes it/);
        assert.match(msg(['helm.sh.hook: pre-install']), /this object is not a hook: Helm creates it with the release's other resources/);
        assert.match(msg(['helm.sh.hook: pre-install', '{{- include "x.annotations" . | nindent 4 }}']), /unless a template adds helm\.sh\/hook, this object is not a hook/);
        assert.match(msg(['helm.sh/hook-weights: "5"']), /\(Helm reads helm\.sh\/hook-weight only on hooks, and this object has no helm\.sh\/hook\)/);
        assert.match(msg([H, 'helm.sh/hook-weight: "1"', 'helm.sh/hook-weights: "5"']), /does nothing: Helm reads the helm\.sh\/hook-weight set on this object/);
      });
    });

    describe('the allowlist: keys that are not hook keys stay quiet', () => {
      it('Helm\'s own non-hook keys and chart metadata', () => {
        expectNone(
          hook('Job', [
            H,
            'helm.sh/chart: shop-1.0.0',
            'meta.helm.sh/release-name: shop',
            'meta.helm.sh/release-namespace: default',
            'helm.sh/resource-policy: keep',
          ]),
          'unknown-helm-annotation',
        );
      });

      it('other tools\' keys, even when they look like Helm\'s', () => {
        expectNone(
          hook('Job', [
            H,
            'checksum/config: abc123',
            'checksum/hook-weights: abc123',
            'argocd.argoproj.io/hook: PreSync',
            'argocd.argoproj.io/hook-delete-policy: HookSucceeded',
            'argocd.argoproj.io/sync-wave: "1"',
            'helm.toolkit.fluxcd.io/driftDetection: disabled',
            'kapp.k14s.io/change-group: hooks',
          ]),
          'unknown-helm-annotation',
        );
      });

      it('keys near Helm\'s words that mean something else', () => {
        expectNone(hook('Job', [H, 'helm.sh/release: shop', 'helm.sh/hook-test: x', 'helm.sh/resources: x', 'hooks.example.com/weight: "1"', 'webhook-weight: "1"']), 'unknown-helm-annotation');
      });
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
