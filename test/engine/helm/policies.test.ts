import * as assert from 'node:assert/strict';
import {
  isCleanPolicyList,
  keepsResource,
  readDeletePolicy,
  readDeletePolicyEntry,
  readDeletePolicyText,
  readOutputLogPolicyText,
} from '../../../engine/helm/policies';

describe('helm model: policy annotations', () => {
  describe('helm.sh/hook-delete-policy', () => {
    it('without the annotation, Helm applies before-hook-creation', () => {
      const r = readDeletePolicyText(undefined);
      assert.equal(r.defaulted, true);
      assert.deepEqual([...r.applies], ['before-hook-creation']);
      assert.equal(r.neverDeleted, false);
    });

    it('trims and lowercases each entry, and keeps repeats in the listing', () => {
      const r = readDeletePolicyText(' Hook-Succeeded ,HOOK-FAILED,hook-succeeded');
      assert.equal(r.defaulted, false);
      assert.deepEqual([...r.applies].sort(), ['hook-failed', 'hook-succeeded']);
      assert.deepEqual(r.listed, ['hook-succeeded', 'hook-failed', 'hook-succeeded']);
      assert.equal(isCleanPolicyList(r), false);
      assert.equal(isCleanPolicyList(readDeletePolicyText('hook-succeeded,before-hook-creation')), true);
    });

    it('an empty value counts as set: no default, never deleted', () => {
      for (const v of ['', ' ', ',', ' , ']) {
        const r = readDeletePolicyText(v);
        assert.equal(r.empty, true, JSON.stringify(v));
        assert.equal(r.neverDeleted, true);
        assert.equal(r.applies.size, 0);
      }
    });

    it('unknown policies are kept but match nothing; alone, they leave the hook undeleted', () => {
      const r = readDeletePolicyText('hook-sucseeded');
      assert.deepEqual(r.unknown, ['hook-sucseeded']);
      assert.equal(r.empty, false);
      assert.equal(r.neverDeleted, true);
      const mixed = readDeletePolicyText('bogus,hook-failed');
      assert.equal(mixed.neverDeleted, false);
      assert.deepEqual([...mixed.applies], ['hook-failed']);
      assert.deepEqual(readDeletePolicyEntry(' Bogus '), { kind: 'unknown', value: 'bogus' });
    });

    it('an entry a template prints leaves the outcome open', () => {
      const r = readDeletePolicy([undefined, 'nope']);
      assert.equal(r.dynamic, true);
      assert.equal(r.neverDeleted, false);
      assert.equal(r.empty, false);
    });
  });

  it('helm.sh/hook-output-log-policy: known entries apply, others match nothing', () => {
    const r = readOutputLogPolicyText('hook-failed, before-hook-creation');
    assert.deepEqual([...r.applies], ['hook-failed']);
    assert.deepEqual(r.unknown, ['before-hook-creation']);
  });

  it('helm.sh/resource-policy: only keep, trimmed and lowercased, keeps the resource', () => {
    assert.equal(keepsResource(' Keep '), true);
    assert.equal(keepsResource('retain'), false);
    assert.equal(keepsResource(''), false);
  });
});
