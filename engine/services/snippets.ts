/**
 * Whole hook resources written the way the reference recommends: Jobs with `restartPolicy: Never`, a
 * bounded `backoffLimit` and an `activeDeadlineSeconds` below Helm's default 5m `--timeout`, a fixed name
 * with `before-hook-creation` (so a failed run never blocks the next), and tests as Pods so
 * `helm test --logs` can show them. Snippet syntax: `${1:default}` placeholders, `$0` the final cursor.
 */
export interface ResourceSnippet {
  label: string;
  /** What VS Code matches the typed word against: words separated by dashes. */
  filterText: string;
  detail: string;
  documentation: string;
  body: (chart: string) => string;
}

const lines = (ls: readonly string[]): string => ls.join('\n');

export const RESOURCE_SNIPPETS: readonly ResourceSnippet[] = [
  {
    label: 'Helm hook: migration Job (pre-install, pre-upgrade)',
    filterText: 'helm-hook-job-migration-pre-install-pre-upgrade',
    detail: 'Job run before the release\'s resources are created or updated',
    documentation:
      'A database migration as a `pre-install,pre-upgrade` hook Job. Helm waits for it to complete and fails the install or upgrade if it fails. ' +
      'It keeps one name, so `before-hook-creation` deletes the previous run\'s Job first; `hook-succeeded` cleans up after success, and a failed Job stays for `kubectl logs` until the next run. ' +
      '`activeDeadlineSeconds` stays below Helm\'s default `--timeout` (5m).',
    body: (chart) =>
      lines([
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        `  name: {{ include "\${1:${chart}}.fullname" . }}-\${2:db-migrate}`,
        '  labels:',
        `    {{- include "\${1:${chart}}.labels" . | nindent 4 }}`,
        '  annotations:',
        '    helm.sh/hook: pre-install,pre-upgrade',
        '    helm.sh/hook-weight: "${3:-5}"',
        '    # Same name on every run: delete the previous Job before creating this one.',
        '    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
        'spec:',
        '  backoffLimit: ${4:1}',
        '  # Below helm\'s --timeout (default 5m), so the Job reports its own failure.',
        '  activeDeadlineSeconds: ${5:240}',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '        - name: ${2:db-migrate}',
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
        '          command: [${6:"./migrate", "up"}]$0',
      ]),
  },
  {
    label: 'Helm hook: test Pod (helm test)',
    filterText: 'helm-hook-test-pod',
    detail: 'Pod run by helm test',
    documentation:
      'A `test` hook written as a **Pod**: `helm test --logs` reads only Pod logs (a Job test fails with `pods "NAME" not found`). ' +
      '`before-hook-creation` keeps the Pod, and its logs, until the next `helm test`; `restartPolicy: Never` lets it reach `Succeeded` or `Failed`.',
    body: (chart) =>
      lines([
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: {{ include "\${1:${chart}}.fullname" . }}-\${2:test-connection}`,
        '  labels:',
        `    {{- include "\${1:${chart}}.labels" . | nindent 4 }}`,
        '  annotations:',
        '    helm.sh/hook: test',
        '    helm.sh/hook-delete-policy: before-hook-creation',
        'spec:',
        '  restartPolicy: Never',
        '  containers:',
        '    - name: ${2:test-connection}',
        '      image: ${3:busybox:1.36}',
        `      command: ['wget', '-qO-', '{{ include "\${1:${chart}}.fullname" . }}:{{ .Values.service.port }}']$0`,
      ]),
  },
  {
    label: 'Helm hook: notification Job (post-install)',
    filterText: 'helm-hook-job-notification-post-install',
    detail: 'Job run after the release\'s resources are created',
    documentation:
      'A `post-install` hook Job that posts a message once the release\'s resources exist. Helm waits for it and fails the install if it fails, ' +
      'so it retries little and gives up well before Helm\'s default `--timeout` (5m).',
    body: (chart) =>
      lines([
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        `  name: {{ include "\${1:${chart}}.fullname" . }}-\${2:notify}`,
        '  labels:',
        `    {{- include "\${1:${chart}}.labels" . | nindent 4 }}`,
        '  annotations:',
        '    helm.sh/hook: post-install',
        '    helm.sh/hook-weight: "${3:5}"',
        '    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
        'spec:',
        '  backoffLimit: ${4:2}',
        '  activeDeadlineSeconds: ${5:120}',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '        - name: ${2:notify}',
        '          image: ${6:curlimages/curl:8.8.0}',
        '          args: ["-fsS", "-X", "POST", "${7:https://hooks.example.com/deployed}", "-d", "{{ .Release.Name }} installed"]$0',
      ]),
  },
];

/** The chart's helper prefix, read from the file's own `include "NAME.fullname"`; `chart` when none. */
export function chartHelperName(text: string): string {
  const m = /\binclude\s+"([\w.-]+?)\.(?:fullname|labels|name)"/.exec(text);
  return m?.[1] ?? 'chart';
}
