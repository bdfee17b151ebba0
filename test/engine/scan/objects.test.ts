import * as assert from 'node:assert/strict';
import { analyzeTemplate, scanObjects, TemplateText } from '../../../engine';
import { codes, expectAt, expectClean, expectNone, expectOne, lines, marked } from '../util';

function objects(text: string) {
  return scanObjects(new TemplateText(text));
}

describe('scanner: objects and annotation maps', () => {
  describe('template control lines', () => {
    it('reads annotations between {{- if }} and {{- end }} lines', () => {
      const src = lines([
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations:',
        '    {{- if .Values.migrate.enabled }}',
        '    helm.sh/hook: [[pre-instal]]',
        '    helm.sh/hook-weight: "-5"',
        '    {{- end }}',
      ]);
      expectOne(src, 'unknown-hook-event');
      expectNone(src, 'hook-annotation-without-hook');
    });

    it('reads annotations when {{ if }} wraps the whole annotations block', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  {{- if .Values.hook }}',
        '  annotations:',
        '    helm.sh/hook: "[[post-instal]]"',
        '  {{- end }}',
        'spec: {}',
      ]);
      expectOne(src, 'unknown-hook-event');
    });

    it('reads kind and annotations after a leading {{- if }} line that wraps the document', () => {
      const src = lines([
        '{{- if .Values.enabled -}}',
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations:',
        '    helm.sh/hook: [[pre-instal]]',
        '{{- end }}',
      ]);
      expectOne(src, 'unknown-hook-event');
      assert.equal(objects(marked(src).text)[0].kind, 'Job');
    });

    it('ignores {{/* */}} comments, also ones that mention annotations', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations:',
        '    {{/* helm.sh/hook: pre-instal */}}',
        '    {{- /*',
        '    helm.sh/hook-weight: "x"',
        '    */}}',
        '    helm.sh/hook-weight: "1"',
      ]);
      // a comment prints nothing: the weight is on an object without helm.sh/hook
      expectAt(src.replace('    helm.sh/hook-weight: "1"', '    [[helm.sh/hook-weight]]: "1"'), 'hook-annotation-without-hook');
      expectNone(src, 'unknown-hook-event');
      expectNone(src, 'hook-weight-not-integer');
    });
  });

  describe('annotations printed by templates make the map dynamic', () => {
    const weightOnly = (line: string) =>
      lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook-weight: "5"', line]);

    it('an include | nindent 4 line', () => {
      const src = weightOnly('    {{- include "app.hookAnnotations" . | nindent 4 }}');
      expectNone(src, 'hook-annotation-without-hook');
      assert.equal(objects(src)[0].annotationsDynamic, true);
    });

    it('a toYaml .Values.x | nindent 8 line', () => {
      expectNone(weightOnly('    {{- toYaml .Values.job.annotations | nindent 8 }}'), 'hook-annotation-without-hook');
    });

    it('a with block printing values', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations:',
        '    helm.sh/hook-weight: "5"',
        '    {{- with .Values.hookAnnotations }}',
        '    {{- toYaml . | nindent 4 }}',
        '    {{- end }}',
      ]);
      expectNone(src, 'hook-annotation-without-hook');
    });

    it('annotations: {{ include ... | nindent 4 }} on the key line', () => {
      const src = lines(['kind: Job', 'metadata:', '  name: x', '  annotations: {{ include "app.annotations" . | nindent 4 }}', '    helm.sh/hook-weight: "5"']);
      expectNone(src, 'hook-annotation-without-hook');
    });

    it('a key a template builds', () => {
      const src = lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', '    {{ .Values.prefix }}/hook: pre-install', '    helm.sh/hook-weight: "5"']);
      expectNone(src, 'hook-annotation-without-hook');
    });

    it('but a template line elsewhere in the object does not hide a missing hook', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  labels:',
        '    {{- include "app.labels" . | nindent 4 }}',
        '  annotations:',
        '    [[helm.sh/hook-weight]]: "5"',
        'spec:',
        '  template:',
        '    spec:',
        '      {{- toYaml .Values.podSpec | nindent 6 }}',
      ]);
      expectOne(src, 'hook-annotation-without-hook');
    });
  });

  describe('flow maps', () => {
    it('reads quoted keys and plain values in annotations: {...}', () => {
      const src = lines(['kind: Job', 'metadata:', '  name: x', '  annotations: {"helm.sh/hook": [[pre-instal]], "helm.sh/hook-weight": [["1.5"]]}']);
      expectAt(src.replace('[["1.5"]]', '"1.5"'), 'unknown-hook-event');
      expectAt(src.replace('[[pre-instal]]', 'pre-instal'), 'hook-weight-not-integer');
    });

    it('reads unquoted keys', () => {
      expectOne(lines(['kind: Job', 'metadata:', '  name: x', '  annotations: { helm.sh/hook: pre-install, helm.sh/hook-weight: [[5]] }']), 'non-string-annotation');
    });

    it('reads a flow map spread over several lines', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations: {',
        '    "helm.sh/hook": "pre-install,[[pre-upgarde]]",',
        '    "helm.sh/hook-delete-policy": before-hook-creation',
        '  }',
      ]);
      expectOne(src, 'unknown-hook-event');
    });

    it('does not flag a valid flow map', () => {
      expectClean(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations: {"helm.sh/hook": pre-install, "helm.sh/hook-weight": "-1"}']));
    });

    it('a printed entry makes the flow map dynamic', () => {
      expectNone(lines(['kind: Job', 'metadata:', '  name: x', '  annotations: { {{ .Values.extra }}, "helm.sh/hook-weight": "1"}']), 'hook-annotation-without-hook');
    });
  });

  describe('keys', () => {
    it('reads double-quoted, single-quoted and plain keys alike', () => {
      for (const key of ['"helm.sh/hook"', "'helm.sh/hook'", 'helm.sh/hook']) {
        expectOne(lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', `    ${key}: [[pre-instal]]`]), 'unknown-hook-event');
      }
    });

    it('reads a key with spaces before the colon', () => {
      expectOne(lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook  : [[pre-instal]]']), 'unknown-hook-event');
    });

    it('does not read helm.sh/ keys outside metadata.annotations', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  labels:',
        '    helm.sh/hook: pre-instal',
        'spec:',
        '  template:',
        '    metadata:',
        '      annotations:',
        '        helm.sh/hook: pre-instal',
        'data:',
        '  helm.sh/hook: pre-instal',
      ]);
      assert.deepEqual(codes(src), []);
    });

    it('does not make the Job a hook because its pod template has helm.sh/hook', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: x',
        '  annotations:',
        '    [[helm.sh/hook-weight]]: "1"',
        'spec:',
        '  template:',
        '    metadata:',
        '      annotations:',
        '        helm.sh/hook: pre-install',
      ]);
      expectOne(src, 'hook-annotation-without-hook');
    });
  });

  describe('comments', () => {
    it('skips commented-out annotations', () => {
      const src = lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', '    # helm.sh/hook: pre-instal', '    #helm.sh/hook-weight: "x"']);
      assert.deepEqual(codes(src), []);
    });

    it('ends a plain value at a comment', () => {
      expectClean(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: pre-install # runs before everything', '    helm.sh/hook-weight: "-5" # first']));
      expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: [[pre-instal]]   # typo']), 'unknown-hook-event');
    });

    it('keeps # inside a quoted value', () => {
      expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: "pre-install,[[#test]]"']), 'unknown-hook-event');
    });
  });

  describe('line endings and whitespace', () => {
    it('keeps ranges exact with CRLF line endings', () => {
      const src = lines(['kind: Job', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: post-install,[[pre-instal]]', '    helm.sh/hook-weight: [[5]]'], '\r\n');
      expectAt(src.replace('[[5]]', '5'), 'unknown-hook-event');
      expectAt(src.replace('[[pre-instal]]', 'pre-instal'), 'non-string-annotation');
      const { text } = marked(src);
      const a = analyzeTemplate(text);
      const f = a.findings.find((x) => x.code === 'unknown-hook-event');
      assert.ok(f);
      assert.deepEqual(a.lines.rangeOf(f.start, f.end), { start: { line: 4, character: 31 }, end: { line: 4, character: 41 } });
    });

    it('does not take the \\r of a CRLF file into a value', () => {
      expectClean(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: pre-install', '    helm.sh/resource-policy: keep', '    helm.sh/hook-weight: "3"'], '\r\n'));
    });

    it('reads CRLF block scalars and if/else branches', () => {
      const src = lines(
        ['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    {{- if .Values.a }}', '    helm.sh/hook: pre-install', '    {{- else }}', '    helm.sh/hook: pre-upgrade', '    {{- end }}', '    helm.sh/hook-weight: |-', '      7'],
        '\r\n',
      );
      expectClean(src);
    });

    it('accepts a tab after the colon and tabs inside a quoted list', () => {
      expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook:\t[[pre-instal]]']), 'unknown-hook-event');
      expectClean(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: "pre-install,\tpost-install\t"']));
    });

    it('ignores trailing spaces after a plain value', () => {
      expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: [[pre-instal]]   ']), 'unknown-hook-event');
    });

    it('keeps UTF-16 columns right after an emoji on the same line', () => {
      const text = lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations: {"note/🚀": "x", "helm.sh/hook": pre-instal}']);
      const a = analyzeTemplate(text);
      assert.equal(a.findings.length, 1);
      const f = a.findings[0];
      assert.equal(text.slice(f.start, f.end), 'pre-instal');
      assert.deepEqual(a.lines.positionAt(f.start), { line: 3, character: 48 });
    });

    it('keeps ranges right after emoji and astral characters on earlier lines', () => {
      expectOne(
        lines(['# 🚀🚀 migrations 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'kind: ConfigMap', 'metadata:', '  name: "ünïcødé-🚀"', '  annotations:', '    example.com/note: "👍 ok"', '    helm.sh/hook: "pre-install,[[pre-instal]]" # 🚀']),
        'unknown-hook-event',
      );
    });
  });

  describe('block scalars', () => {
    it('reads a literal block hook list (the trailing newline is trimmed by Helm)', () => {
      expectClean(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: |', '      pre-install,post-install']));
    });

    it('flags an event inside a block scalar at the event', () => {
      expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: >-', '      pre-install,', '      [[pre-upgarde]]']), 'unknown-hook-event');
    });

    it('flags helm.sh/hook-weight: | ("5\\n" is not an integer to Atoi)', () => {
      const f = expectOne(lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: pre-install', '    helm.sh/hook-weight: [[|', '      5]]']), 'hook-weight-not-integer');
      assert.match(f.message, /weight 0/);
    });

    it('ends the block scalar at the next key', () => {
      expectOne(
        lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook-weight: |-', '      5', '    helm.sh/hook: [[pre-instal]]']),
        'unknown-hook-event',
      );
    });
  });

  describe('documents', () => {
    const doc = (kind: string, ann: string[]) => lines([`kind: ${kind}`, 'metadata:', `  name: ${kind.toLowerCase()}`, '  annotations:', ...ann.map((a) => `    ${a}`)]);

    it('splits documents on --- and keeps each object\'s annotations to itself', () => {
      const src = doc('Job', ['helm.sh/hook: pre-install', 'helm.sh/hook-weight: "1"']) + '---\n' + doc('ConfigMap', ['[[helm.sh/hook-weight]]: "2"']);
      expectOne(src, 'hook-annotation-without-hook');
      const objs = objects(marked(src).text);
      assert.deepEqual(objs.map((o) => o.kind), ['Job', 'ConfigMap']);
      assert.deepEqual(objs.map((o) => o.annotations.length), [2, 1]);
    });

    it('reports findings of the third document at their ranges', () => {
      const src = '---\n' + doc('Secret', ['helm.sh/resource-policy: keep']) + '--- # next\n' + doc('Pod', ['helm.sh/hook: test']) + '---\n' + doc('Job', ['helm.sh/hook: [[tset]]']);
      expectOne(src, 'unknown-hook-event');
      assert.deepEqual(objects(marked(src).text).map((o) => o.kind), ['Secret', 'Pod', 'Job']);
    });

    it('splits documents separated by --- inside {{ if }} blocks, with CRLF', () => {
      const src = lines(['{{- if .Values.a }}', '---', 'kind: Job', 'metadata:', '  name: a', '  annotations:', '    helm.sh/hook: pre-install', '{{- end }}', '---', 'kind: Job', 'metadata:', '  name: b', '  annotations:', '    helm.sh/hook-weight: "1"'], '\r\n');
      assert.deepEqual(codes(src), ['hook-annotation-without-hook']);
    });

    it('does not split on --- that is not at the start of a line', () => {
      const src = lines(['kind: ConfigMap', 'metadata:', '  name: x', '  annotations:', '    helm.sh/hook: pre-install', '    note: ---', '    helm.sh/hook-weight: "1"']);
      assert.deepEqual(codes(src), []);
    });
  });
});
