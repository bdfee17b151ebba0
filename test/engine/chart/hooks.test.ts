import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../engine';
import { HookScanner, hooksOf } from '../../../engine/chart/hooks';
import { hookDoc } from './chartUtil';

describe('chart layer: hooksOf', () => {
  it('reads name, kind, weight, events, policies and where they sit', () => {
    const text = '# the migration\n' + hookDoc('Job', 'migrate', ['helm.sh/hook: pre-install, Pre-Upgrade', 'helm.sh/hook-weight: "-5"', 'helm.sh/hook-delete-policy: Hook-Succeeded , before-hook-creation']);
    const [h] = hooksOf('shop/templates/job.yaml', text);
    assert.equal(h.name, 'migrate');
    assert.ok(h.nameLiteral);
    assert.equal(h.kind, 'Job');
    assert.equal(h.weight, -5);
    assert.equal(h.weightSource, 'literal');
    assert.deepEqual(h.events, ['pre-install', 'pre-upgrade']);
    assert.equal(h.placement, 'placed');
    assert.deepEqual(h.deletePolicies, ['hook-succeeded', 'before-hook-creation']);
    assert.equal(h.path, 'shop/templates/job.yaml');
    assert.equal(h.offsets.anchorLine, 1, 'the lens goes above apiVersion, after the leading comment');
    assert.equal(text.slice(...h.offsets.hookValue), 'pre-install, Pre-Upgrade');
    assert.equal(text.slice(...(h.offsets.weightValue as [number, number])), '"-5"');
    assert.equal(text.slice(...h.offsets.hookKey), 'helm.sh/hook');
  });

  it('shows template-built names as placeholders, normalising template to include', () => {
    const a = hooksOf('c/templates/a.yaml', hookDoc('Job', '{{- template "x.fullname" . }}-migrate', ['helm.sh/hook: pre-install']))[0];
    assert.equal(a.name, '{{ include "x.fullname" . }}-migrate');
    assert.equal(a.nameLiteral, false);
    assert.deepEqual(a.nameParts, [{ dyn: '{{ include "x.fullname" . }}' }, { lit: '-migrate' }]);
  });

  it('reads bitnami\'s printf names as the parts they print', () => {
    const h = hooksOf('c/templates/a.yaml', hookDoc('Job', '{{ printf "%s-password-update" (include "common.names.fullname" .) | trunc 63 | trimSuffix "-" }}', ['helm.sh/hook: pre-upgrade']))[0];
    assert.equal(h.name, '{{ include "common.names.fullname" . }}-password-update');
  });

  it('keeps an event listed twice (Helm runs the hook twice) and maps test-success to test', () => {
    assert.deepEqual(hooksOf('c/templates/a.yaml', hookDoc('Pod', 'p', ['helm.sh/hook: test-success,post-install,post-install']))[0].events, ['test', 'post-install', 'post-install']);
  });

  it('uses 0 for weights Helm cannot parse, and flags weights a template prints', () => {
    const w = (v: string) => hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: pre-install', `helm.sh/hook-weight: ${v}`]))[0];
    assert.deepEqual([w('"1.5"').weight, w('"1.5"').weightSource], [0, 'invalid']);
    assert.deepEqual([w('" 5"').weight, w('" 5"').weightSource], [0, 'invalid']);
    assert.deepEqual([w('"99999999999999999999"').weight, w('"99999999999999999999"').weightSource], [0, 'invalid']);
    assert.deepEqual([w('-20').weight, w('-20').weightSource], [-20, 'literal']);
    assert.deepEqual([w('{{ .Values.weight | quote }}').weightSource, w('{{ .Values.weight | quote }}').weightText], ['template', '{{ .Values.weight | quote }}']);
    assert.equal(w('"{{ if .Values.x }}1{{ else }}2{{ end }}"').weightSource, 'template', 'branches with different weights');
    assert.equal(w('"{{ if .Values.x }}3{{ else }}3{{ end }}"').weight, 3, 'branches agreeing');
    const none = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: pre-install']))[0];
    assert.deepEqual([none.weight, none.weightSource, none.weightText], [0, 'default', undefined]);
  });

  it('the last of repeated keys counts, as in YAML; a dict literal only without a written key', () => {
    const h = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "0"', 'helm.sh/hook-weight: "10"']))[0];
    assert.equal(h.weight, 10);
    const both = hookDoc('Job', 'j', ['helm.sh/hook: pre-install', '{{- $x := dict "helm.sh/hook-weight" "7" }}', 'helm.sh/hook-weight: "3"', '{{- $y := dict "helm.sh/hook" "post-delete" }}']);
    const d = hooksOf('c/templates/a.yaml', both)[0];
    assert.deepEqual([d.weight, d.events], [3, ['pre-install']]);
  });

  it('reads a long document by its head, but reads on where a dict literal below may set hook keys', () => {
    const schema = ['spec:', '  versions:', ...Array.from({ length: 2000 }, (_, i) => `    - name: v${i}`)];
    const crd = hookDoc('CustomResourceDefinition', 'crd', ['helm.sh/hook: pre-install']) + schema.join('\n') + '\n';
    const [h] = hooksOf('c/templates/crd.yaml', crd);
    assert.deepEqual([h.kind, h.events, h.offsets.objectEnd], ['CustomResourceDefinition', ['pre-install'], crd.length]);
    const late = hookDoc('Job', 'j', ['helm.sh/hook: pre-install']) + 'spec:\n  x: {{ toYaml (dict "helm.sh/hook-weight" "7") }}\n';
    assert.equal(hooksOf('c/templates/a.yaml', late)[0].weight, 7);
  });

  it('marks hooks Helm drops, and hooks whose events a template prints', () => {
    const dropped = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: pre-install,pre-instal']))[0];
    assert.deepEqual([dropped.placement, dropped.events], ['dropped', []]);
    const empty = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: "post-install,"']))[0];
    assert.equal(empty.placement, 'dropped');
    const templated = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: {{ .Values.hookEvents }}']))[0];
    assert.deepEqual([templated.placement, templated.eventsText], ['template', '{{ .Values.hookEvents }}']);
  });

  it('takes every {{ if }} branch\'s events and says the hook is conditional', () => {
    const h = hooksOf('c/templates/a.yaml', hookDoc('Job', 'j', ['helm.sh/hook: {{ if .Values.upgradeOnly }}pre-upgrade{{ else }}pre-install,pre-upgrade{{ end }}']))[0];
    assert.deepEqual([h.placement, h.events, h.conditional], ['placed', ['pre-upgrade', 'pre-install'], true]);
  });

  it('reads dict-built annotations (bitnami) and keeps policies set by templates as text', () => {
    const text = [
      '{{- $a := dict "helm.sh/hook" "post-upgrade" "helm.sh/hook-weight" "3" }}',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: reindex',
      '  annotations: {{- toYaml $a | nindent 4 }}',
    ].join('\n');
    const h = hooksOf('c/templates/a.yaml', text)[0];
    assert.deepEqual([h.events, h.weight, h.offsets.anchorLine], [['post-upgrade'], 3, 1]);
    const p = hooksOf('c/templates/b.yaml', hookDoc('Job', 'j', ['helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: {{ .Values.policy }}']))[0];
    assert.deepEqual([p.deletePolicies, p.deletePoliciesText], [undefined, '{{ .Values.policy }}']);
  });

  it('numbers documents in file order, with offsets and lines in the whole file', () => {
    const a = hookDoc('ConfigMap', 'a', ['helm.sh/hook: pre-install']);
    const b = hookDoc('Job', 'b', ['helm.sh/hook: pre-install']);
    const text = `${a}---\n# plain\nkind: Service\nmetadata:\n  name: s\n---\n${b}`;
    const hooks = hooksOf('c/templates/all.yaml', text);
    assert.deepEqual(hooks.map((h) => [h.name, h.index]), [['a', 0], ['b', 2]]);
    const jb = hooks[1];
    assert.equal(text.slice(...jb.offsets.hookValue), 'pre-install');
    assert.equal(text.split('\n')[jb.offsets.anchorLine], 'apiVersion: v1');
  });

  it('skips partials (_*.tpl) and files without hook annotations', () => {
    assert.deepEqual(hooksOf('c/templates/_helpers.tpl', hookDoc('Job', 'j', ['helm.sh/hook: pre-install'])), []);
    assert.deepEqual(hooksOf('c/templates/svc.yaml', 'kind: Service\nmetadata:\n  name: x\n'), []);
  });

  it('a rescan after an edit gives the same hooks as a fresh scan, and reuses unchanged documents', () => {
    const docs = Array.from({ length: 5 }, (_, i) => hookDoc('Job', `job-${i}`, ['helm.sh/hook: pre-install', `helm.sh/hook-weight: "${i}"`]));
    const scanner = new HookScanner();
    const first = scanner.scan('c/templates/jobs.yaml', docs.join('---\n'));
    docs[2] = docs[2].replace('job-2', 'job-two-renamed');
    const text = docs.join('---\n');
    const again = scanner.scan('c/templates/jobs.yaml', text);
    assert.deepEqual(again, hooksOf('c/templates/jobs.yaml', text));
    assert.equal(again[2].name, 'job-two-renamed');
    assert.deepEqual(again[4].offsets.hookValue.map((o) => o - first[4].offsets.hookValue[0]), [
      'job-two-renamed'.length - 'job-2'.length,
      'job-two-renamed'.length - 'job-2'.length + 'pre-install'.length,
    ]);
  });

  it('takes lines from the caller when it has them (an editor\'s document), with the same result', () => {
    const text = ['# top', '---', hookDoc('Job', 'a', ['helm.sh/hook: pre-install']), '---', '# gap', hookDoc('Job', 'b', ['helm.sh/hook: pre-install'])].join('\n');
    const lines = new LineIndex(text);
    assert.deepEqual(new HookScanner().scan('c/templates/a.yaml', text, (o) => lines.lineOf(o)), hooksOf('c/templates/a.yaml', text));
  });

  it('does not split a document at --- inside a template action that spans lines', () => {
    const text = 'kind: Job\nmetadata:\n  name: j\n{{- /* a comment\n---\nstill the comment */}}\n  annotations:\n    helm.sh/hook: pre-install\n';
    assert.deepEqual(hooksOf('c/templates/a.yaml', text).map((h) => [h.kind, h.name]), [['Job', 'j']]);
  });
});
