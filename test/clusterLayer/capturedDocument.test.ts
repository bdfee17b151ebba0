import { strict as assert } from 'node:assert';
import { capturedDocument, capturedTitle, localTime } from '../../client/src/cluster/capture/document';
import { explainCaptured } from '../../client/src/cluster/capture/evidence';
import { CaptureMeta, CapturedRun, ContainerText } from '../../client/src/cluster/capture/types';

// The document Show Hook Logs (and Show Captured Hook Runs) shows for a run whose pods Helm deleted.

const NOW = new Date('2026-12-02T15:00:00Z');
/** UTC clock times, so the expected text does not depend on the machine's time zone. */
const utc = (d: Date): string => d.toISOString().slice(11, 19);

const pod = 'shop-migrate-x7k2p';
const jobRaw = {
  kind: 'Job',
  metadata: { name: 'shop-migrate', uid: 'job-uid', resourceVersion: '900', creationTimestamp: '2026-12-02T14:01:49Z' },
  spec: { backoffLimit: 0 },
  status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] },
};
const podRaw = {
  kind: 'Pod',
  metadata: { name: pod, uid: 'pod-uid', resourceVersion: '901', creationTimestamp: '2026-12-02T14:01:50Z' },
  spec: { containers: [{ name: 'migrate', image: 'busybox:1.36' }] },
  status: { phase: 'Failed', containerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error' } } }] },
};

function meta(over: Partial<CaptureMeta> = {}): CaptureMeta {
  return {
    format: 1,
    key: { context: 'kind-dev', namespace: 'shop', release: 'shop', revision: 7, hookKind: 'Job', hookName: 'shop-migrate', startedAt: '2026-12-02T14:01:49.000Z' },
    hookNamespace: 'shop',
    events: ['pre-upgrade'],
    deletePolicies: ['hook-failed'],
    helmMajor: 3,
    capturedFrom: '2026-12-02T14:01:50.100Z',
    updatedAt: '2026-12-02T14:02:12.000Z',
    outcome: { phase: 'Failed', completedAt: '2026-12-02T14:02:10.000Z' },
    objectDeletedAt: '2026-12-02T14:02:10.500Z',
    podsDeletedAt: '2026-12-02T14:02:11.000Z',
    containers: [{ pod, container: 'migrate', init: false, podCreatedAt: '2026-12-02T14:01:50.000Z', lines: 3, bytes: 60, omittedLines: 0, omittedBytes: 0, complete: true, exitCode: 3, reason: 'Error' }],
    notes: [
      { at: '2026-12-02T14:01:50.100Z', kind: 'started', text: 'Capture started while Job shop/shop-migrate was running.' },
      { at: '2026-12-02T14:02:10.500Z', kind: 'object-deleted', text: 'Job shop-migrate was deleted.' },
      { at: '2026-12-02T14:02:11.000Z', kind: 'pod-deleted', pod, text: `Pod ${pod} was deleted.` },
      { at: '2026-12-02T14:02:12.000Z', kind: 'ended', text: 'Capture ended: the run failed.' },
    ],
    evidence: { job: jobRaw, pods: [podRaw], events: [] },
    closed: true,
    ...over,
  };
}

function run(m: CaptureMeta, containers?: ContainerText[]): CapturedRun {
  return { meta: m, containers: containers ?? m.containers.map((capture) => ({ capture, head: 'migrating 1\nmigrating 2\nERROR: table users is locked\n', tail: '' })), size: 1000 };
}

const doc = (r: CapturedRun): string => capturedDocument(r, { now: NOW, time: utc });

describe('the document of a captured hook run', () => {
  it('heads with when the pods were deleted, names the policy that deleted the Job, says why, then the log', () => {
    assert.equal(
      doc(run(meta())),
      [
        '# Job/shop-migrate: pre-upgrade hook of release shop (namespace shop, revision 7), last run Failed',
        '# Captured while it ran; the pods were deleted at 14:02:11.',
        '# Helm deleted the Job after it failed (hook-failed), at 14:02:10.',
        '# Why: The Job reached backoffLimit 0 after 1 failed pod; the last container migrate exited with code 3.',
        '#   Job shop-migrate: 0 active, 0 succeeded, 1 failed; backoffLimit 0; Failed (BackoffLimitExceeded: Job has reached the specified backoff limit).',
        `#   Pod ${pod}: Failed; container migrate exited with code 3.`,
        '# Capture:',
        '#   14:01:50 Capture started while Job shop/shop-migrate was running.',
        '#   14:02:10 Job shop-migrate was deleted.',
        `#   14:02:11 Pod ${pod} was deleted.`,
        '#   14:02:12 Capture ended: the run failed.',
        '',
        `## pod ${pod}, container migrate: exit code 3 (Error)`,
        'migrating 1',
        'migrating 2',
        'ERROR: table users is locked',
        '',
      ].join('\n'),
    );
  });

  it('names the delete policy only when the capture saw the object deleted and the policy matches the outcome', () => {
    // Seen deleted, policy and outcome match: named, both ways.
    assert.match(doc(run(meta())), /^# Helm deleted the Job after it failed \(hook-failed\), at 14:02:10\.$/m);
    assert.match(doc(run(meta({ deletePolicies: ['hook-succeeded'], outcome: { phase: 'Succeeded' } }))), /^# Helm deleted the Job after it succeeded \(hook-succeeded\), at 14:02:10\.$/m);
    // Seen deleted, but the policy does not match the outcome: the deletion is told, no policy named.
    const mismatch = doc(run(meta({ deletePolicies: ['hook-failed'], outcome: { phase: 'Succeeded' } })));
    assert.match(mismatch, /^# The Job was deleted at 14:02:10\.$/m);
    assert.doesNotMatch(mismatch, /hook-failed|Helm deleted/);
    const noOutcome = doc(run(meta({ outcome: undefined })));
    assert.doesNotMatch(noOutcome, /hook-failed\)|Helm deleted/);
    // Policy and outcome match, but the deletion was not seen (found only by a list after a break): not named.
    const unseen = doc(run(meta({ objectDeletedAt: undefined })));
    assert.doesNotMatch(unseen, /Helm deleted|was deleted at|hook-failed\)/);
    assert.match(unseen, /^# Captured while it ran; the pods were deleted at 14:02:11\.$/m);
  });

  it('says when the capture last saw the pods when it did not see them deleted, and that it did not see the end', () => {
    const text = doc(run(meta({ podsDeletedAt: undefined, objectDeletedAt: undefined, closed: false, outcome: undefined })));
    assert.match(text, /^# Job\/shop-migrate: .*last run Running$/m);
    assert.match(text, /^# Captured while it ran; the capture last saw the pods at 14:02:12\.$/m);
    assert.match(text, /^# The capture did not see the run end: another window is capturing it still, or it was cut off at 14:02:12/m);
  });

  it('marks the dropped middle of a long log between its start and its end', () => {
    const m = meta();
    m.containers[0] = { ...m.containers[0], lines: 1204, bytes: 60_000, omittedLines: 1200, omittedBytes: 52_000 };
    const text = doc(run(m, [{ capture: m.containers[0], head: 'line 1\nline 2\n', tail: 'line 1203\nline 1204\n' }]));
    assert.ok(text.includes(`container migrate: exit code 3 (Error)\nline 1\nline 2\n[… 1,200 lines (51 KB) omitted …]\nline 1203\nline 1204\n`), text);
  });

  it('shows a container\'s own notes with it (a gap, a pod deleted before its first byte), init containers first as captured', () => {
    const m = meta({
      containers: [
        { pod, container: 'wait-db', init: true, podCreatedAt: '2026-12-02T14:01:50.000Z', lines: 2, bytes: 20, omittedLines: 0, omittedBytes: 0, complete: false },
        { pod, container: 'migrate', init: false, podCreatedAt: '2026-12-02T14:01:50.000Z', lines: 0, bytes: 0, omittedLines: 0, omittedBytes: 0, complete: false },
      ],
      notes: [
        { at: '2026-12-02T14:01:50.100Z', kind: 'started', text: 'Capture started while Job shop/shop-migrate was running.' },
        { at: '2026-12-02T14:01:55.000Z', kind: 'gap', pod, container: 'wait-db', text: 'The log stream of wait-db broke after 2 lines: socket hang up.' },
        { at: '2026-12-02T14:01:56.000Z', kind: 'resumed', text: 'The watch of the hook\'s objects works again; changes while it was down were read from a fresh list.' },
        { at: '2026-12-02T14:02:11.000Z', kind: 'pod-gone-unread', pod, container: 'migrate', text: `Pod ${pod} was deleted before a single line of migrate's log could be read.` },
      ],
    });
    const text = doc(run(m, [{ capture: m.containers[0], head: 'waiting for db\ndb is up\n', tail: '' }, { capture: m.containers[1], head: '', tail: '' }]));
    assert.ok(
      text.includes(
        [
          '# Capture:',
          '#   14:01:50 Capture started while Job shop/shop-migrate was running.',
          '#   14:01:56 The watch of the hook\'s objects works again; changes while it was down were read from a fresh list.',
          '',
          `## pod ${pod}, init container wait-db: not read to its end`,
          'waiting for db',
          'db is up',
          '[14:01:55 The log stream of wait-db broke after 2 lines: socket hang up.]',
          '',
          `## pod ${pod}, container migrate: not read to its end`,
          '[no output captured]',
          `[14:02:11 Pod ${pod} was deleted before a single line of migrate's log could be read.]`,
          '',
        ].join('\n'),
      ),
      text,
    );
  });

  it('says so when no line was captured, and tells why from the evidence it kept', () => {
    const m = meta({ containers: [], evidence: { job: jobRaw, pods: [], events: [] } });
    const text = doc(run(m, []));
    assert.match(text, /\n\[No log line was captured\.\]\n$/);
    assert.match(text, /^# Why: The Job reached backoffLimit 0 after 1 failed pod\.$/m);
  });

  it('leaves the diagnosis out for a run that succeeded, and takes a given one or none', () => {
    const ok = meta({ outcome: { phase: 'Succeeded' }, deletePolicies: ['hook-succeeded'], evidence: {} });
    assert.doesNotMatch(doc(run(ok)), /# Why:/);
    assert.match(capturedDocument(run(meta()), { now: NOW, time: utc, why: { sentence: 'Given.', evidence: [], basis: 'cluster' } }), /^# Why: Given\.$/m);
    assert.doesNotMatch(capturedDocument(run(meta()), { now: NOW, time: utc, why: null }), /# Why:/);
  });

  it('explains from the captured evidence alone, never from the policy that deleted the objects', () => {
    const why = explainCaptured(meta(), NOW);
    assert.equal(why.basis, 'cluster');
    assert.doesNotMatch(why.sentence, /hook-failed|gone/);
    const nothing = explainCaptured(meta({ evidence: {} }), NOW);
    assert.equal(nothing.basis, 'missing');
    assert.match(nothing.sentence, /the capture saw neither the Job nor its pods/);
  });

  it('writes local times, with the date when it is not today', () => {
    const at = new Date(2026, 11, 2, 14, 2, 11);
    assert.equal(localTime(at, new Date(2026, 11, 2, 23, 0, 0)), '14:02:11');
    assert.equal(localTime(at, new Date(2026, 11, 3, 1, 0, 0)), '2026-12-02 14:02:11');
    assert.equal(capturedTitle(meta({ outcome: undefined, closed: true })), '# Job/shop-migrate: pre-upgrade hook of release shop (namespace shop, revision 7), last run Unknown\n');
  });
});
