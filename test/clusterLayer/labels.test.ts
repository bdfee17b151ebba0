import * as assert from 'node:assert/strict';
import { latestRevisions, recordRefOf, releaseHistory } from '../../client/src/cluster/records/labels';
import { RecordRef } from '../../client/src/cluster/types';
import { configMapObject, helm318Release, helmPayload, secretObject } from './records';

function ref(release: string, revision: number, namespace = 'shop', driver: RecordRef['driver'] = 'secret'): RecordRef {
  const made = recordRefOf(driver, (driver === 'secret' ? secretObject : configMapObject)('x', { release, revision, namespace }));
  assert.ok(made);
  return made;
}

describe('cluster records: labels', () => {
  it('reads a Secret record from its name and labels, keeping the API payload for decoding', () => {
    const payload = helmPayload(helm318Release());
    const r = recordRefOf('secret', secretObject(payload, { revision: 3, status: 'superseded' }));
    assert.ok(r);
    assert.equal(r.driver, 'secret');
    assert.equal(r.objectName, 'sh.helm.release.v1.shop.v3');
    assert.equal(r.namespace, 'shop');
    assert.equal(r.release, 'shop');
    assert.equal(r.revision, 3);
    assert.equal(r.status, 'superseded');
    assert.equal(r.modifiedAt?.toISOString(), '2026-03-02T10:15:00.000Z');
    assert.equal(Buffer.from(r.payload ?? '', 'base64').toString('latin1'), payload);
    assert.equal(r.payloadChars, r.payload?.length);
  });

  it('reads a ConfigMap record (HELM_DRIVER=configmap), whose payload is Helm base64 only', () => {
    const payload = helmPayload(helm318Release());
    const r = recordRefOf('configmap', configMapObject(payload, { revision: 7, status: 'pending-upgrade' }));
    assert.equal(r?.driver, 'configmap');
    assert.equal(r?.revision, 7);
    assert.equal(r?.status, 'pending-upgrade');
    assert.equal(r?.payload, payload);
  });

  it('ignores Secrets and ConfigMaps that are not Helm release records', () => {
    const opaque = { ...secretObject('x'), type: 'Opaque' };
    assert.equal(recordRefOf('secret', opaque), undefined);
    assert.equal(recordRefOf('secret', secretObject('x', { labels: { owner: undefined } })), undefined);
    assert.equal(recordRefOf('configmap', configMapObject('x', { labels: { owner: 'flux' } })), undefined);
    assert.equal(recordRefOf('secret', { metadata: {} }), undefined);
    assert.equal(recordRefOf('secret', null), undefined);
    assert.equal(recordRefOf('configmap', 'sh.helm.release.v1.shop.v1'), undefined);
  });

  it('takes the revision from the object name when the version label is missing or malformed', () => {
    assert.equal(recordRefOf('secret', secretObject('x', { revision: 12, labels: { version: undefined } }))?.revision, 12);
    assert.equal(recordRefOf('secret', secretObject('x', { revision: 12, labels: { version: 'abc' } }))?.revision, 12);
    assert.equal(recordRefOf('secret', secretObject('x', { revision: 12, labels: { version: '1e3' } }))?.revision, 12);
  });

  it('takes the release name from the object name when the name label is missing, dots included', () => {
    const r = recordRefOf('secret', secretObject('x', { release: 'shop.eu', revision: 4, labels: { name: undefined } }));
    assert.equal(r?.release, 'shop.eu');
    assert.equal(r?.revision, 4);
  });

  it('drops a record whose revision cannot be told from labels or name', () => {
    const obj = secretObject('x', { labels: { version: undefined } });
    (obj.metadata as { name: string }).name = 'shop-release-backup';
    assert.equal(recordRefOf('secret', obj), undefined);
  });

  it('shows an unknown status for a missing or unexpected status label, and no payload when data is empty', () => {
    const r = recordRefOf('secret', secretObject(undefined, { labels: { status: 'paused', modifiedAt: undefined } }));
    assert.equal(r?.status, 'unknown');
    assert.equal(r?.payload, undefined);
    assert.equal(r?.payloadChars, 0);
    assert.equal(r?.modifiedAt, undefined);
    assert.equal(recordRefOf('secret', secretObject('x', { labels: { status: undefined } }))?.status, 'unknown');
  });

  it('falls back to createdAt for a record Helm created but never updated', () => {
    const r = recordRefOf('secret', secretObject('x', { labels: { modifiedAt: undefined, createdAt: '1772446000' } }));
    assert.equal(r?.modifiedAt?.toISOString(), '2026-03-02T10:06:40.000Z');
  });

  it('picks the newest revision of each release per namespace, numerically', () => {
    const refs = [ref('shop', 2), ref('shop', 10), ref('shop', 9), ref('blog', 1), ref('shop', 1, 'staging')];
    const latest = latestRevisions(refs);
    assert.deepEqual(
      latest.map((r) => `${r.namespace}/${r.release}.v${r.revision}`),
      ['shop/blog.v1', 'shop/shop.v10', 'staging/shop.v1'],
    );
  });

  it('lists the history of one release newest first, leaving other releases and namespaces out', () => {
    const refs = [ref('shop', 1), ref('shop', 3), ref('blog', 5), ref('shop', 2), ref('shop', 4, 'staging')];
    assert.deepEqual(releaseHistory(refs, 'shop', 'shop').map((r) => r.revision), [3, 2, 1]);
    assert.deepEqual(releaseHistory(refs, 'shop', 'nope'), []);
  });
});
