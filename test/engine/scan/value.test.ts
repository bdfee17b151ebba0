import * as assert from 'node:assert/strict';
import { codes, expectAt, expectClean, expectNone, expectOne, lines } from '../util';

/** A ConfigMap hook (no Job/Pod rules) with the given annotation lines. */
function cm(...ann: string[]): string {
  return lines(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', '  annotations:', ...ann.map((a) => `    ${a}`)]);
}

describe('scanner: values built by templates', () => {
  describe('if/else branches inside a value', () => {
    it('flags only the misspelled literal of one branch', () => {
      const f = expectOne(cm('helm.sh/hook: "post-install,{{ if .Values.x }}[[pre-upgrad]]{{ else }}post-upgrade{{ end }}"'), 'unknown-hook-event');
      assert.match(f.message, /"pre-upgrade"/);
    });

    it('flags a misspelling in an else-if branch', () => {
      expectOne(cm('helm.sh/hook: {{ if .Values.a }}pre-install{{ else if .Values.b }}[[pre-upgarde]]{{ else }}post-install{{ end }}'), 'unknown-hook-event');
    });

    it('follows trim markers: "{{- if }}" joins the literal to what comes before', () => {
      expectClean(cm('helm.sh/hook: "pre {{- if .Values.u }}-upgrade{{ else }}-install{{ end }}"'));
      expectOne(cm('helm.sh/hook: "[[pre {{- if .Values.u }}-upgrad]]{{ else }}-install{{ end }}"'), 'unknown-hook-event');
    });

    it('an if without else renders nothing when false: a comma before it is then a trailing comma', () => {
      expectAt(cm('helm.sh/hook: "pre-install[[,]]{{ if .Values.u }}pre-upgrade{{ end }}"'), 'empty-hook-event');
    });

    it('flags a duplicate that only one branch produces', () => {
      expectOne(cm('helm.sh/hook: "pre-install,{{ if .Values.u }}[[pre-install]]{{ else }}post-install{{ end }}"'), 'duplicate-hook-event');
    });

    it('checks nested ifs', () => {
      expectOne(
        cm('helm.sh/hook: "{{ if .Values.a }}{{ if .Values.b }}pre-install{{ else }}[[pre-instll]]{{ end }}{{ else }}post-install{{ end }}"'),
        'unknown-hook-event',
      );
    });

    it('reports a literal once even when many branch combinations contain it', () => {
      const src = cm(
        'helm.sh/hook: "[[pre-instal]]{{ if .Values.a }},post-install{{ end }}{{ if .Values.b }},pre-upgrade{{ end }}{{ if .Values.c }},post-upgrade{{ end }}"',
      );
      expectOne(src, 'unknown-hook-event');
    });
  });

  describe('printed values are never checked', () => {
    it('{{ .Values.hook }} in all its forms', () => {
      for (const v of [
        '{{ .Values.hook }}',
        '"{{ .Values.hook }}"',
        '{{ .Values.hook | quote }}',
        '{{- .Values.hook | default "pre-install" | quote }}',
        "'{{ .Values.hook }}'",
        '{{ include "app.hookEvents" . }}',
        '{{ join "," .Values.events }}',
      ]) {
        assert.deepEqual(codes(cm(`helm.sh/hook: ${v}`)), [], v);
      }
    });

    it('checks the literal entries next to a printed one, not the printed one', () => {
      expectOne(cm('helm.sh/hook: "[[pre-instal]],{{ .Values.extraHook }}"'), 'unknown-hook-event');
      expectClean(cm('helm.sh/hook: "pre-install,{{ .Values.extraHook }}"'));
    });

    it('does not take a printed part of one entry for an empty entry', () => {
      expectClean(cm('helm.sh/hook: "pre-{{ .Values.phase }}"'));
      expectClean(cm('helm.sh/hook: "{{ .Values.a }},{{ .Values.b }}"'));
    });

    it('does not check a {{ range }} loop as a literal', () => {
      expectClean(cm('helm.sh/hook: "{{ range $i, $e := .Values.events }}{{ if $i }},{{ end }}{{ $e }}{{ end }}"'));
    });

    it('reads a string literal printed by an action as literal text', () => {
      expectOne(cm('helm.sh/hook: {{ "[[pre-instal]]" }}'), 'unknown-hook-event');
      expectOne(cm('helm.sh/hook: {{- "[[pre-instal]]" }}'), 'unknown-hook-event');
    });
  });

  describe('YAML scalar styles', () => {
    it('decodes double-quoted escapes and keeps the range on the source text', () => {
      expectClean(cm('helm.sh/hook: "pre\\u002dinstall"'));
      expectOne(cm('helm.sh/hook: "post-install,[[pre\\u002dinstal]]"'), 'unknown-hook-event');
    });

    it("decodes '' in single quotes", () => {
      expectOne(cm("helm.sh/hook: 'pre-install,[[it''s]]'"), 'unknown-hook-event');
    });

    it('folds a quoted value over two lines into one string', () => {
      expectClean(cm('helm.sh/hook: "pre-install,', '      post-install"'));
      expectOne(cm('helm.sh/hook: "pre-install,', '      [[post-instal]]"'), 'unknown-hook-event');
    });

    it('reads a plain value continued on the next, deeper line (YAML folds it)', () => {
      expectClean(cm('helm.sh/hook: pre-install,', '      post-install'));
    });

    it('resolves plain numbers and booleans as sigs.k8s.io/yaml (go-yaml v2) does', () => {
      // go-yaml v2: YAML 1.1 booleans, then strconv.ParseInt(base 0) after removing "_", then its float regexp
      for (const v of ['5', '-5', '+5', '0x1F', '017', '0b101', '1_000', '1.5', '1.', '.5', '1e3', '.inf', 'true', 'False', 'yes', 'NO', 'on', 'Off', 'y']) {
        expectAt(cm('helm.sh/hook: pre-install', `helm.sh/hook-weight: [[${v}]]`), 'non-string-annotation');
      }
    });

    it('takes a zero-padded 08 for a number (not octal, so go-yaml v2 reads it as the float 8)', () => {
      expectOne(cm('helm.sh/hook: pre-install', 'helm.sh/hook-weight: [[08]]'), 'non-string-annotation');
    });

    it('takes 0o17 for a number (Go\'s ParseInt with base 0 reads the 0o prefix)', () => {
      expectOne(cm('helm.sh/hook: pre-install', 'helm.sh/hook-weight: [[0o17]]'), 'non-string-annotation');
    });

    it('does not take base-60 "1:30" for a number (go-yaml v2 dropped it): it is a string Atoi rejects', () => {
      const src = cm('helm.sh/hook: pre-install', 'helm.sh/hook-weight: [[1:30]]');
      expectNone(src, 'non-string-annotation');
      expectAt(src, 'hook-weight-not-integer');
    });

    it('treats plain words, quoted numbers and nulls as strings', () => {
      for (const v of ['"5"', "'true'", 'hello', '5a', '0.0.1', '~', 'null', '']) {
        expectNone(cm('helm.sh/hook: pre-install', `helm.sh/resource-policy: ${v}`), 'non-string-annotation');
      }
    });
  });
});
