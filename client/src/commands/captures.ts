import * as vscode from 'vscode';
import type { CaptureMeta } from '../cluster';
import { Ctx } from '../ctx';
import { readCapture, showCaptured } from '../views/capturedLogs';
import { clusterModule } from '../views/releases/clusterModule';

interface RunItem extends vscode.QuickPickItem {
  meta?: CaptureMeta;
}

/** Notes a user wants to know of before opening a capture (the routine ones are in the document). */
const TELLING_NOTES = new Set(['gap', 'pod-gone-unread', 'problem']);

/**
 * Show Captured Hook Runs: every captured run of every context, grouped by release, newest first; picking one
 * opens the document Show Hook Logs would show for it. This is where captures are found once the release
 * records are gone (`helm uninstall` without --keep-history).
 */
export function showCapturedRuns(ctx: Ctx): () => Promise<CaptureMeta | undefined> {
  return async () => {
    const cluster = clusterModule(ctx.extension);
    let metas: CaptureMeta[];
    try {
      metas = await ctx.captures.get().listAll();
    } catch (err) {
      void vscode.window.showErrorMessage(`Helm Hooks: cannot list the captured hook runs: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    if (metas.length === 0) {
      const off = ctx.captures.enabled() ? '' : ' Capture is off (helmHooks.capture.enable).';
      void vscode.window.showInformationMessage(`Helm Hooks: no hook run has been captured.${off} Runs are captured while the Helm Release Hooks view is connected to their cluster.`);
      return undefined;
    }
    const now = new Date();
    // Releases in the order of their newest run (the list is newest first), each release's runs newest first.
    const groups = new Map<string, CaptureMeta[]>();
    for (const m of metas) {
      const g = `${m.key.context} · ${m.key.namespace}/${m.key.release}`;
      groups.set(g, [...(groups.get(g) ?? []), m]);
    }
    const items: RunItem[] = [];
    for (const [group, runs] of groups) {
      items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
      for (const m of runs) {
        const startedAt = new Date(m.key.startedAt || m.capturedFrom);
        const note = m.notes.find((n) => TELLING_NOTES.has(n.kind));
        const lines = m.containers.reduce((sum, c) => sum + c.lines, 0);
        items.push({
          label: `${m.key.hookKind}/${m.key.hookName}`,
          description: `rev ${m.key.revision} · ${cluster.outcomeOf(m)} · ${cluster.localTime(startedAt, now)}`,
          detail: note?.text ?? `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}`,
          meta: m,
        });
      }
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Captured Hook Runs', placeHolder: 'Pick a captured hook run to show its logs', matchOnDescription: true, matchOnDetail: true });
    if (picked?.meta === undefined) return undefined;
    const run = await readCapture(ctx, picked.meta.key);
    if (run === undefined) {
      void vscode.window.showWarningMessage(`Helm Hooks: the capture of ${picked.label} is gone (pruned or cleared).`);
      return undefined;
    }
    await showCaptured(ctx, run, { now: new Date() });
    return picked.meta;
  };
}

/** Clear Captured Hook Logs: after a modal confirmation, removes every capture not being written now. */
export function clearCaptures(ctx: Ctx): () => Promise<number | undefined> {
  return async () => {
    const answer = await vscode.window.showWarningMessage(
      'Remove every captured hook log?',
      { modal: true, detail: 'Logs and events captured while hooks ran, in every kube context, are deleted from this machine. Runs being captured right now are kept.' },
      'Remove',
    );
    if (answer !== 'Remove') return undefined;
    try {
      const removed = await ctx.captures.get().clear();
      void vscode.window.showInformationMessage(`Helm Hooks: Removed ${removed} captured run${removed === 1 ? '' : 's'}.`);
      return removed;
    } catch (err) {
      void vscode.window.showErrorMessage(`Helm Hooks: cannot clear the captured hook logs: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };
}
