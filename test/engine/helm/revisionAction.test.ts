import * as assert from 'node:assert/strict';
import { eventOfStoredRun, HookEvent, revisionAction, RevisionFacts } from '../../../engine';

// Description texts as Helm v3.18.0 and v4.1.4 write them (pkg/action/install.go, upgrade.go, rollback.go,
// uninstall.go); both versions write the same strings.
const rev = (revision: number, status: string, description: string): RevisionFacts => ({ revision, status, description });
const act = (f: RevisionFacts) => {
  const a = revisionAction(f);
  return [a.action, a.before, a.basis];
};

describe('helm model: which action made a revision', () => {
  it('install: "Install complete", "Initial install underway", "Release \\"x\\" failed: ..." on revision 1', () => {
    assert.deepEqual(act(rev(1, 'deployed', 'Install complete')), ['install', undefined, 'revision']);
    assert.deepEqual(act(rev(1, 'pending-install', 'Initial install underway')), ['install', undefined, 'revision']);
    assert.deepEqual(act(rev(1, 'failed', 'Release "cart" failed: failed pre-install: 1 error occurred:\n\t* job cart-migrate failed: BackoffLimitExceeded')), ['install', undefined, 'revision']);
    // `helm install --replace` over an uninstalled release writes a later revision.
    assert.deepEqual(act(rev(3, 'deployed', 'Install complete')), ['install', undefined, 'description']);
    assert.deepEqual(act(rev(3, 'pending-install', 'Initial install underway')), ['install', undefined, 'description']);
    assert.deepEqual(revisionAction(rev(1, 'deployed', 'Install complete')).events, ['pre-install', 'post-install', 'test']);
  });

  it('upgrade: "Upgrade complete", "Preparing upgrade", "Upgrade \\"x\\" failed: ..." (Helm 3 and Helm 4 failure texts)', () => {
    assert.deepEqual(act(rev(2, 'deployed', 'Upgrade complete')), ['upgrade', undefined, 'description']);
    assert.deepEqual(act(rev(2, 'superseded', 'Upgrade complete')), ['upgrade', undefined, 'description']);
    assert.deepEqual(act(rev(2, 'pending-upgrade', 'Preparing upgrade')), ['upgrade', undefined, 'description']);
    assert.deepEqual(act(rev(3, 'failed', 'Upgrade "cart" failed: pre-upgrade hooks failed: 1 error occurred:\n\t* job cart-migrate failed: BackoffLimitExceeded')), ['upgrade', undefined, 'description']);
    assert.deepEqual(act(rev(3, 'failed', 'Upgrade "cart" failed: post-upgrade hooks failed: resource Job/cart/cart-migrate not ready. status: Failed, message: Job has reached the specified backoff limit')), ['upgrade', undefined, 'description']);
    assert.deepEqual(revisionAction(rev(2, 'deployed', 'Upgrade complete')).events, ['pre-upgrade', 'post-upgrade', 'test']);
  });

  it('rollback: "Rollback to N", "Rollback \\"x\\" failed: ...", and "Release \\"x\\" failed: ..." after revision 1', () => {
    const back = revisionAction(rev(4, 'deployed', 'Rollback to 2'));
    assert.deepEqual([back.action, back.rollbackTo, back.basis], ['rollback', 2, 'description']);
    assert.deepEqual(back.events, ['pre-rollback', 'post-rollback', 'test']);
    assert.deepEqual(act(rev(4, 'pending-rollback', 'Rollback to 2')), ['rollback', undefined, 'description']);
    assert.deepEqual(act(rev(4, 'failed', 'Rollback "cart" failed: cannot patch "cart" with kind Deployment')), ['rollback', undefined, 'description']);
    // rollback --wait: the same text as a failed install, but only an install writes revision 1.
    assert.deepEqual(act(rev(4, 'failed', 'Release "cart" failed: context deadline exceeded')), ['rollback', undefined, 'description']);
  });

  it('uninstall --keep-history: "Deletion in progress (or silently failed)", "Uninstallation complete", and what ran before', () => {
    const done = revisionAction(rev(3, 'uninstalled', 'Uninstallation complete'));
    assert.deepEqual([done.action, done.before], ['uninstall', 'upgrade']);
    assert.deepEqual(done.events, ['pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'test']);
    assert.deepEqual(act(rev(1, 'uninstalling', 'Deletion in progress (or silently failed)')), ['uninstall', 'install', 'status']);
    // `helm uninstall --description` replaces the text: the status still tells.
    assert.deepEqual(act(rev(2, 'uninstalled', 'retired by ops')), ['uninstall', 'upgrade', 'status']);
    // `helm install --replace` marks the uninstalled record it replaces.
    assert.deepEqual(act(rev(2, 'superseded', 'superseded by new release')), ['uninstall', 'upgrade', 'description']);
  });

  it('falls back on the status, then the revision, for a custom --description', () => {
    assert.deepEqual(act(rev(5, 'pending-rollback', 'emergency')), ['rollback', undefined, 'status']);
    assert.deepEqual(act(rev(5, 'pending-upgrade', 'release 2.1')), ['upgrade', undefined, 'status']);
    assert.deepEqual(act(rev(5, 'deployed', 'release 2.1')), ['upgrade', undefined, 'revision']);
    assert.deepEqual(act(rev(1, 'deployed', 'first')), ['install', undefined, 'revision']);
  });
});

describe('helm model: the event of a stored run', () => {
  const of = (events: HookEvent[], f: RevisionFacts) => eventOfStoredRun(events, revisionAction(f));

  it("a pre-install,pre-upgrade hook ran on pre-upgrade in an upgrade revision, on pre-install in an install's", () => {
    assert.equal(of(['pre-install', 'pre-upgrade'], rev(3, 'failed', 'Upgrade "cart" failed: pre-upgrade hooks failed: x')), 'pre-upgrade');
    assert.equal(of(['pre-install', 'pre-upgrade'], rev(1, 'deployed', 'Install complete')), 'pre-install');
  });

  it('keeps the later run of a hook on both pre- and post- of the action', () => {
    assert.equal(of(['pre-upgrade', 'post-upgrade'], rev(2, 'deployed', 'Upgrade complete')), 'post-upgrade');
  });

  it('a rollback ran none of the install and upgrade hooks it copied', () => {
    assert.equal(of(['pre-install', 'pre-upgrade'], rev(4, 'deployed', 'Rollback to 2')), undefined);
    assert.equal(of(['pre-upgrade', 'pre-rollback'], rev(4, 'deployed', 'Rollback to 2')), 'pre-rollback');
  });

  it('test runs land in whatever revision is current; delete runs after the action that made it', () => {
    assert.equal(of(['test'], rev(4, 'deployed', 'Rollback to 2')), 'test');
    assert.equal(of(['pre-upgrade', 'pre-delete'], rev(2, 'uninstalled', 'Uninstallation complete')), 'pre-delete');
    assert.equal(of(['pre-upgrade'], rev(2, 'uninstalled', 'Uninstallation complete')), 'pre-upgrade');
  });
});
