import * as assert from 'node:assert/strict';
import { releasesOfChart } from '../../client/src/cluster/releases/ofChart';
import { ReleaseEntry } from '../../client/src/cluster/releases/store';
import { RecordError, ReleaseInfo } from '../../client/src/cluster/types';

function entry(name: string): ReleaseEntry {
  const latest = { driver: 'secret' as const, namespace: 'ns', objectName: `sh.helm.release.v1.${name}.v1`, release: name, revision: 1, status: 'deployed' as const, modifiedAt: undefined, payload: undefined, payloadChars: 0 };
  return { key: `secret/ns/${name}`, driver: 'secret', namespace: 'ns', name, latest, revisions: 1 };
}

function info(name: string, chart: string | undefined): ReleaseInfo {
  return {
    name,
    namespace: 'ns',
    revision: 1,
    status: 'deployed',
    description: '',
    chart: chart === undefined ? undefined : { name: chart, version: '1.0.0', appVersion: '' },
    firstDeployed: undefined,
    lastDeployed: undefined,
    hooks: [],
    helmMajor: 3,
    driver: 'secret',
  };
}

describe('cluster releases: releases of a chart', () => {
  it('keeps the releases whose latest record is of the chart, and skips a record that cannot be read', async () => {
    const charts: Record<string, string | undefined | Error> = {
      shop: 'shop',
      blog: 'blog',
      broken: new RecordError('sh.helm.release.v1.broken.v1', 'not a Helm release record'),
      'shop-eu': 'shop',
      audit: 'audit',
      bare: undefined,
    };
    const asked: string[] = [];
    const store = {
      releases: () => Object.keys(charts).map(entry),
      info: (e: ReleaseEntry) => {
        asked.push(e.name);
        const c = charts[e.name];
        return c instanceof Error ? Promise.reject(c) : Promise.resolve(info(e.name, c));
      },
    };
    const found = await releasesOfChart(store, ['shop', 'audit']);
    assert.deepEqual(found.map((f) => `${f.entry.name}:${f.info.chart?.name}`), ['shop:shop', 'shop-eu:shop', 'audit:audit']);
    assert.deepEqual(asked.sort(), Object.keys(charts).sort(), 'every listed release is decoded once');
  });

  it('finds none while the store has listed nothing yet', async () => {
    const store = { releases: () => [], info: () => Promise.reject(new Error('not asked')) };
    assert.deepEqual(await releasesOfChart(store, ['shop']), []);
  });
});
