import * as assert from 'node:assert/strict';
import { dedupeByRuleFileLine, judgeRendered, parseHelmError, parseHelmVersion, probeTemplate, readProbe, splitManifests, splitRendered, supportedHelm, TemplateMap } from '../../../engine';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('render: splitting helm template output', () => {
  it('splits on --- followed by # Source:, keeping each document and its template path', () => {
    const out = ['---', '# Source: shop/templates/a.yaml', 'kind: ConfigMap', 'data:', '  x: "---"', '---', '# Source: shop/charts/db/templates/b.yaml', 'kind: Job', ''].join('\n');
    const docs = splitRendered(out);
    assert.deepEqual(
      docs.map((d) => [d.source, d.text]),
      [
        ['shop/templates/a.yaml', 'kind: ConfigMap\ndata:\n  x: "---"\n'],
        ['shop/charts/db/templates/b.yaml', 'kind: Job\n'],
      ],
    );
  });

  it("splits one template's text as Helm's SplitManifests does (trimmed, empty documents dropped)", () => {
    assert.deepEqual(splitManifests('\n---\na: 1\n---   \nb: 2\n---\n'), ['a: 1', 'b: 2']);
    // As Go's regexp split: the separator's `\s*` eats the newline a second `---` would need.
    assert.deepEqual(splitManifests('a: 1\n---\n\n---\nb: 2'), ['a: 1', '---\nb: 2']);
  });
});

describe('render: the probe', () => {
  it('includes every template by its path and reads back what helm printed', () => {
    const t = probeTemplate('n1', ['a.yaml', 'hooks/"q".yaml']);
    assert.match(t, /include \(print \$\.Template\.BasePath "\/a\.yaml"\) \. \| b64enc \| quote/);
    assert.match(t, /"\/hooks\/\\"q\\"\.yaml"/);
    const rendered = ['kind: ConfigMap', 'data:', `  base: "${b64('shop/templates')}"`, `  p0: "${b64('a.yaml')}"`, `  f0: "${b64('kind: Pod — ü\n')}"`].join('\n');
    assert.deepEqual(readProbe(rendered), [{ source: 'shop/templates/a.yaml', text: 'kind: Pod — ü\n' }]);
  });
});

describe('render: mapping back to the template', () => {
  const template = ['# a comment', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ .Release.Name }}-x', '  annotations:', '    helm.sh/hook: {{ .Values.event }}', '    helm.sh/hook-delete-policy: never', ''].join('\n');

  it("lands on the literal line when the template has it, else on the object's first line", () => {
    const map = new TemplateMap(template);
    const obj = { kind: 'ConfigMap', name: 'rel-x', index: 0 };
    assert.deepEqual(map.spotOf('    helm.sh/hook-delete-policy: never', 'never', obj), { line: 7, startColumn: 32, endColumn: 37, how: 'literal' });
    assert.deepEqual(map.spotOf('    helm.sh/hook: pre-instal', 'pre-instal', obj), { line: 1, startColumn: 0, endColumn: 14, how: 'object' });
  });

  it('lands on the include line of a file that writes no object itself, not on the comment above it', () => {
    const map = new TemplateMap(['# Seeds the database first.', '', '{{ include "x.job" (dict "root" .) }}', ''].join('\n'));
    assert.deepEqual(map.spotOf('    helm.sh/hook: pre-instal', 'pre-instal', { kind: 'Job', name: 'rel-seed', index: 0 }), { line: 2, startColumn: 0, endColumn: 37, how: 'object' });
  });

  it('judges rendered documents and the objects only the probe saw (dropped by the sorter)', () => {
    const kept = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: rel-x', '  annotations:', '    helm.sh/hook: pre-install', '    helm.sh/hook-delete-policy: never'].join('\n');
    const dropped = kept.replace('pre-install', 'pre-instal').replace('rel-x', 'rel-y');
    const probe = ['kind: ConfigMap', 'data:', `  base: "${b64('shop/templates')}"`, `  p0: "${b64('x.yaml')}"`, `  f0: "${b64(`${kept}\n---\n${dropped}\n`)}"`].join('\n');
    const output = `---\n# Source: shop/templates/x.yaml\n${kept}\n---\n# Source: shop/templates/helm-hooks-probe-n1.yaml\n${probe}\n`;
    const j = judgeRendered({ output, probeFile: 'helm-hooks-probe-n1.yaml', templateText: () => template, renderedWith: 'values.yaml + --set event=pre-install' });
    assert.equal(j.documents, 1);
    assert.deepEqual(j.hooks.map((h) => [h.name, h.events]), [['rel-x', ['pre-install']]]);
    assert.deepEqual(j.dropped.map((h) => [h.name, h.index, h.offsets.anchorLine]), [['rel-y', 1, 1]]);
    const unknown = j.findings.filter((f) => f.code === 'unknown-hook-event');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].dropped, true);
    assert.equal(unknown[0].line, 1);
    assert.match(unknown[0].message, /rendered with values\.yaml \+ --set event=pre-install; helm template leaves this object out/);
    assert.ok(j.findings.some((f) => f.code === 'unknown-delete-policy' && f.line === 7 && !f.dropped));
  });
});

