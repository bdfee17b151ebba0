import * as assert from 'node:assert/strict';
import { scanObjects, TemplateText } from '../../../engine';
import { explain, runGuarded } from '../guard';
import { codes, expectAt, expectNone, expectOne, lines } from '../util';

function job(annotationLines: string[]): string {
  return lines(['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  generateName: migrate-', '  annotations:', ...annotationLines.map((a) => `    ${a}`)]);
}

const bitnami = (pairs: string) =>
  `{{- $annotations := dict ${pairs} }}\n` +
  'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n' +
  '    {{- include "common.tplvalues.render" (dict "value" (merge $annotations .Values.annotations) "context" $) | nindent 4 }}\n';

describe('scanner: dict literals inside template actions', () => {
  it('checks bitnami-style dict "helm.sh/hook" "..." literals and flags at the string', () => {
    const f = expectOne(bitnami('"helm.sh/hook" "[[pre-upgrad]]" "helm.sh/hook-delete-policy" "before-hook-creation"'), 'unknown-hook-event');
    assert.match(f.message, /drops this whole resource/);
  });

  it('checks every pair of the dict', () => {
    expectOne(bitnami('"helm.sh/hook" "pre-upgrade" "helm.sh/hook-delete-policy" "before-hook-creation,[[hook-succeded]]"'), 'unknown-delete-policy');
    expectOne(bitnami('"helm.sh/hook" "pre-upgrade" "helm.sh/hook-weight" [["1.5"]]'), 'hook-weight-not-integer');
  });

  it('makes the object a hook for the other rules', () => {
    const src = job(['{{- include "common.annotations" (dict "helm.sh/hook" "post-install" "context" $) | nindent 4 }}', 'helm.sh/hook-weight: "3"']);
    assert.deepEqual(codes(src), []);
  });

  it('reads a dict in a nested call on one line with the annotations map', () => {
    expectOne(job(['{{- toYaml (merge (dict "helm.sh/hook" "pre-install,[[pre-instal]]") .Values.extra) | nindent 4 }}']), 'unknown-hook-event');
  });

  it('reads raw `backtick` strings', () => {
    expectOne(job(['{{- toYaml (dict "helm.sh/hook" `[[post-instal]]`) | nindent 4 }}']), 'unknown-hook-event');
  });

  it('does not check values the template computes', () => {
    expectNone(job(['{{- toYaml (dict "helm.sh/hook" .Values.hook "helm.sh/hook-weight" (toString .Values.w)) | nindent 4 }}']), 'unknown-hook-event');
    expectNone(job(['{{- toYaml (dict "helm.sh/hook" .Values.hook "helm.sh/hook-weight" (toString .Values.w)) | nindent 4 }}']), 'hook-weight-not-integer');
  });

  it('does not take a lookup of a key for a key being set', () => {
    const src = job([
      '{{- if hasKey .Values.annotations "helm.sh/hook" }}',
      'helm.sh/hook-weight: "1"',
      '{{- end }}',
      'example.com/from: {{ index .Values.annotations "helm.sh/hook" | quote }}',
      'example.com/also: {{ get .Values.annotations "helm.sh/hook" | quote }}',
    ]);
    const objs = scanObjects(new TemplateText(src));
    assert.deepEqual(objs[0].annotations.map((a) => a.key), ['helm.sh/hook-weight', 'example.com/from', 'example.com/also']);
  });

  it('ignores dict literals inside {{/* */}} comments', () => {
    const src = job(['{{- /* dict "helm.sh/hook" "pre-instal" */}}', 'helm.sh/hook: post-install']);
    expectNone(src, 'unknown-hook-event');
  });

  it('does not call a dict key and a map key of the same name duplicates', () => {
    const src = job(['{{- include "x" (dict "helm.sh/hook" "pre-install") | nindent 4 }}', 'helm.sh/hook: pre-install']);
    expectNone(src, 'duplicate-annotation');
  });

  it('keeps the range right for escaped characters in Go strings', () => {
    expectAt(job(['{{- toYaml (dict "helm.sh/hook" "pre-install,[[\\"test\\"]]") | nindent 4 }}']), 'unknown-hook-event');
  });

  it('keeps dict annotations to the document they are in', () => {
    const src =
      job(['{{- toYaml (dict "helm.sh/hook" "pre-install") | nindent 4 }}']) +
      '---\n' +
      lines(['kind: ConfigMap', 'metadata:', '  name: c', '  annotations:', '    [[helm.sh/hook-weight]]: "1"']);
    expectOne(src, 'hook-annotation-without-hook');
  });

  describe('odd whitespace inside an action with a "helm.sh/ string (typed or pasted) does not hang the engine', function () {
    this.timeout(30_000);
    for (const [name, ws] of [
      ['a no-break space', '\u00a0'],
      ['a byte-order mark', '\ufeff'],
      ['a form feed', '\f'],
      ['a line separator', '\u2028'],
    ]) {
      it(name, async () => {
        const text = job([`{{- toYaml (dict${ws}"helm.sh/hook" "pre-install") | nindent 4 }}`]);
        const r = await runGuarded({ kind: 'analyze', text }, 5_000, 64);
        assert.equal(r.outcome, 'ok', explain(r));
      });
    }

    it('an unterminated action', async () => {
      const r = await runGuarded({ kind: 'analyze', text: '{{\ufeff"helm.sh/' }, 5_000, 64);
      assert.equal(r.outcome, 'ok', explain(r));
    });
  });
});
