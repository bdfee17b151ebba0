import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTemplate, Finding } from '../../../engine';
import { applyEdits, disableLineFix, Fix, fixAll, fixesFor } from '../../../engine/services';
import { codes, lines } from '../util';

function codeCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of analyzeTemplate(text).findings) m.set(f.code, (m.get(f.code) ?? 0) + 1);
  return m;
}

/** The fixed finding is gone, and nothing appears that was not there before. */
function assertFixes(text: string, f: Finding, fix: Fix): string {
  const after = applyEdits(text, fix.edits);
  const before = codeCounts(text);
  before.set(f.code, (before.get(f.code) ?? 0) - 1);
  for (const [code, n] of codeCounts(after)) {
    assert.ok(n <= (before.get(code) ?? 0), `"${fix.title}" for ${f.code} leaves ${n}× ${code}:\n${after}`);
  }
  assert.equal((after.match(/\{\{/g) ?? []).length, (text.match(/\{\{/g) ?? []).length, `"${fix.title}" changed template actions:\n${after}`);
  return after;
}

function only(text: string, code: string): Finding {
  const fs_ = analyzeTemplate(text).findings.filter((f) => f.code === code);
  assert.equal(fs_.length, 1, `expected one ${code}, got ${fs_.length}: ${analyzeTemplate(text).findings.map((f) => f.code).join(', ')}`);
  return fs_[0];
}

/** The fixes offered for the single `code` finding of `text`. */
function fixes(text: string, code: string): Fix[] {
  return fixesFor(text, only(text, code));
}

/** Applies the preferred fix (checked), returning the new text. */
function preferred(text: string, code: string): string {
  const f = only(text, code);
  const all = fixesFor(text, f);
  const p = all.filter((x) => x.preferred);
  assert.equal(p.length, 1, `one preferred fix for ${code}; got ${all.map((x) => x.title).join(' | ') || 'none'}`);
  return assertFixes(text, f, p[0]);
}

function job(annotations: readonly string[], name = 'migrate', restart = 'Never'): string {
  return lines(['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`, '  annotations:', ...annotations.map((a) => `    ${a}`), 'spec:', '  template:', '    spec:', `      restartPolicy: ${restart}`]);
}

const H = 'helm.sh/hook: pre-install';

describe('services: quick fixes', () => {
  describe('hook events', () => {
    it('corrects a misspelled event to the nearest one', () => {
      assert.equal(preferred(job(['helm.sh/hook: pre-upgrade,pre-instal']), 'unknown-hook-event'), job(['helm.sh/hook: pre-upgrade,pre-install']));
      assert.equal(preferred(job(['helm.sh/hook: "post-upgrade, Post-Instal"']), 'unknown-hook-event'), job(['helm.sh/hook: "post-upgrade, post-install"']));
    });

    it('removes the misspelling (and one comma) when the event it meant is listed already', () => {
      assert.equal(preferred(job(['helm.sh/hook: pre-install, pre-instal']), 'unknown-hook-event'), job(['helm.sh/hook: pre-install']));
      assert.equal(preferred(job(['helm.sh/hook: pre-instal,pre-install']), 'unknown-hook-event'), job(['helm.sh/hook: pre-install']));
    });

    it('offers only to remove an event nothing is close to, and nothing for a lone one', () => {
      const fx = fixes(job(['helm.sh/hook: pre-install,deploy-everything']), 'unknown-hook-event');
      assert.deepEqual(fx.map((x) => [x.title, x.preferred, x.fixAll]), [['Remove "deploy-everything"', false, false]]);
      assert.deepEqual(fixes(job(['helm.sh/hook: deploy-everything']), 'unknown-hook-event'), []);
    });

    it('replaces test-success with test, or drops it when test is listed', () => {
      assert.equal(preferred(job(['helm.sh/hook: test-success']), 'legacy-test-success'), job(['helm.sh/hook: test']));
      assert.equal(preferred(job(['helm.sh/hook: test-success, test']), 'legacy-test-success'), job(['helm.sh/hook: test']));
    });

    it('removes a stray comma: trailing, leading, doubled', () => {
      assert.equal(preferred(job(['helm.sh/hook: "post-install,post-upgrade,"']), 'empty-hook-event'), job(['helm.sh/hook: "post-install,post-upgrade"']));
      assert.equal(preferred(job(['helm.sh/hook: ",pre-install"']), 'empty-hook-event'), job(['helm.sh/hook: "pre-install"']));
      assert.equal(preferred(job(['helm.sh/hook: pre-install,,test']), 'empty-hook-event'), job(['helm.sh/hook: pre-install,test']));
      assert.equal(preferred(job(['helm.sh/hook: "pre-install, ,test"']), 'empty-hook-event'), job(['helm.sh/hook: "pre-install,test"']));
      assert.deepEqual(fixes(job(['helm.sh/hook: ""']), 'empty-hook-event'), []);
    });

    it('drops a duplicate event with exactly one adjacent comma', () => {
      assert.equal(preferred(job(['helm.sh/hook: post-install, post-upgrade, post-install']), 'duplicate-hook-event'), job(['helm.sh/hook: post-install, post-upgrade']));
      assert.equal(preferred(job(['helm.sh/hook: pre-install,Pre-Install,test']), 'duplicate-hook-event'), job(['helm.sh/hook: pre-install,test']));
    });

    it('has no fix for removed events, only the disable comment', () => {
      assert.deepEqual(fixes(job(['helm.sh/hook: crd-install']), 'removed-hook-event'), []);
    });
  });

  describe('weights and value types', () => {
    it('trims a weight with spaces, in YAML and in a dict literal', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-weight: " 5"']), 'hook-weight-not-integer'), job([H, 'helm.sh/hook-weight: "5"']));
      const dict = (w: string) => lines([`{{- $a := dict "helm.sh/hook" "pre-install" "helm.sh/hook-weight" "${w}" }}`, 'kind: ConfigMap', 'metadata:', '  name: x']);
      assert.equal(preferred(dict('-3 '), 'hook-weight-not-integer'), dict('-3'));
      assert.deepEqual(fixes(job([H, 'helm.sh/hook-weight: "1.5"']), 'hook-weight-not-integer'), []);
    });

    it('quotes a number, and offers quotes without preferring them when Helm would still misread the string', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-weight: -5']), 'non-string-annotation'), job([H, 'helm.sh/hook-weight: "-5"']));
      const fl = fixes(job([H, 'helm.sh/hook-weight: 1.5']), 'non-string-annotation');
      assert.deepEqual(fl.map((x) => [x.title, x.preferred, x.fixAll]), [['Quote the value: "1.5"', false, false]]);
      assert.equal(fixes(job(['helm.sh/resource-policy: yes']), 'non-string-annotation')[0].preferred, false);
    });

    it('writes a YAML list of events as one comma-separated string', () => {
      assert.equal(preferred(job(['helm.sh/hook: [pre-install, "pre-upgrade"]']), 'non-string-annotation'), job(['helm.sh/hook: "pre-install,pre-upgrade"']));
    });
  });

  describe('delete policies', () => {
    it('corrects a misspelled policy, or drops it when the meant one is listed', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeded']), 'unknown-delete-policy'), job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded']));
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded,hook-succeded']), 'unknown-delete-policy'), job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded']));
    });

    it('offers to remove a lone unknown policy, so the default applies again', () => {
      const text = job([H, 'helm.sh/hook-delete-policy: never']);
      const f = analyzeTemplate(text).findings.find((x) => x.code === 'unknown-delete-policy')!;
      const [fx] = fixesFor(text, f);
      assert.equal(fx.preferred, false);
      assert.equal(assertFixes(text, f, fx), job([H]));
    });

    it('adds before-hook-creation and keeps the policies already there', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: hook-succeeded']), 'hook-name-reused'), job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded']));
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: "hook-failed"']), 'hook-name-reused'), job([H, 'helm.sh/hook-delete-policy: "before-hook-creation,hook-failed"']));
      const dict = (p: string) =>
        lines([`{{- $a := dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-delete-policy" "${p}" }}`, 'kind: Job', 'metadata:', '  name: migrate', 'spec:', '  template:', '    spec:', '      restartPolicy: Never']);
      assert.equal(preferred(dict('hook-succeeded'), 'hook-name-reused'), dict('before-hook-creation,hook-succeeded'));
    });

    it('removes an empty policy, and a repeated one', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: ""']), 'empty-delete-policy'), job([H]));
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: before-hook-creation, hook-succeeded, before-hook-creation']), 'duplicate-delete-policy'), job([H, 'helm.sh/hook-delete-policy: before-hook-creation, hook-succeeded']));
    });

    it('keeps failed hooks for their logs: hook-failed out, before-hook-creation in', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: before-hook-creation,hook-failed']), 'hook-failed-deletes-logs'), job([H, 'helm.sh/hook-delete-policy: before-hook-creation']));
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-policy: hook-succeeded,hook-failed'], 'x-{{ .Release.Revision }}'), 'hook-failed-deletes-logs'), job([H, 'helm.sh/hook-delete-policy: hook-succeeded,before-hook-creation'], 'x-{{ .Release.Revision }}'));
    });

    it('edits one branch of a templated value, leaving the template intact', () => {
      const v = (elseBranch: string) => job([H, `helm.sh/hook-delete-policy: {{ if .Values.keep }}before-hook-creation{{ else }}${elseBranch}{{ end }}`]);
      assert.equal(preferred(v('before-hook-creation,hook-failed'), 'hook-failed-deletes-logs'), v('before-hook-creation'));
    });
  });

  describe('output logs, resource policy, keys, restart policy', () => {
    it('corrects an output-log policy, and removes it from a kind that has no logs', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-output-log-policy: hook-failure']), 'unknown-output-log-policy'), job([H, 'helm.sh/hook-output-log-policy: hook-failed']));
      const cm = (a: string[]) => lines(['kind: ConfigMap', 'metadata:', '  name: c', '  annotations:', ...a.map((x) => `    ${x}`)]);
      assert.equal(preferred(cm([H, 'helm.sh/hook-output-log-policy: hook-failed', 'a.io/b: c']), 'output-log-policy-kind'), cm([H, 'a.io/b: c']));
    });

    it('changes a resource policy meant as keep to keep, and offers removal', () => {
      const pvc = (v: string) => lines(['kind: PersistentVolumeClaim', 'metadata:', '  name: data', '  annotations:', `    helm.sh/resource-policy: ${v}`]);
      assert.equal(preferred(pvc('Retain'), 'resource-policy-not-keep'), pvc('keep'));
      assert.equal(preferred(pvc('"retain"'), 'resource-policy-not-keep'), pvc('"keep"'));
      const del = fixes(pvc('delete'), 'resource-policy-not-keep');
      assert.deepEqual(del.map((x) => [x.title, x.preferred]), [['Change to keep', false], ['Remove helm.sh/resource-policy (helm uninstall then deletes the resource)', false]]);
    });

    it('renames a misspelled key (keeping its quotes), unless the right key is there already', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-wieght: "5"']), 'unknown-helm-annotation'), job([H, 'helm.sh/hook-weight: "5"']));
      assert.equal(preferred(job([H, '"helm.sh/hook-wieght": "5"']), 'unknown-helm-annotation'), job([H, '"helm.sh/hook-weight": "5"']));
      const dict = (k: string) => lines([`{{- $a := dict "helm.sh/hook" "test" "${k}" "5" }}`, 'kind: ConfigMap', 'metadata:', '  name: x']);
      assert.equal(preferred(dict('helm.sh/hook-wieght'), 'unknown-helm-annotation'), dict('helm.sh/hook-weight'));
      const taken = fixes(job([H, 'helm.sh/hook-wieght: "5"', 'helm.sh/hook-weight: "1"']), 'unknown-helm-annotation');
      assert.deepEqual(taken.map((x) => [x.preferred, x.fixAll]), [[false, false]]);
    });

    it('removes an obsolete key, a key without a hook (not preferred), and the ignored earlier duplicate', () => {
      assert.equal(preferred(job([H, 'helm.sh/hook-delete-timeout: "30"']), 'unknown-helm-annotation'), job([H]));
      const dep = lines(['kind: Deployment', 'metadata:', '  name: d', '  annotations:', '    helm.sh/hook-weight: "5"']);
      const [fx] = fixes(dep, 'hook-annotation-without-hook');
      assert.equal(fx.preferred, false);
      assert.equal(assertFixes(dep, only(dep, 'hook-annotation-without-hook'), fx), lines(['kind: Deployment', 'metadata:', '  name: d', '  annotations:']));
      assert.equal(preferred(job([H, 'helm.sh/hook-weight: "0" # old', 'helm.sh/hook-weight: "10"']), 'duplicate-annotation'), job([H, 'helm.sh/hook-weight: "10"']));
    });

    it('sets restartPolicy Never', () => {
      assert.equal(preferred(job([H], 'migrate', 'Always'), 'hook-restart-policy-always'), job([H], 'migrate', 'Never'));
      assert.equal(preferred(job([H], 'migrate', '"Always"'), 'hook-restart-policy-always'), job([H], 'migrate', '"Never"'));
    });

    it('has no fix for what needs a decision: weights out of range, old Helm, Job tests', () => {
      assert.deepEqual(fixes(job([H, 'helm.sh/hook-weight: "99999999999999999999"']), 'hook-weight-out-of-range'), []);
      assert.deepEqual(fixes(job([H, 'helm.sh/hook-output-log-policy: hook-failed']), 'output-log-policy-version'), []);
      assert.deepEqual(fixes(job(['helm.sh/hook: test']), 'test-job-no-logs'), []);
    });
  });

  describe('removing an annotation written in a flow map or a dict literal', () => {
    /** The object's metadata with `annotations` as given (one or more lines). */
    const meta = (kind: string, ...annotations: string[]): string => lines([`kind: ${kind}`, 'metadata:', '  name: a', ...annotations]);

    /** Applies the fix titled `Remove ...` for the single `code` finding; the text is checked again. */
    function removed(text: string, code: string): string {
      const f = only(text, code);
      const fix = fixesFor(text, f).find((x) => x.title.startsWith('Remove'));
      assert.ok(fix, `no removal for ${code}: ${fixesFor(text, f).map((x) => x.title).join(' | ')}`);
      return assertFixes(text, f, fix);
    }

    it('takes a flow-map entry out with the comma after it, or before it for the last one', () => {
      const last = removed(meta('Job', '  annotations: {"helm.sh/hook": pre-install, "helm.sh/hook-weight": "1", "helm.sh/resource-policy": retain}'), 'resource-policy-not-keep');
      assert.equal(last, meta('Job', '  annotations: {"helm.sh/hook": pre-install, "helm.sh/hook-weight": "1"}'));
      assert.deepEqual(analyzeTemplate(last).findings, []);
      const first = removed(meta('Job', '  annotations: {"helm.sh/hook-delete-timeout": "5", "helm.sh/hook": pre-install}'), 'unknown-helm-annotation');
      assert.equal(first, meta('Job', '  annotations: {"helm.sh/hook": pre-install}'));
      const middle = removed(meta('Job', '  annotations: {"helm.sh/hook": pre-install, "helm.sh/hook": post-install, "helm.sh/hook-weight": "1"}'), 'duplicate-annotation');
      assert.equal(middle, meta('Job', '  annotations: {"helm.sh/hook": post-install, "helm.sh/hook-weight": "1"}'));
    });

    it('leaves `{}` when the only entry goes', () => {
      for (const map of ['{"helm.sh/hook-weight": "1"}', '{ helm.sh/hook-weight: "1" }']) {
        const after = removed(meta('Deployment', `  annotations: ${map}`), 'hook-annotation-without-hook');
        assert.equal(after, meta('Deployment', '  annotations: {}'));
        assert.deepEqual(analyzeTemplate(after).findings, []);
      }
    });

    it('reads a flow map over several lines as one map, and removes its last entry there too', () => {
      const text = meta('Job', '  annotations: {', '    "helm.sh/hook": pre-install,', '    "helm.sh/hook-delete-timeout": "5"', '  }');
      assert.deepEqual(codes(text), ['unknown-helm-annotation'], 'the entries are not read again as block keys');
      assert.equal(removed(text, 'unknown-helm-annotation'), meta('Job', '  annotations: {', '    "helm.sh/hook": pre-install', '  }'));
    });

    it('takes a key-value pair out of a dict literal, down to an empty `(dict)`', () => {
      const toYaml = (pairs: string): string => meta('Job', '  annotations:', `    {{- toYaml (dict ${pairs}) | nindent 4 }}`);
      const lastPair = removed(toYaml('"helm.sh/hook" "pre-install" "helm.sh/hook-delete-timeout" "5"'), 'unknown-helm-annotation');
      assert.equal(lastPair, toYaml('"helm.sh/hook" "pre-install"'));
      assert.deepEqual(analyzeTemplate(lastPair).findings, []);
      const firstPair = removed(toYaml('"helm.sh/resource-policy" "retain" "helm.sh/hook" "pre-install"'), 'resource-policy-not-keep');
      assert.equal(firstPair, toYaml('"helm.sh/hook" "pre-install"'));
      const onlyPair = `{{- $extra := dict "helm.sh/hook-delete-timeout" "5" }}\n${job([H])}`;
      const emptied = removed(onlyPair, 'unknown-helm-annotation');
      assert.equal(emptied, `{{- $extra := dict }}\n${job([H])}`);
      assert.deepEqual(analyzeTemplate(emptied).findings, []);
    });

    it('does not touch the same strings given to another function than dict', () => {
      const text = `{{- $_ := set $extra "helm.sh/hook-delete-timeout" "5" }}\n${job([H])}`;
      assert.deepEqual(fixes(text, 'unknown-helm-annotation'), []);
    });
  });

  describe('disable for this line', () => {
    it('inserts a disable-next-line comment with the line\'s indentation, which silences the finding', () => {
      const text = job(['helm.sh/hook: pre-instal']);
      const f = only(text, 'unknown-hook-event');
      const fx = disableLineFix(text, f)!;
      assert.equal(fx.title, 'Disable unknown-hook-event for this line');
      const after = applyEdits(text, fx.edits);
      assert.equal(after, job(['# helm-hooks-disable-next-line unknown-hook-event', 'helm.sh/hook: pre-instal']));
      assert.deepEqual(analyzeTemplate(after).findings, []);
    });

    it('adds the code to a disable-next-line comment already above', () => {
      const text = job(['# helm-hooks-disable-next-line test-job-no-logs', 'helm.sh/hook: test,test']);
      const after = applyEdits(text, disableLineFix(text, only(text, 'duplicate-hook-event'))!.edits);
      assert.equal(after, job(['# helm-hooks-disable-next-line test-job-no-logs, duplicate-hook-event', 'helm.sh/hook: test,test']));
      assert.deepEqual(analyzeTemplate(after).findings, []);
    });

    it('keeps CRLF line endings, and is not offered inside a multi-line template action', () => {
      const crlf = job(['helm.sh/hook: pre-instal']).replace(/\n/g, '\r\n');
      const after = applyEdits(crlf, disableLineFix(crlf, only(crlf, 'unknown-hook-event'))!.edits);
      assert.match(after, /\r\n {4}# helm-hooks-disable-next-line unknown-hook-event\r\n {4}helm\.sh\/hook: pre-instal\r\n/);
      assert.deepEqual(analyzeTemplate(after).findings, []);
      const multi = lines(['{{- $a := dict', '  "helm.sh/hook" "pre-instal" }}', 'kind: Job']);
      assert.equal(disableLineFix(multi, only(multi, 'unknown-hook-event')), undefined);
    });
  });

  describe('fix all', () => {
    const shop = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'templates');
    const templates = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? templates(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));

    it('every fix offered on the example chart removes its finding and adds none', () => {
      let checked = 0;
      for (const file of templates(shop)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const f of analyzeTemplate(text).findings) {
          for (const fx of fixesFor(text, f)) {
            assertFixes(text, f, fx);
            checked++;
          }
          const d = disableLineFix(text, f);
          if (d) assertFixes(text, f, d);
        }
      }
      assert.ok(checked >= 15, `only ${checked} fixes checked`);
    });

    it('applies every safe fix in a file, leaving only what needs a decision, and is idempotent', () => {
      const text = job(
        ['helm.sh/hook: "pre-instal,pre-upgrade,pre-upgrade,"', 'helm.sh/hook-wieght: " 5"', 'helm.sh/hook-delete-policy: hook-succeded', 'helm.sh/hook-delete-timeout: "9"', 'helm.sh/resource-policy: delete'],
        'migrate',
        'Always',
      );
      const r = fixAll(text);
      assert.equal(r.edits.length, 1);
      assert.equal(applyEdits(text, r.edits), r.text);
      assert.equal(
        r.text,
        job(['helm.sh/hook: "pre-install,pre-upgrade"', 'helm.sh/hook-weight: "5"', 'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded', 'helm.sh/resource-policy: delete'], 'migrate', 'Never'),
      );
      assert.deepEqual(analyzeTemplate(r.text).findings.map((f) => f.code), ['resource-policy-not-keep']);
      assert.deepEqual(fixAll(r.text).edits, []);
    });

    it('fixes the example chart down to findings without a safe fix', () => {
      for (const file of templates(shop)) {
        const text = fs.readFileSync(file, 'utf8');
        const r = fixAll(text);
        for (const f of analyzeTemplate(r.text).findings) {
          assert.ok(!fixesFor(r.text, f).some((x) => x.fixAll), `${path.basename(file)}: ${f.code} left although safely fixable`);
        }
        assert.equal((r.text.match(/\{\{/g) ?? []).length, (text.match(/\{\{/g) ?? []).length);
      }
    });

    it('leaves rules that are off alone', () => {
      const text = job(['helm.sh/hook: pre-instal']);
      assert.deepEqual(fixAll(text, { severities: { 'unknown-hook-event': 'off' } }).edits, []);
      assert.equal(fixAll(text).text, job(['helm.sh/hook: pre-install']));
    });
  });
});
