import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, open, waitFor, workspaceDir } from '../util';

// Runs in the `cluster` mode after releases.test.ts, against the releases scripts/host/cluster.mjs seeded from
// test/cluster/fixtures/charts/hooks-smoke: view-ok (installed, hooks passed) and view-fail (revision 2 failed on
// its post-upgrade Job, which exits 3).
interface Seed {
  seed: Record<'ok' | 'failed', { release: string; namespace: string; helm: number }>;
}
const cluster = JSON.parse(process.env.HELM_HOOKS_HOST_CLUSTER ?? 'null') as Seed | null;

/** The chart helm installed, as a user would have it in the workspace. */
function chartTemplate(name: string): vscode.Uri {
  const chart = path.join(workspaceDir(), 'charts-from-cluster', 'hooks-smoke');
  if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) {
    fs.cpSync(path.join(process.env.HELM_HOOKS_REPO ?? '', 'test', 'cluster', 'fixtures', 'charts', 'hooks-smoke'), chart, { recursive: true });
  }
  return vscode.Uri.file(path.join(chart, 'templates', name));
}

/** The lenses of a file once one of them matches `title` (the server's hook-order lenses come too). */
async function lensesWhere(uri: vscode.Uri, title: RegExp): Promise<vscode.CodeLens[]> {
  let seen: string[] = [];
  try {
    return await waitFor(`a lens like ${title}`, async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      seen = lenses.map((l) => l.command?.title ?? '');
      return seen.some((t) => title.test(t)) ? lenses : undefined;
    }, 30_000, 200);
  } catch (e) {
    throw new Error(`${(e as Error).message} (lenses seen: ${seen.join(' | ') || 'none'})`);
  }
}

describe('last run lens in chart templates', function () {
  this.timeout(120_000);
  before(async function () {
    if (cluster === null) throw new Error('HELM_HOOKS_HOST_CLUSTER is not set: run through scripts/host/run.mjs (cluster mode)');
    const { releases } = (await activeExtension()).exports;
    // The lens reads only a cluster the release view has connected to.
    await vscode.commands.executeCommand('workbench.view.extension.helmHooks');
    await waitFor('the release view connected', async () => ((await releases.getChildren()) ?? []).length > 0 || undefined, 30_000, 100);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("shows the failed post-upgrade run of view-fail over the hook, and opens its logs from the lens", async () => {
    const s = cluster!.seed.failed;
    const uri = chartTemplate('post-upgrade-job.yaml');
    const editor = await open(uri);
    const title = new RegExp(`^post-upgrade: Failed (just now|\\d.* ago) in ${s.release} \\(rev 2\\)(: .+)?$`);
    const lenses = await lensesWhere(uri, title);
    const run = lenses.find((l) => title.test(l.command?.title ?? ''))!;
    const objectLine = editor.document.getText().split('\n').findIndex((l) => l.startsWith('apiVersion:'));
    assert.equal(run.range.start.line, objectLine, 'the lens sits over the hook object');

    const logs = lenses.find((l) => l.command?.title === 'Show logs' && l.range.start.line === run.range.start.line);
    assert.ok(logs?.command, 'a Show logs lens beside a failed run');
    await vscode.commands.executeCommand(logs.command.command, ...((logs.command.arguments ?? []) as unknown[]));
    const doc = await waitFor('the logs of the failed hook', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'helm-hooks-logs' && /exit code 3/.test(d.getText()) ? d : undefined;
    }, 30_000, 100);
    assert.match(doc.getText(), new RegExp(`release ${s.release} \\(namespace ${s.namespace}, revision 2\\), last run Failed`));
    assert.match(doc.getText(), /table users is locked/);
  });

  it('shows a passed pre-install run, and no Show logs for it', async () => {
    const s = cluster!.seed.ok;
    const uri = chartTemplate('pre-install-job.yaml');
    await open(uri);
    // view-fail's latest revision is an upgrade, where pre-install did not run: view-ok's install is the last run.
    const title = new RegExp(`^pre-install: Succeeded (just now|\\d.* ago) in ${s.release} \\(rev 1\\)$`);
    const lenses = await lensesWhere(uri, title);
    assert.ok(!lenses.some((l) => l.command?.title === 'Show logs'), 'no logs offered for a run that passed');
  });

  it('shows nothing once turned off in the settings', async () => {
    const uri = chartTemplate('post-upgrade-job.yaml');
    await lensesWhere(uri, / in view-fail \(rev 2\)(: .+)?$/);
    const config = vscode.workspace.getConfiguration('helmHooks');
    await config.update('lastRunLens.enable', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('no last-run lenses', async () => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
        return lenses.some((l) => / in view-\w+ \(rev \d+\)|^Show logs$/.test(l.command?.title ?? '')) ? undefined : true;
      }, 10_000, 100);
    } finally {
      await config.update('lastRunLens.enable', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
