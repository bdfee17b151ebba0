import { decodeBase64, utf8 } from './base64';

/**
 * The probe: a template added to each chart (and subchart) of a temporary copy that prints every template
 * file of its chart as Helm renders it, before Helm's sorter sees it. Helm defines every file under
 * templates/ as a template named by its path (pkg/engine/engine.go recAllTpls:
 * `path.Join(c.ChartFullPath(), t.Name)`), so `include (print $.Template.BasePath "/x.yaml") .` renders it
 * with the chart's own `.Values` (the probe sits in that chart, so a subchart's probe gets the subchart's
 * values). The sorter (releaseutil.SortManifests) drops a resource with an unknown hook event and
 * `helm template` leaves it out; inside the probe's ConfigMap, base64-encoded, its text survives.
 */

/** File names Helm renders but never sorts as manifests: partials and NOTES.txt (action.go renderResources). */
export function isProbed(relativeName: string): boolean {
  const base = relativeName.slice(relativeName.lastIndexOf('/') + 1);
  return !base.startsWith('_') && !relativeName.endsWith('NOTES.txt');
}

export function probeFileName(nonce: string): string {
  return `helm-hooks-probe-${nonce}.yaml`;
}

/** A Go string literal of `s` (JSON's escapes are Go's too). */
function goString(s: string): string {
  return JSON.stringify(s);
}

/**
 * The probe template for one chart. `files`: its template files relative to its templates/ folder
 * (`x.yaml`, `hooks/y.yaml`), as isProbed keeps them.
 */
export function probeTemplate(nonce: string, files: readonly string[]): string {
  const out = [
    '{{- /* helm-hooks probe: every template of this chart as rendered before sorting (removed after the run) */ -}}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: helm-hooks-probe-${nonce}`,
    'data:',
    '  base: {{ $.Template.BasePath | b64enc | quote }}',
  ];
  files.forEach((f, i) => {
    out.push(`  p${i}: {{ ${goString(f)} | b64enc | quote }}`);
    out.push(`  f${i}: {{ include (print $.Template.BasePath ${goString('/' + f)}) . | b64enc | quote }}`);
  });
  return out.join('\n') + '\n';
}

/** One probed template file: its Helm path (`<chart>/templates/x.yaml`) and its rendered text. */
export interface ProbedFile {
  source: string;
  text: string;
}

const LINE = /^ {2}(base|[pf]\d+): "([A-Za-z0-9+/=]*)"\s*$/;

/** The files a rendered probe document holds; empty when the text is not a probe's. */
export function readProbe(docText: string): ProbedFile[] {
  const fields = new Map<string, string>();
  for (const line of docText.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const bytes = decodeBase64(m[2]);
    if (bytes !== undefined) fields.set(m[1], utf8(bytes));
  }
  const base = fields.get('base');
  if (base === undefined) return [];
  const files: ProbedFile[] = [];
  for (let i = 0; fields.has(`p${i}`); i++) {
    const text = fields.get(`f${i}`);
    if (text !== undefined) files.push({ source: `${base}/${fields.get(`p${i}`) as string}`, text });
  }
  return files;
}
