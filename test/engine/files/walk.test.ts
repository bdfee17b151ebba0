import * as assert from 'node:assert/strict';
import { chartsOf, findCharts, listTemplates, MAX_CHART_DEPTH, readChart, runAsync, runSync, storedPaths, templateCandidates } from '../../../engine';
import { asAsync, memoryFs } from './memoryFs';

const CHART = (name: string): string => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
const root = (at = ''): { at: string; name: string } => ({ at, name: at.split('/').pop() || 'work' });
/** A chart folder `depth` folders below the root, on a branch of its own. */
const deepChart = (depth: number): Record<string, string> => {
  const dirs = Array.from({ length: depth }, (_, i) => (i === depth - 1 ? `c${depth}` : `d${depth}-${i + 1}`));
  return { [`${dirs.join('/')}/Chart.yaml`]: CHART(`c${depth}`) };
};

/** The shop layout of the examples, with the cases around it. */
const SHOP = {
  'shop/Chart.yaml': CHART('"shop" # the chart'),
  'shop/values.yaml': 'x: 1\n',
  'shop/templates/b.yaml': '',
  'shop/templates/a.yml': '',
  'shop/templates/_helpers.tpl': '',
  'shop/templates/NOTES.txt': '',
  'shop/templates/hooks/z.yaml': '',
  'shop/templates/hooks-a.yaml': '',
  'shop/charts/audit/Chart.yaml': CHART('audit'),
  'shop/charts/audit/templates/job.yaml': '',
  'shop/charts/audit/charts/leaf/Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n',
  'shop/charts/audit/charts/leaf/templates/cm.yaml': '',
  'shop/charts/common-2.0.0.tgz': '\x1f\x8b',
  'shop/charts/not-a-chart/templates/x.yaml': '',
  'shop/charts/README.md': '',
};

