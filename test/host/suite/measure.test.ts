import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { label, rows } from '../releaseRows';
import { activeExtension, recordMetric, say, waitFor } from '../util';

// The `measure` run of bench/host/package.mjs (not a test tier): the installed package's activation, and the time
// from revealing the Helm Hooks view to its first release row, against the seeded local cluster.
describe('installed package figures', function () {
  this.timeout(120_000);

  it('activates, and shows a release row after the view is revealed', async () => {
    const ext = await activeExtension();
    const { releases } = ext.exports;
    assert.equal(ext.exports.clusterLoaded(), false, 'nothing read the cluster before the view opened');
    const t0 = performance.now();
    await vscode.commands.executeCommand('workbench.view.extension.helmHooks');
    const release = await waitFor('a release row', async () => {
      const context = (await rows(releases)).find((r) => r.item.contextValue === 'helmHooks.context');
      if (!context) return undefined;
      for (const ns of await rows(releases, context)) {
        const rel = (await rows(releases, ns)).find((r) => String(r.item.contextValue ?? '').startsWith('helmHooks.release.'));
        if (rel) return rel;
      }
      return undefined;
    }, 60_000, 10);
    const firstReleaseRowMs = performance.now() - t0;
    say(`      activation ${ext.exports.activationMs.toFixed(1)} ms; first release row (${label(release)}) ${firstReleaseRowMs.toFixed(0)} ms after revealing the view`);
    recordMetric('activationMs', Number(ext.exports.activationMs.toFixed(1)));
    recordMetric('serverStartMs', Number(ext.exports.serverStartMs()?.toFixed(1)));
    recordMetric('firstReleaseRowMs', Number(firstReleaseRowMs.toFixed(1)));
  });
});
