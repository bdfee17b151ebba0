/**
 * A synthetic chart template of about `lines` lines: many hook Jobs (and some plain objects) written the
 * way real charts write them, with template actions, quoted and unquoted annotation keys, and values built
 * by templates. Deterministic, so runs are comparable.
 */
const EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-install,pre-upgrade', 'post-delete', 'pre-rollback'];
const POLICIES = ['before-hook-creation', 'before-hook-creation,hook-succeeded', 'hook-succeeded,before-hook-creation'];

function hookJob(i: number): string[] {
  const event = EVENTS[i % EVENTS.length];
  const quoted = i % 2 === 0;
  const k = (key: string): string => (quoted ? `"${key}"` : key);
  return [
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: {{ include "bench.fullname" . }}-hook-${i}`,
    '  namespace: {{ .Release.Namespace | quote }}',
    '  labels:',
    '    {{- include "bench.labels" . | nindent 4 }}',
    `    app.kubernetes.io/component: hook-${i}`,
    '  annotations:',
    `    ${k('helm.sh/hook')}: ${event}`,
    `    ${k('helm.sh/hook-weight')}: "${(i % 11) - 5}"`,
    `    ${k('helm.sh/hook-delete-policy')}: ${POLICIES[i % POLICIES.length]}`,
    '    {{- with .Values.hooks.annotations }}',
    '    {{- toYaml . | nindent 4 }}',
    '    {{- end }}',
    'spec:',
    '  backoffLimit: {{ .Values.hooks.backoffLimit | default 1 }}',
    '  template:',
    '    metadata:',
    `      name: {{ include "bench.fullname" . }}-hook-${i}`,
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: hook',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    `          command: ["/bin/sh", "-c", "echo running hook ${i}"]`,
    '          resources:',
    '            {{- toYaml .Values.hooks.resources | nindent 12 }}',
  ];
}

function configMap(i: number): string[] {
  return [
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: {{ include "bench.fullname" . }}-config-${i}`,
    '  labels:',
    '    {{- include "bench.labels" . | nindent 4 }}',
    'data:',
    `  key-${i}: {{ .Values.config.value${i % 5} | quote }}`,
    '  settings.yaml: |',
    '    log:',
    '      level: info',
  ];
}

export function generateHookTemplate(lines = 10_000): string {
  const out: string[] = ['{{- if .Values.hooks.enabled }}'];
  for (let i = 0; ; i++) {
    const next = i % 4 === 3 ? [...hookJob(i), ...configMap(i)] : hookJob(i);
    if (out.length + next.length > lines - 1) break;
    out.push(...next);
  }
  while (out.length < lines - 1) out.push('# padding');
  out.push('{{- end }}');
  return out.join('\n') + '\n';
}

/**
 * A hook-dense template (issue 12): `jobs` hook Jobs of 23 lines each, all on `pre-install,pre-upgrade`,
 * with `weights` distinct weights among them (so with 20 weights each weight is shared by jobs / 20 hooks
 * on both events), names built by a template action. `weights` = `jobs` gives every hook its own weight.
 */
export function generateTiedHookTemplate(jobs = 400, weights = 20): string {
  const out: string[] = [];
  for (let i = 0; i < jobs; i++) {
    out.push(
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      `  name: {{ include "bench.fullname" . }}-hook-${i}`,
      '  namespace: {{ .Release.Namespace | quote }}',
      '  labels:',
      '    {{- include "bench.labels" . | nindent 4 }}',
      '  annotations:',
      '    "helm.sh/hook": pre-install,pre-upgrade',
      `    "helm.sh/hook-weight": "${i % weights}"`,
      '    "helm.sh/hook-delete-policy": before-hook-creation',
      'spec:',
      '  backoffLimit: {{ .Values.hooks.backoffLimit | default 1 }}',
      '  template:',
      '    metadata:',
      `      name: {{ include "bench.fullname" . }}-hook-${i}`,
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '        - name: hook',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      `          command: ["/bin/sh", "-c", "echo running hook ${i}"]`,
    );
  }
  return out.join('\n') + '\n';
}
