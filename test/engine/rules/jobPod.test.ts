import * as assert from 'node:assert/strict';
import { expectNone, expectOne, lines } from '../util';

function job(name: string, annotations: readonly string[], restart = 'Never'): string {
  return lines([
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    ...annotations.map((a) => `    ${a}`),
    'spec:',
    '  backoffLimit: 0',
    '  template:',
    '    spec:',
    `      restartPolicy: ${restart}`,
    '      containers:',
    '        - name: main',
    '          image: busybox',
  ]);
}

function pod(annotations: readonly string[], restart = 'Never'): string {
  return lines([
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: "{{ .Release.Name }}-test"',
    '  annotations:',
    ...annotations.map((a) => `    ${a}`),
    'spec:',
    `  restartPolicy: ${restart}`,
    '  containers:',
    '    - name: main',
    '      image: busybox',
  ]);
}

describe('rules: Job and Pod hooks', () => {
  describe('hook-name-reused', () => {
    it('flags a fixed-name Job whose policies omit before-hook-creation: the next run fails with "already exists"', () => {
      const f = expectOne(
        job('{{ include "app.fullname" . }}-migrate', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-delete-policy: [[hook-succeeded]]']),
        'hook-name-reused',
      );
      assert.match(f.message, /already exists/);
      assert.match(f.message, /same name on every run/);
      assert.deepEqual(f.data, { replacement: 'before-hook-creation,hook-succeeded' });
    });

    it('flags a literal name with hook-failed only', () => {
      const f = expectOne(job('migrate', ['helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: [["hook-failed"]]']), 'hook-name-reused');
      assert.match(f.message, /jobs\.batch/);
    });

    it('flags a Pod hook with a release-name name', () => {
      const f = expectOne(pod(['helm.sh/hook: test', 'helm.sh/hook-delete-policy: [[hook-succeeded]]']), 'hook-name-reused');
      assert.match(f.message, /pods "…" already exists/);
    });

    it('does not flag when before-hook-creation is listed', () => {
      expectNone(job('migrate', ['helm.sh/hook: pre-install', 'helm.sh/hook-delete-policy: hook-succeeded, Before-Hook-Creation']), 'hook-name-reused');
    });

    it('does not flag when no policy is given (Helm applies before-hook-creation)', () => {
      expectNone(job('migrate', ['helm.sh/hook: pre-install']), 'hook-name-reused');
    });

    it('does not flag names that change every run', () => {
      expectNone(
        job('"{{ .Release.Name }}-migrate-{{ .Release.Revision }}"', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-delete-policy: hook-succeeded']),
        'hook-name-reused',
      );
      expectNone(
        job('migrate-{{ randAlphaNum 5 | lower }}', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-delete-policy: hook-succeeded']),
        'hook-name-reused',
      );
    });

    it('does not guess through an unknown helper', () => {
      expectNone(job('{{ include "app.hookName" . }}', ['helm.sh/hook: pre-upgrade', 'helm.sh/hook-delete-policy: hook-succeeded']), 'hook-name-reused');
    });

    it('does not flag kinds Helm does not wait on', () => {
      const cm = lines(['kind: ConfigMap', 'metadata:', '  name: cfg', '  annotations:', '    helm.sh/hook: pre-install', '    helm.sh/hook-delete-policy: hook-succeeded']);
      expectNone(cm, 'hook-name-reused');
    });
  });

  describe('hook-restart-policy-always', () => {
    it('flags restartPolicy Always on a Job hook: the Job is rejected', () => {
      const src = job('migrate', ['helm.sh/hook: pre-install'], '[[Always]]');
      const f = expectOne(src, 'hook-restart-policy-always');
      assert.match(f.message, /rejects this Job/);
      assert.deepEqual(f.data, { replacement: 'Never' });
    });

    it('flags restartPolicy Always on a Pod hook: it never completes', () => {
      const f = expectOne(pod(['helm.sh/hook: test'], '[[Always]]'), 'hook-restart-policy-always');
      assert.match(f.message, /never reaches Succeeded/);
    });

    it('flags a quoted "Always"', () => {
      expectOne(pod(['helm.sh/hook: test'], '[["Always"]]'), 'hook-restart-policy-always');
    });

    it('does not flag Never or OnFailure, nor Always on a Pod that is not a hook', () => {
      expectNone(job('migrate', ['helm.sh/hook: pre-install'], 'OnFailure'), 'hook-restart-policy-always');
      expectNone(pod(['helm.sh/hook: test']), 'hook-restart-policy-always');
      expectNone(pod(['app.kubernetes.io/part-of: x'], 'Always'), 'hook-restart-policy-always');
    });

    it('does not read the restartPolicy of a native sidecar init container', () => {
      const src = lines([
        'kind: Job',
        'metadata:',
        '  name: m',
        '  annotations:',
        '    helm.sh/hook: pre-install',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      initContainers:',
        '        - name: proxy',
        '          restartPolicy: Always',
        '      containers:',
        '        - name: main',
      ]);
      expectNone(src, 'hook-restart-policy-always');
    });
  });

  describe('test-job-no-logs', () => {
    it('flags a Job test hook at the event: helm test --logs cannot read it', () => {
      const f = expectOne(job('t', ['helm.sh/hook: [[test]]']), 'test-job-no-logs');
      assert.equal(f.severity, 'information');
      assert.match(f.message, /--logs/);
      assert.match(f.message, /not found/);
    });

    it('flags test-success on a Job too', () => {
      expectOne(job('t', ['helm.sh/hook: post-install,[[test-success]]']), 'test-job-no-logs');
    });

    it('does not flag Pod tests nor non-test Job hooks', () => {
      expectNone(pod(['helm.sh/hook: test']), 'test-job-no-logs');
      expectNone(job('t', ['helm.sh/hook: post-install']), 'test-job-no-logs');
    });
  });
});
