import * as assert from 'node:assert/strict';
import { executionOrder, HookEvent, INSTALL_ORDER, OrderedHook } from '../../../engine';

interface H extends OrderedHook {
  id: string;
}

let counter = 0;
function h(p: Partial<H> & { id: string }): H {
  return { name: p.id, kind: 'Job', weight: 0, path: 'chart/templates/hooks.yaml', index: counter++, events: ['pre-install'], ...p };
}

const ids = (hs: H[], event: HookEvent = 'pre-install') => executionOrder(hs, event).map((x) => x.id);

describe('helm model: executionOrder', () => {
  it('runs lower weights first, negative before zero before positive', () => {
    assert.deepEqual(ids([h({ id: 'a', weight: 5 }), h({ id: 'b', weight: -1 }), h({ id: 'c', weight: 0 }), h({ id: 'd', weight: -10 })]), ['d', 'b', 'c', 'a']);
  });

  it('breaks weight ties by name, not by kind (Helm\'s docs say otherwise; the code wins)', () => {
    const order = ids([
      h({ id: 'job-a', name: 'a', kind: 'Job' }),
      h({ id: 'sa-b', name: 'b', kind: 'ServiceAccount' }),
      h({ id: 'cm-c', name: 'c', kind: 'ConfigMap' }),
    ]);
    assert.deepEqual(order, ['job-a', 'sa-b', 'cm-c']);
  });

  it('uses kind only for equal weight and equal name: ServiceAccount before Job', () => {
    assert.deepEqual(
      ids([h({ id: 'job', name: 'setup', kind: 'Job' }), h({ id: 'sa', name: 'setup', kind: 'ServiceAccount' }), h({ id: 'role', name: 'setup', kind: 'Role' })]),
      ['sa', 'role', 'job'],
    );
  });

  it('puts unknown kinds after known ones, alphabetically among themselves', () => {
    assert.deepEqual(
      ids([
        h({ id: 'widget', name: 'x', kind: 'Widget' }),
        h({ id: 'job', name: 'x', kind: 'Job' }),
        h({ id: 'gadget', name: 'x', kind: 'Gadget' }),
        h({ id: 'ns', name: 'x', kind: 'Namespace' }),
      ]),
      ['ns', 'job', 'gadget', 'widget'],
    );
  });

  it('compares names bytewise: uppercase before lowercase, ASCII before accents', () => {
    assert.deepEqual(ids([h({ id: 'b' }), h({ id: 'a' }), h({ id: 'B' }), h({ id: 'é' }), h({ id: 'z' })]), ['B', 'a', 'b', 'z', 'é']);
  });

  it('compares names by UTF-8 bytes, where astral characters sort after all BMP ones (unlike JS string order)', () => {
    assert.deepEqual(ids([h({ id: 'x😀' }), h({ id: 'x\uff61' })]), ['x\uff61', 'x😀']);
  });

  it('keeps a shorter name that is a prefix first', () => {
    assert.deepEqual(ids([h({ id: 'migrate-db' }), h({ id: 'migrate' })]), ['migrate', 'migrate-db']);
  });

  it('keeps file path order, then document order, for hooks equal in weight, name and kind', () => {
    const order = ids([
      h({ id: 'b0', name: 'same', path: 'chart/templates/b.yaml', index: 0 }),
      h({ id: 'a1', name: 'same', path: 'chart/templates/a.yaml', index: 1 }),
      h({ id: 'a0', name: 'same', path: 'chart/templates/a.yaml', index: 0 }),
      h({ id: 'B0', name: 'same', path: 'chart/templates/B.yaml', index: 0 }),
    ]);
    assert.deepEqual(order, ['B0', 'a0', 'a1', 'b0']);
  });

  it('orders subchart files by path too', () => {
    const order = ids([
      h({ id: 'parent', name: 'same', path: 'chart/templates/z.yaml', index: 0 }),
      h({ id: 'sub', name: 'same', path: 'chart/charts/db/templates/a.yaml', index: 0 }),
    ]);
    assert.deepEqual(order, ['sub', 'parent']);
  });

  it('selects only the hooks of the event', () => {
    const hooks = [
      h({ id: 'install', events: ['pre-install'] }),
      h({ id: 'both', events: ['pre-upgrade', 'pre-install'] }),
      h({ id: 'upgrade', events: ['pre-upgrade'] }),
      h({ id: 'test', events: ['test'] }),
    ];
    assert.deepEqual(ids(hooks, 'pre-install'), ['both', 'install']);
    assert.deepEqual(ids(hooks, 'pre-upgrade'), ['both', 'upgrade']);
    assert.deepEqual(ids(hooks, 'test'), ['test']);
    assert.deepEqual(ids(hooks, 'post-delete'), []);
  });

  it('lists a hook twice when it lists the event twice (Helm runs it twice)', () => {
    assert.deepEqual(ids([h({ id: 'twice', events: ['pre-install', 'pre-install'] }), h({ id: 'other', name: 'zzz' })]), ['twice', 'twice', 'other']);
  });

  it('does not reorder its input', () => {
    const hooks = [h({ id: 'b', weight: 2 }), h({ id: 'a', weight: 1 })];
    const before = hooks.map((x) => x.id);
    executionOrder(hooks, 'pre-install');
    assert.deepEqual(hooks.map((x) => x.id), before);
  });

  it('INSTALL_ORDER matches Helm: Namespace and ServiceAccount before Job', () => {
    const rank = (k: string) => (INSTALL_ORDER as readonly string[]).indexOf(k);
    assert.ok(rank('Namespace') < rank('ServiceAccount'));
    assert.ok(rank('ServiceAccount') < rank('Secret'));
    assert.ok(rank('Role') < rank('RoleBinding'));
    assert.ok(rank('Pod') < rank('Job'));
    assert.ok(rank('Job') < rank('CronJob'));
    assert.equal(INSTALL_ORDER[0], 'PriorityClass');
  });
});
