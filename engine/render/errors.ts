/**
 * What went wrong in a failed `helm template`, read from helm's stderr. Helm's engine words template
 * failures as (pkg/engine/engine.go cleanupExecError, cleanupParseError, v3.18 and v4):
 *   execution error at (<chart>/templates/x.yaml:12:4): <message of required/fail>
 *   template: <chart>/templates/x.yaml:5:10: executing "<name>" at <.Values.a.b>: nil pointer evaluating interface {}.b
 *   (Helm 4: the same on three lines, `Error: <chart>/templates/x.yaml:5:10` first)
 *   parse error at (<chart>/templates/x.yaml:3): <message>
 * the sorter: `YAML parse error on <chart>/templates/x.yaml: ...`; the dependency check:
 * `found in Chart.yaml, but missing in charts/ directory: <names>`.
 */
export type RenderErrorKind = 'execution' | 'missing-value' | 'template' | 'parse' | 'yaml' | 'missing-dependency' | 'kube-version' | 'other';

export interface RenderError {
  kind: RenderErrorKind;
  /** Helm's template path, when helm names one. */
  source?: string;
  /** 1-based, when helm gives them. */
  line?: number;
  column?: number;
  /** helm's own words for the failure (without the location). */
  detail: string;
  /** One sentence for the user: what failed and what to do. */
  message: string;
}

const EXECUTION = /execution error at \(([^()]+?):(\d+)(?::(\d+))?\): ([^\n]*)/;
const EXECUTION_IN = /execution error in \(([^()]+?)\): ([^\n]*)/;
const TEMPLATE = /template: ([^\s:]+):(\d+):(\d+): executing "[^"]*" at <([^>]*)>: ([^\n]*)/;
/** Helm 4 prints the same on three lines: `Error: x.yaml:5:10`, `executing "x" at <.Values.a.b>:`, the reason. */
const TEMPLATE_V4 = /Error: ([^\s:]+):(\d+):(\d+)[ \t]*\r?\n[ \t]*executing "[^"]*" at <([^>]*)>:[ \t]*\r?\n[ \t]*([^\n]*)/;
const PARSE = /parse error at \(([^()]+?):(\d+)\): ([^\n]*)/;
const YAML = /YAML parse error on ([^\s:]+): ([^\n]*)/;
const MISSING_DEPENDENCY = /missing in charts\/ directory: ([^\n]*)/;
const KUBE_VERSION = /chart requires kubeVersion: ([^\n]*)/;

/** The first `Error: ...` line, else the last non-empty line. */
function headline(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const error = lines.find((l) => l.startsWith('Error:'));
  return (error ?? lines[lines.length - 1] ?? '').replace(/^Error:\s*/, '');
}

export function parseHelmError(stderr: string): RenderError {
  let m = EXECUTION.exec(stderr);
  if (m !== null) {
    return { kind: 'execution', source: m[1], line: Number(m[2]), column: m[3] === undefined ? undefined : Number(m[3]), detail: m[4], message: `helm template failed here: ${m[4]}` };
  }
  m = TEMPLATE.exec(stderr) ?? TEMPLATE_V4.exec(stderr);
  if (m !== null) {
    const [, source, line, column, at, what] = m;
    const missing = /nil pointer evaluating|map has no entry for key|wrong type for value; expected .* got <nil>/.test(what);
    return {
      kind: missing ? 'missing-value' : 'template',
      source,
      line: Number(line),
      column: Number(column),
      detail: `at <${at}>: ${what}`,
      message: missing
        ? `helm template failed here: this chart needs a value nobody gave (${at}: ${what}). Give it with --values FILE or --set KEY=VALUE.`
        : `helm template failed here at <${at}>: ${what}`,
    };
  }
  m = EXECUTION_IN.exec(stderr);
  if (m !== null) return { kind: 'execution', source: m[1], detail: m[2], message: `helm template failed in this template: ${m[2]}` };
  m = PARSE.exec(stderr);
  if (m !== null) return { kind: 'parse', source: m[1], line: Number(m[2]), detail: m[3], message: `helm cannot parse this template: ${m[3]}` };
  m = YAML.exec(stderr);
  if (m !== null) return { kind: 'yaml', source: m[1], detail: m[2], message: `this template renders YAML that Helm cannot read: ${m[2]}` };
  m = MISSING_DEPENDENCY.exec(stderr);
  if (m !== null) {
    return { kind: 'missing-dependency', detail: m[1], message: `a dependency chart is missing from charts/ (${m[1].trim()}): run \`helm dependency build\` in the chart folder first.` };
  }
  m = KUBE_VERSION.exec(stderr);
  if (m !== null) return { kind: 'kube-version', detail: m[1], message: `the chart requires kubeVersion ${m[1]}: pass --kube-version with a version it accepts.` };
  const line = headline(stderr);
  return { kind: 'other', detail: line, message: `helm template failed: ${line || '(no message)'}` };
}

/** Helm's own log line for a resource it dropped (v3: `skipping unknown hook: "x"`; v4: `skipping unknown hooks`). */
export function skippedHookLogs(stderr: string): number {
  return (stderr.match(/skipping unknown hooks?\b/g) ?? []).length;
}