describe('render: dedupe by (rule, file, line)', () => {
  it('keeps the first of each (rule, file, line)', () => {
    const fs = [
      { code: 'a', file: 'x', line: 1, tag: 'static' },
      { code: 'a', file: 'x', line: 1, tag: 'rendered' },
      { code: 'a', file: 'x', line: 2, tag: 'rendered' },
      { code: 'b', file: 'x', line: 1, tag: 'rendered' },
    ];
    assert.deepEqual(dedupeByRuleFileLine(fs).map((f) => f.tag), ['static', 'rendered', 'rendered']);
  });
});

describe('render: helm errors and versions', () => {
  it('reads required/fail at the template helm names (Helm 3 and 4)', () => {
    const e = parseHelmError('Error: execution error at (req/templates/secret.yaml:8:15): db.password is required\n\nUse --debug flag to render out invalid YAML\n');
    assert.deepEqual([e.kind, e.source, e.line, e.column, e.detail], ['execution', 'req/templates/secret.yaml', 8, 15, 'db.password is required']);
  });

  it("reads a missing value in Helm 3's one-line and Helm 4's three-line form", () => {
    const v3 = parseHelmError('Error: template: nilv/templates/job.yaml:7:35: executing "nilv/templates/job.yaml" at <.Values.hooks.weight>: nil pointer evaluating interface {}.weight\n');
    const v4 = parseHelmError('Error: nilv/templates/job.yaml:7:35\n  executing "nilv/templates/job.yaml" at <.Values.hooks.weight>:\n    nil pointer evaluating interface {}.weight\n');
    for (const e of [v3, v4]) {
      assert.deepEqual([e.kind, e.source, e.line, e.column], ['missing-value', 'nilv/templates/job.yaml', 7, 35]);
      assert.match(e.message, /needs a value nobody gave .*--values FILE or --set/);
    }
  });

  it('says to run helm dependency build for a missing dependency', () => {
    const e = parseHelmError('Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis\n');
    assert.equal(e.kind, 'missing-dependency');
    assert.equal(e.source, undefined);
    assert.match(e.message, /\(redis\).*helm dependency build/);
  });

  it('accepts Helm 3.12+ and 4, refuses older ones', () => {
    assert.equal(supportedHelm(parseHelmVersion('v3.18.0+gcc58e3f'), ''), undefined);
    assert.equal(supportedHelm(parseHelmVersion('v4.1.4+g05fa379'), ''), undefined);
    assert.match(supportedHelm(parseHelmVersion('v3.11.3+g1'), '') ?? '', /v3\.11\.3.*not supported.*3\.12 or later/);
    assert.match(supportedHelm(undefined, 'garbage') ?? '', /cannot read helm's version/);
  });
});
