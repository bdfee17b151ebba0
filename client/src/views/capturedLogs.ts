import * as vscode from 'vscode';
import type { CapturedDocumentOptions, CapturedRun, HookInfo, ReleaseInfo, RunKey } from '../cluster';
import { Ctx } from '../ctx';
import { CAPTURE_ENABLE_SETTING } from './captures';
import { clusterModule } from './releases/clusterModule';

// The VS Code side of showing a capture: which run a hook row stands for, reading it, and opening its document.
// The text itself is the cluster layer's (capture/document.ts), one formatter for every way in.

/** The run of a hook as the capture keys it: the record's revision and `last_run.started_at`. */
export function runKeyOf(context: string, info: ReleaseInfo, hook: HookInfo): RunKey {
  return { context, namespace: info.namespace, release: info.name, revision: info.revision, hookKind: hook.kind, hookName: hook.name, startedAt: hook.lastRun.startedAt?.toISOString() ?? '' };
}

/** The capture of a run, or undefined (none, or unreadable: said in the log, never thrown at the user). */
export async function readCapture(ctx: Ctx, key: RunKey): Promise<CapturedRun | undefined> {
  try {
    return await ctx.captures.get().read(key);
  } catch (err) {
    ctx.output.warn(`Helm Hooks capture: cannot read the capture of ${key.hookKind}/${key.hookName}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Why there is no capture to show, under the diagnosis of a hook whose pods are gone. */
export function notCapturedLine(ctx: Ctx): string {
  return ctx.captures.enabled() || !vscode.workspace.isTrusted
    ? '# Not captured: no Helm Hooks window was watching this cluster while it ran.\n'
    : `# Not captured: capture is off (${CAPTURE_ENABLE_SETTING}).\n`;
}

/** The document's path: the same for Show Hook Logs and Show Captured Hook Runs. */
export function logPath(key: Pick<RunKey, 'namespace' | 'release' | 'revision' | 'hookKind' | 'hookName'>): string {
  return `/${key.namespace}/${key.release}/rev-${key.revision}/${key.hookKind}-${key.hookName}.log`;
}

/** Opens a captured run read-only, as Show Hook Logs shows it. */
export async function showCaptured(ctx: Ctx, run: CapturedRun, opts: CapturedDocumentOptions = {}): Promise<vscode.TextDocument> {
  const text = clusterModule(ctx.extension).capturedDocument(run, opts);
  const { uri } = ctx.logs.open(logPath(run.meta.key), text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}
