import * as assert from 'node:assert/strict';
import { analyzeTemplate } from '../../../engine';
import { CompletionEntry, completionsAt } from '../../../engine/services';
import { marked } from '../../helpers/caret';
import { lines } from '../util';

/** Completions at the `||` cursor of a marked template. */
function at(src: string): { text: string; items: CompletionEntry[]; context: string | undefined; cursor: number } {
  const { text, cursor } = marked(src);
  assert.ok(cursor !== undefined, 'no || cursor in the test template');
  const r = completionsAt(text, cursor);
  return { text, items: r.items, context: r.context, cursor };
}

const labels = (src: string): string[] => at(src).items.map((i) => i.label);

/** The text after accepting `label`, with snippet placeholders resolved to their first choice or default. */
function accept(src: string, label: string): string {
  const { text, items } = at(src);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}; got ${items.map((i) => i.label).join(', ')}`);
  const inserted = item.snippet ? expandSnippet(item.insertText) : item.insertText;
  return text.slice(0, item.start) + inserted + text.slice(item.end);
}

export function expandSnippet(s: string): string {
  let out = s;
  for (let i = 0; i < 5; i++) {
    out = out
      .replace(/\$\{\d+\|((?:[^,|\\]|\\.)*)[^}]*\|\}/g, (_, first: string) => first.replace(/\\(.)/g, '$1'))
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return out.replace(/\$\d+/g, '');
}

const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test'];
const KEYS = ['helm.sh/hook', 'helm.sh/hook-weight', 'helm.sh/hook-delete-policy', 'helm.sh/hook-output-log-policy', 'helm.sh/resource-policy'];

function job(annotationLines: readonly string[], extra: readonly string[] = []): string {
  return lines(['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: migrate', '  annotations:', ...annotationLines.map((a) => `    ${a}`), ...extra]);
}

describe('services: completion', () => {
  describe('annotation keys in metadata.annotations', () => {
    it('offers the five helm.sh/ keys on an empty line of the map, as snippets with documentation', () => {
      const r = at(job(['||']));
      assert.equal(r.context, 'key');
      assert.deepEqual(r.items.map((i) => i.label), KEYS);
      for (const i of r.items) {
        assert.equal(i.kind, 'key');
        assert.ok(i.documentation.length > 40, `${i.label} has documentation`);
        assert.equal(i.start, r.cursor);
      }
    });

    it('inserts the weight quoted, so the API server gets a string', () => {
      const item = at(job(['||'])).items.find((i) => i.label === 'helm.sh/hook-weight')!;
      assert.equal(item.insertText, 'helm.sh/hook-weight: "${1:0}"');
      assert.equal(item.snippet, true);
    });

    it('offers the events, policies and keep as choices, never a legacy value', () => {
      const items = at(job(['||'])).items;
      const text = (k: string) => items.find((i) => i.label === k)!.insertText;
      assert.equal(text('helm.sh/hook'), `helm.sh/hook: \${1|${EVENTS.join(',')}|}`);
      assert.match(text('helm.sh/hook-delete-policy'), /^helm\.sh\/hook-delete-policy: \$\{1\|before-hook-creation\\,hook-succeeded,/);
      assert.match(text('helm.sh/hook-output-log-policy'), /hook-failed/);
      assert.equal(text('helm.sh/resource-policy'), 'helm.sh/resource-policy: keep');
      for (const i of items) assert.doesNotMatch(i.insertText, /test-success|crd-install|test-failure/);
    });

    it('replaces the key typed so far, and leaves out keys the map already has', () => {
      const r = at(job(['helm.sh/hook: pre-install', 'helm.sh/ho||']));
      assert.deepEqual(r.items.map((i) => i.label), KEYS.filter((k) => k !== 'helm.sh/hook'));
      assert.equal(r.text.slice(r.items[0].start, r.items[0].end), 'helm.sh/ho');
    });

    it('each accepted key snippet gives a clean hook', () => {
      for (const key of KEYS.filter((k) => k !== 'helm.sh/hook')) {
        const out = accept(job(['helm.sh/hook: pre-install', '||'], ['spec:', '  template:', '    spec:', '      restartPolicy: Never']), key);
        const codes = analyzeTemplate(out).findings.map((f) => f.code).filter((c) => c !== 'output-log-policy-version');
        assert.deepEqual(codes, [], `${key}:\n${out}`);
      }
      assert.match(accept(job(['||']), 'helm.sh/hook'), /helm\.sh\/hook: pre-install\n/);
    });

    it('inserts only the key when the line already has its value', () => {
      const r = at(job(['helm.sh/hoo||k-wieght: "5"']));
      const item = r.items.find((i) => i.label === 'helm.sh/hook-weight')!;
      assert.equal(item.insertText, 'helm.sh/hook-weight');
      assert.equal(r.text.slice(item.start, item.end), 'helm.sh/hook-wieght');
    });

    it('keeps a quote the key was started with', () => {
      const item = at(job(['"helm.sh/h||'])).items.find((i) => i.label === 'helm.sh/hook')!;
      assert.match(item.insertText, /^"helm\.sh\/hook": /);
      assert.equal(item.filterText, '"helm.sh/hook"');
    });

    it('works between other annotations, after template lines, and with CRLF line endings', () => {
      assert.deepEqual(labels(job(['a.io/x: "1"', '{{- if .Values.hook }}', '||', '{{- end }}', 'b.io/y: "2"'])), KEYS);
      assert.deepEqual(labels(job(['{{- include "common.annotations" . | nindent 4 }}', 'helm.sh/||'])), KEYS);
      assert.deepEqual(labels(job(['helm.sh/hook: test', 'helm||']).replace(/\n/g, '\r\n')), KEYS.slice(1));
    });
  });

  describe('values, comma-aware', () => {
    it('offers every event after helm.sh/hook:', () => {
      const r = at(job(['helm.sh/hook: ||']));
      assert.equal(r.context, 'value');
      assert.deepEqual(r.items.map((i) => i.label), EVENTS);
      assert.ok(r.items.every((i) => i.kind === 'value' && i.documentation !== ''));
    });

    it('adds the separating space right after the colon', () => {
      assert.equal(accept(job(['helm.sh/hook:||']), 'test'), job(['helm.sh/hook: test']));
    });

    it('leaves out the events already listed, as Helm reads them (trimmed, any case, test-success as test)', () => {
      assert.deepEqual(labels(job(['helm.sh/hook: pre-install,||'])), EVENTS.filter((e) => e !== 'pre-install'));
      assert.deepEqual(labels(job(['helm.sh/hook: " Pre-Install , ||, POST-UPGRADE"'])), EVENTS.filter((e) => e !== 'pre-install' && e !== 'post-upgrade'));
      assert.deepEqual(labels(job(['helm.sh/hook: test-success,||'])), EVENTS.filter((e) => e !== 'test'));
    });

    it('replaces only the entry under the cursor', () => {
      assert.equal(accept(job(['helm.sh/hook: pre-install, post-ins||tal, test']), 'post-install'), job(['helm.sh/hook: pre-install, post-install, test']));
      assert.equal(accept(job(['helm.sh/hook: "pre-install,pre-up||"']), 'pre-upgrade'), job(['helm.sh/hook: "pre-install,pre-upgrade"']));
      assert.equal(accept(job(["helm.sh/hook: 'pre-install,||'"]), 'post-install'), job(["helm.sh/hook: 'pre-install,post-install'"]));
    });

    it('stops before a trailing comment and after a closing quote', () => {
      assert.deepEqual(labels(job(['helm.sh/hook: pre-install,|| # runs first'])), EVENTS.slice(1));
      assert.deepEqual(labels(job(['helm.sh/hook: pre-install # runs|| first'])), []);
      assert.deepEqual(labels(job(['helm.sh/hook: "pre-install"||'])), []);
    });

    it('never offers legacy or removed events', () => {
      for (const src of [job(['helm.sh/hook: ||']), job(['helm.sh/hook: test-||'])]) {
        for (const l of labels(src)) assert.ok(!['test-success', 'test-failure', 'crd-install'].includes(l), l);
      }
    });

    it('offers delete policies and output-log policies, leaving out the listed ones', () => {
      assert.deepEqual(labels(job(['helm.sh/hook-delete-policy: ||'])), ['before-hook-creation', 'hook-succeeded', 'hook-failed']);
      assert.deepEqual(labels(job(['helm.sh/hook-delete-policy: before-hook-creation,||'])), ['hook-succeeded', 'hook-failed']);
      assert.deepEqual(labels(job(['helm.sh/hook-delete-policy: "Hook-Succeeded, ||"'])), ['before-hook-creation', 'hook-failed']);
      assert.deepEqual(labels(job(['helm.sh/hook-output-log-policy: ||'])), ['hook-succeeded', 'hook-failed']);
      assert.deepEqual(labels(job(['helm.sh/hook-output-log-policy: hook-failed,||'])), ['hook-succeeded']);
    });

    it('offers keep for resource-policy, and nothing for weights or other keys', () => {
      assert.deepEqual(labels(job(['helm.sh/resource-policy: ||'])), ['keep']);
      assert.deepEqual(labels(job(['helm.sh/resource-policy: ret||ain'])), ['keep']);
      assert.deepEqual(labels(job(['helm.sh/hook-weight: "||"'])), []);
      assert.deepEqual(labels(job(['helm.sh/chart: ||'])), []);
    });
  });

  describe('nothing outside metadata.annotations', () => {
    const cases: [string, string][] = [
      ['labels', lines(['kind: Job', 'metadata:', '  labels:', '    ||'])],
      ['a pod template\'s annotations', lines(['kind: Job', 'metadata:', '  name: x', 'spec:', '  template:', '    metadata:', '      annotations:', '        ||'])],
      ['annotations under spec', lines(['kind: Job', 'spec:', '  annotations:', '    helm.sh/hook: ||'])],
      ['metadata.name', lines(['kind: Job', 'metadata:', '  name: ||'])],
      ['a nested value', job(['helm.sh/hook: pre-install', '  ||'])],
      ['another key\'s value', job(['example.com/hook: ||'])],
      ['a comment', job(['# helm.sh/hook: ||'])],
      ['the indentation before a key', job(['  || helm.sh/hook: test'])],
      ['a template action', job(['{{ .Values.x || }}'])],
      ['a template comment', job(['{{/* dict "helm.sh/hook" "||" */}}'])],
      ['a non-empty document\'s top level', lines(['kind: Job', '||'])],
      ['a sequence item', job(['- ||'])],
    ];
    for (const [name, src] of cases) {
      it(`in ${name}`, () => assert.deepEqual(at(src).items, []));
    }
  });

  describe('dict literals in template actions', () => {
    const bitnami = (pairs: string) => lines([`{{- $annotations := dict ${pairs} }}`, 'apiVersion: batch/v1', 'kind: Job']);

    it('offers events in a dict value, comma-aware', () => {
      const r = at(bitnami('"helm.sh/hook" "pre-upgrade,||"'));
      assert.equal(r.context, 'value');
      assert.deepEqual(r.items.map((i) => i.label), EVENTS.filter((e) => e !== 'pre-upgrade'));
      assert.equal(accept(bitnami('"helm.sh/hook" "pre-upgrade,po||"'), 'post-upgrade'), bitnami('"helm.sh/hook" "pre-upgrade,post-upgrade"'));
    });

    it('offers the keys in a dict key string, without the ones the call has', () => {
      const r = at(bitnami('"helm.sh/hook" "pre-upgrade" "||"'));
      assert.equal(r.context, 'key');
      assert.deepEqual(r.items.map((i) => i.label), KEYS.slice(1));
      assert.equal(accept(bitnami('"helm.sh/hook" "pre-upgrade" "helm.sh/hook-d||"'), 'helm.sh/hook-delete-policy'), bitnami('"helm.sh/hook" "pre-upgrade" "helm.sh/hook-delete-policy"'));
    });

    it('offers policies after a policy key, also in a nested dict and while the action is unterminated', () => {
      assert.deepEqual(labels(lines(['{{- include "x" (dict "helm.sh/hook-delete-policy" "||" "context" $) }}'])), ['before-hook-creation', 'hook-succeeded', 'hook-failed']);
      assert.deepEqual(labels('{{ dict "helm.sh/hook" "test,||'), EVENTS.filter((e) => e !== 'test'));
    });

    it('leaves other strings alone: other keys, values of other keys, non-dict calls', () => {
      assert.deepEqual(labels(bitnami('"context" "||"')), []);
      assert.deepEqual(labels(bitnami('"app" "x" "co||"')), []);
      assert.deepEqual(labels(lines(['{{ include "||" . }}'])), []);
    });
  });

  describe('flow annotations', () => {
    const flow = (inner: string) => lines(['kind: Job', 'metadata:', `  annotations: {${inner}}`]);
    it('offers keys with quoted values, and comma-aware values inside quotes', () => {
      const r = at(flow('||'));
      assert.deepEqual(r.items.map((i) => i.label), KEYS);
      assert.match(r.items[0].insertText, /^helm\.sh\/hook: "\$\{1\|/);
      assert.deepEqual(labels(flow('helm.sh/hook: "pre-install,||", a: b')), EVENTS.slice(1));
      assert.deepEqual(labels(flow('a: b, "helm.sh/hook-delete-policy": ||')), ['before-hook-creation', 'hook-succeeded', 'hook-failed']);
      assert.deepEqual(labels(flow('"helm.sh/hook": test, ||')), KEYS.slice(1));
    });
  });

  describe('whole hook resources', () => {
    it('offers the three snippets in an empty template, after a comment and inside an if', () => {
      const names = (src: string) => labels(src);
      for (const src of ['||', lines(['# Migrations', '{{- if .Values.migrate }}', 'j||', '{{- end }}']), lines(['kind: ConfigMap', '---', '||'])]) {
        const got = names(src);
        assert.equal(got.length, 3, JSON.stringify(src));
        assert.match(got.join('\n'), /migration Job[\s\S]*test Pod[\s\S]*notification Job/);
      }
    });

    it('each snippet follows the reference and checks clean', () => {
      for (const label of labels('||')) {
        const out = accept('||', label);
        assert.deepEqual(analyzeTemplate(out).findings, [], `${label}:\n${out}`);
        assert.match(out, /restartPolicy: Never/);
        assert.match(out, /before-hook-creation/);
        if (/Job/.test(label)) {
          assert.match(out, /backoffLimit: \d+/);
          assert.match(out, /activeDeadlineSeconds: \d+/);
        }
      }
      assert.match(accept('||', 'Helm hook: migration Job (pre-install, pre-upgrade)'), /helm\.sh\/hook: pre-install,pre-upgrade/);
      assert.match(accept('||', 'Helm hook: test Pod (helm test)'), /kind: Pod[\s\S]*helm\.sh\/hook: test\n/);
      assert.match(accept('||', 'Helm hook: notification Job (post-install)'), /helm\.sh\/hook: post-install\n/);
    });

    it('uses the chart helper name the file already includes', () => {
      const src = lines(['{{- $fullname := include "shop.fullname" . }}', '||']);
      assert.match(accept(src, 'Helm hook: test Pod (helm test)'), /include "shop\.fullname"/);
    });
  });
});
