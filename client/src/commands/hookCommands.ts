import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { clusterModule } from '../views/releases/clusterModule';
import { ManifestDocuments } from '../views/manifestDocuments';
import { HookNode } from '../views/releases/nodes';
import { templateOf } from '../workspaceCharts';

function hookNode(arg: unknown): HookNode | undefined {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'hook' ? (arg as HookNode) : undefined;
}

/** Show Hook Manifest: the manifest Helm stored for a hook, read-only, Secret values redacted. */
export function showHookManifest(ctx: Ctx): (...args: unknown[]) => Promise<void> {
  const docs = new ManifestDocuments();
  ctx.extension.subscriptions.push(docs.register());
  return async (arg: unknown) => {
    const node = hookNode(arg);
    if (node === undefined) {
      void vscode.window.showInformationMessage('Helm Hooks: pick a hook in the Helm Release Hooks view to see its manifest.');
      return;
    }
    const { hook, info } = node;
    const shown = clusterModule(ctx.extension).redactManifest(hook.manifest);
    const text =
      shown === undefined
        ? `# The stored manifest of ${hook.kind}/${hook.name} cannot be parsed, and it may hold Secret data: it is not shown.\n`
        : `# ${hook.kind}/${hook.name}: hook of release ${info.name} (namespace ${info.namespace}, revision ${info.revision}), as Helm stored it.\n# Template: ${hook.path}. Secret data values are redacted.\n${shown}`;
    const uri = docs.put(`/${info.namespace}/${info.name}/rev-${info.revision}/${hook.kind}-${hook.name}.yaml`, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true });
  };
}

/**
 * Open Hook Template: the workspace file a hook came from. Helm stores `CHART/templates/...` (subcharts
 * `PARENT/charts/SUB/templates/...`); the chart is found by the `name` in its Chart.yaml.
 */
export function openHookTemplate(ctx: Ctx): (...args: unknown[]) => Promise<void> {
  return async (arg: unknown) => {
    const node = hookNode(arg);
    if (node === undefined) {
      void vscode.window.showInformationMessage('Helm Hooks: pick a hook in the Helm Release Hooks view to open its template.');
      return;
    }
    const found = await templateOf(node.hook.path);
    if (found === undefined) {
      const chart = node.hook.path.split('/')[0] ?? '';
      void vscode.window.showInformationMessage(`Helm Hooks: no chart named "${chart}" with ${node.hook.path} in this workspace.`);
      return;
    }
    ctx.output.info(`Open Hook Template: ${node.hook.path} -> ${found.fsPath}`);
    await vscode.window.showTextDocument(found, { preview: true });
  };
}