describe('chart files: walks over a file system', () => {
  it('finds charts depth first, sorted, without entering a chart, hidden folders or node_modules', () => {
    const fs = memoryFs({
      ...SHOP,
      'b/Chart.yaml': CHART('b'),
      'a/x/Chart.yaml': CHART('ax'),
      'a-b/Chart.yaml': CHART('ab'),
      '.git/c/Chart.yaml': CHART('hidden'),
      'node_modules/pkg/Chart.yaml': CHART('npm'),
      'shop/examples/Chart.yaml': CHART('inside-a-chart'),
      'docs/Chart.yaml/readme': 'a folder named Chart.yaml is no chart',
    });
    const found = runSync(findCharts(root()), fs);
    assert.deepEqual(found.charts.map((c) => c.at), ['a/x', 'a-b', 'b', 'shop']);
    assert.deepEqual(found.unreadable, []);
    assert.ok(!fs.log.some((l) => /node_modules|\.git|shop\//.test(l)), fs.log.join('\n'));
  });

  it('finds a chart at most MAX_CHART_DEPTH folders below where it starts', () => {
    assert.equal(MAX_CHART_DEPTH, 9);
    const fs = memoryFs({ ...deepChart(1), ...deepChart(8), ...deepChart(9), ...deepChart(10) });
    assert.deepEqual(runSync(findCharts(root()), fs).charts.map((c) => c.name), ['c1', 'c8', 'c9']);
    assert.deepEqual(runSync(findCharts(root(), 1), fs).charts.map((c) => c.name), ['c1']);
    assert.deepEqual(runSync(findCharts(root('c1'), 0), fs).charts.map((c) => c.name), ['c1'], 'the folder itself, at depth 0');
  });

  it('reports folders it cannot list, and goes on', () => {
    const fs = memoryFs({ 'a/Chart.yaml': CHART('a'), 'locked/b/Chart.yaml': CHART('b'), 'z/Chart.yaml': CHART('z') }, { unreadable: ['locked'] });
    const found = runSync(findCharts(root()), fs);
    assert.deepEqual(found.charts.map((c) => c.at), ['a', 'z']);
    assert.deepEqual(found.unreadable, [{ at: 'locked', error: 'EACCES' }]);
  });

  it('reads a chart: its name, sorted templates (.yaml .yml .tpl), unpacked and packed subcharts', () => {
    const chart = runSync(readChart(root('shop')), memoryFs(SHOP));
    assert.equal(chart.name, 'shop');
    assert.deepEqual(chart.templates, ['shop/templates/_helpers.tpl', 'shop/templates/a.yml', 'shop/templates/b.yaml', 'shop/templates/hooks/z.yaml', 'shop/templates/hooks-a.yaml']);
    assert.deepEqual(chart.packed, ['shop/charts/common-2.0.0.tgz']);
    assert.deepEqual(chartsOf(chart).map((c) => [c.helmPath, c.dir, c.templates.length]), [
      ['shop', 'shop', 5],
      ['shop/charts/audit', 'shop/charts/audit', 1],
      // No name in its Chart.yaml: the folder's.
      ['shop/charts/audit/charts/leaf', 'shop/charts/audit/charts/leaf', 1],
    ]);
    assert.deepEqual(chart.unreadable, []);
  });

  it('reads only names and layout when templates are not wanted', () => {
    const fs = memoryFs(SHOP);
    const chart = runSync(readChart(root('shop'), { templates: false }), fs);
    assert.deepEqual(chartsOf(chart).map((c) => [c.helmPath, c.templates.length]), [['shop', 0], ['shop/charts/audit', 0], ['shop/charts/audit/charts/leaf', 0]]);
    assert.ok(!fs.log.includes('list shop/templates'));
  });

  it('a chart whose Chart.yaml or folders cannot be read still has a name and what could be read', () => {
    const fs = memoryFs({ 'x/Chart.yaml': CHART('x'), 'x/templates/a.yaml': '', 'x/templates/locked/b.yaml': '' }, { unreadable: ['x/templates/locked'] });
    const chart = runSync(readChart(root('x')), fs);
    assert.deepEqual(chart.templates, ['x/templates/a.yaml']);
    assert.deepEqual(chart.unreadable, [{ at: 'x/templates/locked', error: 'EACCES' }]);
    assert.equal(runSync(readChart(root('gone')), memoryFs({})).name, 'gone');
  });

  it('counts a linked file as a file, and never enters a linked folder', () => {
    const fs = memoryFs({ 'c/Chart.yaml': CHART('c'), 'c/templates/real.yaml': '', 'shared/t.yaml': '' }, { links: { 'c/templates/linked.yaml': 'shared/t.yaml', 'c/templates/loop': 'c' } });
    assert.deepEqual(runSync(listTemplates('c/templates'), fs).files, ['c/templates/linked.yaml', 'c/templates/real.yaml']);
  });

  it('runs the same walk asynchronously, with the same answers', async () => {
    const fs = memoryFs({ ...SHOP, ...deepChart(9), ...deepChart(10) });
    const sync = runSync(findCharts(root()), fs);
    const async = await runAsync(findCharts(root()), asAsync(fs));
    assert.deepEqual(async, sync);
    const chart = await runAsync(readChart(root('shop')), asAsync(fs));
    assert.deepEqual(chart, runSync(readChart(root('shop')), fs));
  });
});

describe('chart files: Helm\'s stored template paths', () => {
  /** The folders above `file`, nearest first, as a caller builds them. */
  const above = (file: string): { at: string; name: string }[] => {
    const parts = file.split('/').slice(0, -1);
    return parts.map((_, i) => ({ at: parts.slice(0, parts.length - i).join('/'), name: parts[parts.length - i - 1] })).concat([{ at: '', name: '' }]);
  };
  const stored = (file: string, fs = memoryFs(SHOP)) => runSync(storedPaths(file.split('/').pop()!, above(file)), fs);

  it('stores a template under every chart that may install it, outermost first', () => {
    assert.deepEqual(stored('shop/templates/hooks/z.yaml'), [{ chart: 'shop', path: 'shop/templates/hooks/z.yaml' }]);
    assert.deepEqual(stored('shop/charts/audit/charts/leaf/templates/cm.yaml'), [
      { chart: 'shop', path: 'shop/charts/audit/charts/leaf/templates/cm.yaml' },
      { chart: 'audit', path: 'audit/charts/leaf/templates/cm.yaml' },
      { chart: 'leaf', path: 'leaf/templates/cm.yaml' },
    ]);
  });

  it('stores nothing for files that are not templates of a chart', () => {
    assert.deepEqual(stored('shop/values.yaml'), []);
    assert.deepEqual(stored('shop/templates.yaml'), []);
    assert.deepEqual(stored('elsewhere/templates/x.yaml'), []);
    // charts/not-a-chart has no Chart.yaml: the nearest chart is shop, and the file is not under its templates/.
    assert.deepEqual(stored('shop/charts/not-a-chart/templates/x.yaml'), []);
  });

  it('finds the workspace file of a stored path: the exact chart first, then a subchart installed alone, then by name', () => {
    const fs = memoryFs({ ...SHOP, 'audit/Chart.yaml': CHART('audit'), 'audit/templates/job.yaml': '' });
    const roots = runSync(findCharts(root()), fs).charts.map((c) => runSync(readChart(c, { templates: false }), fs));
    const where = (helmPath: string): string[] => templateCandidates(roots, helmPath).map((c) => [c.chart.helmPath, ...c.rel].join(' '));
    assert.deepEqual(where('shop/charts/audit/templates/job.yaml'), ['shop/charts/audit templates job.yaml', 'audit templates job.yaml']);
    assert.deepEqual(where('audit/templates/job.yaml'), ['audit templates job.yaml', 'shop/charts/audit templates job.yaml']);
    assert.deepEqual(where('audit/charts/leaf/templates/cm.yaml'), ['shop/charts/audit/charts/leaf templates cm.yaml']);
    assert.deepEqual(where('other/charts/audit/templates/job.yaml'), ['audit templates job.yaml', 'shop/charts/audit templates job.yaml'], 'by the innermost name');
    assert.deepEqual(where('shop/templates/hooks/z.yaml'), ['shop templates hooks z.yaml']);
    assert.deepEqual(where('nowhere/templates/x.yaml'), []);
    assert.deepEqual(where('shop/values.yaml'), []);
  });
});
