import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, codeOf, fileUri, open, say, screenshot, waitFor } from '../util';

/** What the command returns (client/src/commands/showRenderedPlan.ts). */
type Result = { uri: string; kind: string; markdown: string; findings: { file: string; line: number; code: string }[] } | { notRun: string } | undefined;

const COMMAND = 'helmHooks.showRenderedExecutionPlan';
const RENDERED = 'helm-hooks (rendered)';

/**
 * The rendered plan with the real helm, on the fixture chart `rendered-chart` (events, weights and names from values
 * and helpers, a hook switched on by values-prod.yaml, an event Helm does not know). helm comes from
 * HELM_HOOKS_TEST_HELM (scripts/host/run.mjs: helm 3.18 of the cluster cache); without it this suite fails.
 */
describe('rendered hook execution plan (the real helm)', function () {
  this.timeout(120_000);
  const helm = process.env.HELM_HOOKS_TEST_HELM ?? '';
  const uri = (rel: string): vscode.Uri => fileUri(`rendered-chart/${rel}`);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('helmHooks');

  before(async () => {
    assert.ok(helm !== '' && fs.existsSync(helm), `helm is needed for this suite: HELM_HOOKS_TEST_HELM (${helm || 'unset'}) must name it (provision it: scripts/cluster/provision.sh)`);
    await config().update('helmPath', helm, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('render.onSave', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('helmPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('renders the chart of the active file with the values files given and shows rendered names, the dropped hook and the findings', async () => {
    await open(uri('templates/migrate.yaml'));
    await activeExtension();
    const r = await vscode.commands.executeCommand<Result>(COMMAND, undefined, { values: ['values-prod.yaml'] });
    assert.ok(r !== undefined && 'uri' in r, `rendered: ${JSON.stringify(r)}`);
    assert.equal(r.kind, 'rendered', r.markdown);
    const plan = await waitFor('the rendered plan document', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'helm-hooks-rendered-plan' ? e : undefined;
    });
    const text = plan.document.getText();
    say('      rendered plan: %s (%s)', plan.document.uri.toString(), plan.document.languageId);
    assert.equal(plan.document.languageId, 'markdown');
    const has = (line: string): void => assert.ok(text.includes(line), `missing ${line} in\n${text}`);
    has('Rendered by helm with values.yaml + values-prod.yaml');
    // Rendered names, weights from values (-2 from values-prod.yaml), delete policies.
    has('| 1 | Job | `release-name-aaa-seed` | -2 | before-hook-creation (default) | [templates/seed.yaml:1](templates/seed.yaml#L1) |');
    has('| 2 | Job | `release-name-rendered-chart-migrate` | 3 | before-hook-creation, hook-succeeded | [templates/migrate.yaml:1](templates/migrate.yaml#L1) |');
    // Switched on by values-prod.yaml.
    has('| 1 | Job | `release-name-rendered-chart-backup` | 0 (default) | before-hook-creation | [templates/backup.yaml:2](templates/backup.yaml#L2) |');
    // Dropped by Helm's sorter (an unknown event from values), at its template and line.
    assert.match(text, /## Not run: dropped by Helm\n\n- ConfigMap `release-name-rendered-chart-typo`: `helm.sh\/hook: pre-instal` .*\(\[templates\/typo\.yaml:2\]\(templates\/typo\.yaml#L2\)\)/);
    assert.match(text, /## Findings with these values\n\n- \*\*error\*\* `unknown-hook-event` \[templates\/typo\.yaml:2\]/);
    assert.deepEqual(r.findings.map((f) => `${f.code} ${path.basename(f.file)}:${f.line}`), ['unknown-hook-event typo.yaml:1']);
    await screenshot('rendered-plan');

    const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', plan.document.uri)) ?? [];
    const targets = links.map((l) => l.target?.toString() ?? '');
    assert.ok(targets.includes(uri('templates/typo.yaml').with({ fragment: 'L2' }).toString()), `a link to typo.yaml#L2 among ${targets.join(', ')}`);
  });

  it('with the chart defaults, lists the hook values switch off and resolves the tie by the rendered names', async () => {
    const r = await vscode.commands.executeCommand<Result>(COMMAND, uri('templates/seed.yaml'), { values: [] });
    assert.ok(r !== undefined && 'markdown' in r && r.kind === 'rendered', JSON.stringify(r));
    assert.match(r.markdown, /## Switched off by these values\n\n- Job `\{\{ include "rc.fullname" \. \}\}-backup` \(`templates\/backup\.yaml:2`\)/);
    assert.match(r.markdown, /\*\*pre-install\*\*, weight 3: 1\. "release-name-aaa-seed", 2\. "release-name-rendered-chart-migrate"/);
  });

  it('says where helm template failed (`required`), at the template helm names', async () => {
    const failing = uri('templates/needs.yaml');
    fs.writeFileSync(failing.fsPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: needs\n  annotations:\n    x: {{ required "dbHost is required" .Values.dbHost }}\n');
    try {
      const r = await vscode.commands.executeCommand<Result>(COMMAND, failing, { values: [] });
      assert.ok(r !== undefined && 'markdown' in r, JSON.stringify(r));
      assert.equal(r.kind, 'failed', r.markdown);
      assert.match(r.markdown, /\*\*helm template failed\*\* at \[templates\/needs\.yaml:6\]\(templates\/needs\.yaml#L6\)/);
      assert.match(r.markdown, /dbHost is required/);
    } finally {
      fs.rmSync(failing.fsPath, { force: true });
    }
  });

  it('with helmHooks.render.onSave, saving a template publishes the rendered findings once per (rule, file, line)', async () => {
    await config().update('render.onSave', true, vscode.ConfigurationTarget.Workspace);
    // A literal typo: the server's static finding and the rendered one are on the same rule, file and line.
    const literal = uri('templates/literal.yaml');
    fs.writeFileSync(literal.fsPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: literal\n  annotations:\n    helm.sh/hook: post-instal\n');
    after(() => fs.rmSync(literal.fsPath, { force: true }));
    await open(literal);
    const staticOnes = await waitFor('the static diagnostic on literal.yaml', () => {
      const ds = vscode.languages.getDiagnostics(literal).filter((d) => d.source === 'helm-hooks');
      return ds.length > 0 ? ds : undefined;
    });
    assert.deepEqual(staticOnes.map((d) => `${codeOf(d)}:${d.range.start.line}`), ['unknown-hook-event:5']);
    const typo = uri('templates/typo.yaml');
    const editor = await open(typo);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# saved\n'));
    await editor.document.save();
    const rendered = await waitFor('the rendered diagnostic on typo.yaml', () => {
      const ds = vscode.languages.getDiagnostics(typo).filter((d) => d.source === RENDERED);
      return ds.length > 0 ? ds : undefined;
    }, 60_000);
    say('      on save: %s', rendered.map((d) => `${codeOf(d)} line ${d.range.start.line + 1}`).join('; '));
    assert.deepEqual(rendered.map((d) => `${codeOf(d)}:${d.range.start.line}`), ['unknown-hook-event:2'], 'after the inserted line');
    assert.match(rendered[0].message, /rendered with values\.yaml; helm template leaves this object out/);
    // The same render found the literal typo too: shown once, as the server's static finding.
    const onLiteral = vscode.languages.getDiagnostics(literal).map((d) => `${d.source} ${codeOf(d)}:${d.range.start.line}`);
    assert.deepEqual(onLiteral, ['helm-hooks unknown-hook-event:5']);
    await editor.edit((b) => b.delete(new vscode.Range(0, 0, 1, 0)));
    await editor.document.save();
  });
});
