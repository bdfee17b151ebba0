import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { PlanDocuments } from '../planDocument';

/**
 * Helm Hooks: Show Hook Execution Plan. For the chart of the active file (or of the file a code lens
 * passes), opens a read-only Markdown document: each event in lifecycle order with its hooks in the order
 * Helm runs them, and links to their templates.
 */
export function showExecutionPlan(ctx: Ctx): (...args: unknown[]) => Promise<void> {
  const plans = new PlanDocuments(ctx);
  return async (...args: unknown[]) => {
    const given = args[0];
    const source =
      given instanceof vscode.Uri ? given : typeof given === 'string' ? vscode.Uri.parse(given) : vscode.window.activeTextEditor?.document.uri;
    if (source === undefined) {
      void vscode.window.showInformationMessage('Helm Hooks: open a chart template to see its hook execution plan.');
      return;
    }
    try {
      const uri = await plans.open(source);
      if (uri === undefined) {
        void vscode.window.showInformationMessage(`Helm Hooks: ${vscode.workspace.asRelativePath(source)} is not in a Helm chart (no Chart.yaml above it).`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (err) {
      ctx.output.error(`Show Hook Execution Plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void vscode.window.showErrorMessage(`Helm Hooks: could not compute the hook execution plan (${err instanceof Error ? err.message : String(err)}).`);
    }
  };
}
