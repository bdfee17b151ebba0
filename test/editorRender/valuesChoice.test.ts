import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { affectsRender, ChoiceStore, rememberedValues, rememberValues, renderedWithText, rootChartOf, valuesArgs, valuesFilesOf } from '../../client/src/render';

function memoryStore(): ChoiceStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      data.set(key, value);
      return Promise.resolve();
    },
  };
}

describe('editor rendering: the chart and its values files', () => {
  let dir: string;
  const write = (rel: string, text = ''): string => {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-values-'));
    write('shop/Chart.yaml', 'name: shop\n');
    write('shop/values.yaml');
    write('shop/values-prod.yaml');
    write('shop/values.dev.yml');
    write('shop/other.yaml');
    write('shop/templates/job.yaml');
    write('shop/charts/audit/Chart.yaml', 'name: audit\n');
    write('shop/charts/audit/templates/a.yaml');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists the chart's values*.yaml files, values.yaml first", () => {
    assert.deepEqual(valuesFilesOf(path.join(dir, 'shop')), ['values.yaml', 'values-prod.yaml', 'values.dev.yml']);
    assert.deepEqual(valuesFilesOf(path.join(dir, 'missing')), []);
  });

  it('remembers the last choice per chart, forgetting files that are gone', async () => {
    const store = memoryStore();
    const shop = path.join(dir, 'shop');
    assert.deepEqual(rememberedValues(store, shop), [], 'nothing chosen yet');
    await rememberValues(store, shop, ['values-prod.yaml', 'values.dev.yml', 'values-prod.yaml']);
    assert.deepEqual(rememberedValues(store, shop), ['values-prod.yaml', 'values.dev.yml']);
    assert.deepEqual(rememberedValues(store, path.join(dir, 'other')), [], 'per chart');
    fs.rmSync(path.join(shop, 'values.dev.yml'));
    assert.deepEqual(rememberedValues(store, shop), ['values-prod.yaml']);
    store.data.set([...store.data.keys()][0], 'not a list');
    assert.deepEqual(rememberedValues(store, shop), []);
  });

  it('passes the chosen files as --values in order, values.yaml left to helm', () => {
    const shop = path.join(dir, 'shop');
    assert.deepEqual(valuesArgs(shop, ['values.yaml', 'values-prod.yaml']), [path.join(shop, 'values-prod.yaml')]);
    assert.equal(renderedWithText([]), 'values.yaml');
    assert.equal(renderedWithText(['values.yaml', 'values-prod.yaml']), 'values.yaml + values-prod.yaml');
  });

  it('finds the root chart of a template, a subchart template and a values file', () => {
    const shop = path.join(dir, 'shop');
    assert.equal(rootChartOf(path.join(shop, 'templates', 'job.yaml')), shop);
    assert.equal(rootChartOf(path.join(shop, 'charts', 'audit', 'templates', 'a.yaml')), shop);
    assert.equal(rootChartOf(path.join(shop, 'values-prod.yaml')), shop);
    assert.equal(rootChartOf(path.join(dir, 'loose.yaml')), undefined);
  });

  it('re-renders on saving a template, a values file or Chart.yaml, not on other files', () => {
    const shop = path.join(dir, 'shop');
    assert.ok(affectsRender(path.join(shop, 'templates', 'job.yaml'), shop));
    assert.ok(affectsRender(path.join(shop, 'charts', 'audit', 'templates', 'a.yaml'), shop));
    assert.ok(affectsRender(path.join(shop, 'values-prod.yaml'), shop));
    assert.ok(affectsRender(path.join(shop, 'Chart.yaml'), shop));
    assert.ok(!affectsRender(path.join(shop, 'README.md'), shop));
    assert.ok(!affectsRender(path.join(dir, 'elsewhere', 'templates', 'x.yaml'), shop));
  });
});
