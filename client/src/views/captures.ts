import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaptureStoreApi, HookCapture, SessionOptions } from '../cluster';
import { clusterModule } from './releases/clusterModule';

export const CAPTURE_ENABLE_SETTING = 'helmHooks.capture.enable';
export const CAPTURE_MAX_MB_SETTING = 'helmHooks.capture.maxMegabytes';

const MIB = 1024 * 1024;
/** Per container: the start and the end of its log are kept within this. */
const PER_CONTAINER_BYTES = MIB;
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
/** After a capture closes, prune once things are quiet (several hooks often end together). */
const PRUNE_DEBOUNCE_MS = 5000;

/**
 * The one capture store of the extension (issue 14), in its global storage, shared by the release view's
 * sessions, Show Hook Logs, the lens and the capture commands. Its class comes with the cluster layer, so it is
 * created on first use only. Problems go to the log channel; what a hook printed never does.
 */
export class Captures implements vscode.Disposable {
  private store: CaptureStoreApi | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The next use makes a store with the new total (sessions reopen: see extension.ts).
        if (e.affectsConfiguration(CAPTURE_MAX_MB_SETTING)) this.store = undefined;
      }),
    ];
  }

  /** Capturing is on: the setting, and never in Restricted Mode (cluster access is off there). */
  enabled(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration().get<boolean>(CAPTURE_ENABLE_SETTING, true);
  }

  /** Where captures are kept: `<global storage>/captures`. */
  root(): string {
    return path.join(this.extension.globalStorageUri.fsPath, 'captures');
  }

  /** The store (created, and pruned, on first use). Reading it works whether or not capturing is on. */
  get(): CaptureStoreApi {
    if (this.store === undefined) {
      const megabytes = Math.max(1, vscode.workspace.getConfiguration().get<number>(CAPTURE_MAX_MB_SETTING, 100));
      this.store = new (clusterModule(this.extension).CaptureStore)(this.root(), { perContainerBytes: PER_CONTAINER_BYTES, totalBytes: Math.round(megabytes * MIB), maxAgeMs: MAX_AGE_MS });
      this.prune();
    }
    return this.store;
  }

  /** What a session captures into, or undefined when capturing is off. */
  forSession(): SessionOptions['capture'] {
    if (!this.enabled()) return undefined;
    return { store: this.get(), onProblem: (message) => this.log.warn(`Helm Hooks capture: ${message}`) };
  }

  /** Prunes the store after each capture that closes (debounced); dispose with the session. */
  follow(capture: HookCapture | undefined): vscode.Disposable {
    if (capture === undefined) return new vscode.Disposable(() => undefined);
    let active = capture.active().length;
    const sub = capture.onDidChange(() => {
      const now = capture.active().length;
      if (now < active) this.schedulePrune();
      active = now;
    });
    return new vscode.Disposable(() => sub.dispose());
  }

  dispose(): void {
    if (this.pruneTimer !== undefined) clearTimeout(this.pruneTimer);
    for (const s of this.subscriptions) s.dispose();
  }

  private schedulePrune(): void {
    if (this.pruneTimer !== undefined) clearTimeout(this.pruneTimer);
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = undefined;
      this.prune();
    }, PRUNE_DEBOUNCE_MS);
  }

  private prune(): void {
    const store = this.store;
    if (store === undefined || this.pruning !== undefined) return;
    this.pruning = store
      .prune()
      .then(
        (r) => {
          if (r.removedRuns > 0) this.log.info(`Helm Hooks capture: pruned ${r.removedRuns} captured run${r.removedRuns === 1 ? '' : 's'} (${Math.round(r.freedBytes / 1024)} KB).`);
        },
        (err: unknown) => this.log.warn(`Helm Hooks capture: pruning the captures failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => (this.pruning = undefined));
  }
}
