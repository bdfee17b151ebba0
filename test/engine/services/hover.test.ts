import * as assert from 'node:assert/strict';
import { HookRecord, hooksOf } from '../../../engine/chart';
import { hoverAt } from '../../../engine/services';
import { lines } from '../util';

/** Hover at the first occurrence of `word` (plus `into` characters) in `text`. */
function hover(text: string, word: string, into = 1, chart?: Parameters<typeof hoverAt>[2]) {
  const at = text.indexOf(word);
  assert.ok(at >= 0, `${word} not in the text`);
  return hoverAt(text, at + into, chart);
}

function md(text: string, word: string, into = 1): string {
  const h = hover(text, word, into);
  assert.ok(h, `no hover on ${word}`);
  return h.markdown;
}

function obj(kind: string, name: string, annotations: readonly string[], extra: readonly string[] = []): string {
  return lines([`kind: ${kind}`, 'metadata:', `  name: ${name}`, '  annotations:', ...annotations.map((a) => `    ${a}`), ...extra]);
}

const FILE = [
  obj('Job', 'db-init', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-weight: "-10"']),
  obj('Job', 'migrate', ['helm.sh/hook: pre-install,pre-upgrade', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded'], ['spec:', '  backoffLimit: 1']),
  obj('Job', 'notify', ['helm.sh/hook: pre-upgrade,post-install', 'helm.sh/hook-weight: "5"']),
].join('---\n');

describe('services: hover', () => {
  describe('helm.sh/hook', () => {
    it('explains the key and places the object in the execution order of each of its events', () => {
      const second = FILE.indexOf('helm.sh/hook: pre-install');
      const h = hoverAt(FILE, second + 3);
      assert.ok(h);
      assert.equal(FILE.slice(h.start, h.end), 'helm.sh/hook');
      assert.match(h.markdown, /^\*\*helm\.sh\/hook\*\*/);
      assert.match(h.markdown, /skips the whole resource/);
      assert.match(h.markdown, /- pre-install: the only hook in this file/);
      assert.match(h.markdown, /- pre-upgrade: 2nd of 3 in this file, after `db-init` \(weight -10\), before `notify` \(weight 5\)/);
      assert.match(h.markdown, /runs this Job as a hook on \*\*pre-install\*\*, \*\*pre-upgrade\*\*/);
      assert.match(h.markdown, /at weight 0, with delete policy `before-hook-creation,hook-succeeded`/);
      assert.match(h.markdown, /waits until the Job completes/);
    });

    it('says first and last without a missing neighbour', () => {
      assert.match(md(FILE, 'helm.sh/hook: pre-upgrade\n'), /- pre-upgrade: 1st of 3 in this file, before `migrate` \(weight 0\)$/m);
      const last = FILE.lastIndexOf('helm.sh/hook:');
      assert.match(hoverAt(FILE, last + 1)!.markdown, /- pre-upgrade: 3rd of 3 in this file, after `migrate` \(weight 0\)\n- post-install: the only hook in this file/);
    });

    it('mentions the default delete policy, and that non-waiting kinds are ready at once', () => {
      const text = obj('ConfigMap', 'cfg', ['helm.sh/hook: pre-install']);
      const m = md(text, 'helm.sh/hook');
      assert.match(m, /with delete policy `before-hook-creation` \(the default\)/);
      assert.match(m, /ConfigMap counts as ready as soon as it is created/);
    });

    it('says Helm drops the resource when an event is unknown', () => {
      const m = md(obj('Job', 'x', ['helm.sh/hook: pre-install,pre-instal']), 'helm.sh/hook');
      assert.match(m, /drops this whole resource/);
      assert.match(m, /`pre-instal`/);
    });

    it('says when a template prints the events', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: {{ .Values.hook }}']), 'helm.sh/hook'), /a template prints the events/);
    });

    it('orders across the chart when given its other templates\' hooks, naming their files', () => {
      const other: HookRecord[] = hooksOf('shop/templates/a.yaml', obj('Job', 'aaa-first', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "-1"']));
      // The chart's stale copy of the current file is ignored in favour of the text being edited.
      const stale: HookRecord[] = hooksOf('shop/templates/hooks.yaml', obj('Job', 'zzz', ['helm.sh/hook: pre-install']));
      const chart = { path: 'shop/templates/hooks.yaml', hooks: [...other, ...stale] };
      const second = FILE.indexOf('helm.sh/hook: pre-install');
      const m = hoverAt(FILE, second + 1, chart)!.markdown;
      assert.match(m, /Execution order \(in this chart\)/);
      assert.match(m, /- pre-install: 2nd of 2 in this chart, after `aaa-first` \(weight -1, shop\/templates\/a\.yaml\)\n/);
      assert.doesNotMatch(m, /zzz/);
    });

    it('orders a dict-literal hook too', () => {
      const text = lines(['{{- $a := dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-weight" "-20" }}', 'kind: Job', 'metadata:', '  name: dict-hook']) + '---\n' + FILE;
      const h = hoverAt(text, text.indexOf('"helm.sh/hook"') + 2)!;
      assert.match(h.markdown, /- pre-upgrade: 1st of 4 in this file, before `db-init` \(weight -10\)/);
    });

    it('reads kind and dict annotations written after metadata', () => {
      const late = lines(['metadata:', '  name: late', '  annotations:', '    helm.sh/hook: pre-install', 'spec:', '  x: {{ toYaml (dict "helm.sh/hook-weight" "7") }}', 'kind: Pod']);
      const m = md(late, 'helm.sh/hook');
      assert.match(m, /runs this Pod as a hook on \*\*pre-install\*\*, at weight 7/);
    });

    it('in a partial, says the object is ordered where a template includes it', () => {
      const text = obj('Job', 'x', ['helm.sh/hook: pre-install']);
      const h = hoverAt(text, text.indexOf('helm.sh/hook') + 1, { path: 'shop/templates/_jobs.tpl', hooks: [] })!;
      assert.match(h.markdown, /a partial.*only where a template includes it/);
      assert.doesNotMatch(h.markdown, /drops/);
    });

    it('notes events that differ between {{ if }} branches', () => {
      const text = obj('Job', 'x', ['helm.sh/hook: {{ if .Values.a }}pre-install{{ else }}pre-instal{{ end }}']);
      const m = md(text, 'helm.sh/hook');
      assert.match(m, /- pre-install: the only hook in this file/);
      assert.match(m, /Some `\{\{ if \}\}` branches render other events/);
    });

    it('warns that names built by templates are compared as written', () => {
      const text = obj('Job', '{{ include "x.fullname" . }}-a', ['helm.sh/hook: pre-install']) + '---\n' + obj('Job', 'b', ['helm.sh/hook: pre-install']);
      assert.match(md(text, 'helm.sh/hook'), /compared as written/);
    });
  });

  describe('other keys', () => {
    it('hook-weight: what Helm parses, or the silent 0', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-weight: "-5"']), 'helm.sh/hook-weight'), /Helm reads weight \*\*-5\*\*/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-weight: "1.5"']), 'helm.sh/hook-weight'), /cannot parse "1\.5".*weight \*\*0\*\*/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-weight: "99999999999999999999"']), 'helm.sh/hook-weight'), /beyond 64-bit/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-weight: 5']), 'helm.sh/hook-weight'), /YAML number.*rejects/);
      assert.match(md(obj('Deployment', 'x', ['helm.sh/hook-weight: "5"']), 'helm.sh/hook-weight'), /no `helm\.sh\/hook`, so Helm ignores/);
    });

    it('hook-delete-policy: when Helm deletes this object', () => {
      const m = md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-delete-policy: hook-succeeded,never']), 'helm.sh/hook-delete-policy');
      assert.match(m, /Helm deletes this Job after the hooks of its event succeed/);
      assert.match(m, /`never` matches nothing/);
      assert.match(m, /already exists/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-delete-policy: ""']), 'helm.sh/hook-delete-policy'), /empty but counts as set/);
    });

    it('hook-output-log-policy: when logs are printed, and where it is ignored', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failed']), 'helm.sh/hook-output-log-policy'), /prints the logs of this Job's pods when it fails/);
      assert.match(md(obj('ConfigMap', 'x', ['helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failed']), 'helm.sh/hook-output-log-policy'), /ignores it on a ConfigMap/);
    });

    it('resource-policy: keep, and anything else orphaning the resource', () => {
      assert.match(md(obj('PersistentVolumeClaim', 'x', ['helm.sh/resource-policy: keep']), 'helm.sh/resource-policy'), /leaves this PersistentVolumeClaim in place/);
      assert.match(md(obj('PersistentVolumeClaim', 'x', ['helm.sh/resource-policy: Retain']), 'helm.sh/resource-policy'), /"Retain" is not `keep`.*orphaned/);
    });

    it('keys Helm does not read: misspelled, obsolete, and charts\' own', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook-wieght: "1"']), 'helm.sh/hook-wieght'), /does not read this key.*Did you mean `helm\.sh\/hook-weight`/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook-delete-timeout: "1"']), 'helm.sh/hook-delete-timeout'), /Helm 2 read it/);
      assert.match(md(obj('Job', 'x', ['helm.sh/chart: shop-1.0.0']), 'helm.sh/chart'), /ordinary metadata/);
    });

    it('the key meant, normalised as the rule reads it; Helm\'s ownership keys are not hook keys', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh.hook-deletion-policy: hook-succeeded']), 'helm.sh.hook-deletion-policy'), /Did you mean `helm\.sh\/hook-delete-policy`/);
      assert.match(md(obj('Job', 'x', ['meta.helm.sh/release-name: shop']), 'meta.helm.sh/release-name'), /which release owns a resource/);
    });
  });

  describe('values', () => {
    const hookJob = (value: string) => obj('Job', 'x', [`helm.sh/hook: ${value}`]);

    it('an event: when it runs and this object\'s place, with the entry as the range', () => {
      const text = FILE;
      const at = text.indexOf('pre-install,pre-upgrade') + 'pre-install,'.length + 2;
      const h = hoverAt(text, at)!;
      assert.equal(text.slice(h.start, h.end), 'pre-upgrade');
      assert.match(h.markdown, /On `helm upgrade`/);
      assert.match(h.markdown, /\*\*Here:\*\* 2nd of 3 in this file/);
    });

    it('an event Helm normalises, the legacy test-success, removed and unknown events', () => {
      assert.match(md(hookJob('" Pre-Install"'), 'Pre-Install'), /reads as `pre-install`/);
      assert.match(md(hookJob('test-success'), 'test-success'), /Helm 2's name for `test`/);
      assert.match(md(hookJob('crd-install'), 'crd-install'), /Helm 2 event.*crds\/.*drops this whole resource/s);
      assert.match(md(hookJob('pre-instal'), 'pre-instal'), /Did you mean `pre-install`.*drops this whole resource/s);
    });

    it('delete and output-log policies, known and unknown', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-delete-policy: before-hook-creation,hook-failed']), 'hook-failed'), /with its pods and their logs/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-delete-policy: never']), 'never'), /matches nothing.*default before-hook-creation no longer applies/);
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-output-log-policy: hook-failure']), 'hook-failure'), /Did you mean `hook-failed`/);
    });

    it('weight and resource-policy values describe what Helm does', () => {
      assert.match(md(obj('Job', 'x', ['helm.sh/hook: test', 'helm.sh/hook-weight: " 5"']), '" 5"'), /cannot parse " 5"/);
      assert.match(md(obj('Job', 'x', ['helm.sh/resource-policy: keep']), ': keep', 3), /leaves this Job in place/);
    });

    it('inside a dict literal', () => {
      const text = lines(['{{- $a := dict "helm.sh/hook" "pre-upgrade,post-instal" }}', 'kind: Job']);
      const h = hover(text, 'post-instal')!;
      assert.equal(text.slice(h.start, h.end), 'post-instal');
      assert.match(h.markdown, /Did you mean `post-install`/);
    });
  });

  it('gives nothing off helm.sh/ annotations', () => {
    const text = obj('Job', 'x', ['helm.sh/hook: test', 'example.com/a: b']);
    for (const w of ['kind', 'metadata', 'name: x', 'annotations', 'example.com', ': b']) assert.equal(hover(text, w), undefined, w);
    assert.equal(hoverAt('', 0), undefined);
  });
});
