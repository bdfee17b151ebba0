import * as vscode from 'vscode';
import type { ClusterSession, Driver, HookExplanation, HookInfo, RecordRef, ReleaseEntry, ReleaseInfo, RolledBackFailure } from '../../cluster';
import type { Captures } from '../captures';
import { clusterModule } from './clusterModule';
import { treeItem } from './items';
import { EventNode, HistoryNode, HookNode, MessageNode, NamespaceNode, Node, NoteNode, ReleaseNode, RevisionNode } from './nodes';
import { ViewSettings, viewSettings } from './settings';

export const RELEASES_VIEW = 'helmHooks.releases';

/** Namespaces start expanded when there are this few of them. */
const EXPAND_NAMESPACES = 3;

/**
 * The "Helm Release Hooks" view: a view over the cluster layer's release store. The cluster layer is
 * loaded when the view first asks for rows; records are decoded when a release is expanded or hovered
 * (failed releases at once, to show Helm's failure text).
 */
export class ReleaseTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private session: ClusterSession | undefined;
  private openProblem: Error | undefined;
  private opened = false;
  private subscription: { dispose(): void } | undefined;
  /** Decoded records by record object and version; errors too, so a bad record is not fetched in a loop. */
  private readonly decoded = new Map<string, ReleaseInfo | Error>();
  private readonly decoding = new Set<string>();
  private readonly releaseNodes = new Map<string, ReleaseNode>();
  /** Failed hook runs whose explanation was asked for: read once per run while the view lives. */
  private readonly explained = new Map<string, HookExplanation | 'pending' | Error>();
  private pendingRefresh: Node[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private troubleTimer: NodeJS.Timeout | undefined;
  /** Prunes the capture store as the session's captures close. */
  private captureWatch: vscode.Disposable | undefined;
  /** Sessions being disposed (a capture under way is flushed first): deactivate waits for them. */
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    readonly captures: Captures,
  ) {}

  /** The session the view shows, opening it on first use (undefined while it cannot be opened). */
  current(): ClusterSession | undefined {
    this.ensureOpen();
    return this.session;
  }

  settings(): ViewSettings {
    return viewSettings(this.extension);
  }

  /** Drops everything and reads the cluster again (refresh, context or namespace switched). */
  reload(): void {
    this.close();
    this.opened = false;
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'hook') return treeItem(node, undefined, node.hook.lastRun.phase === 'Failed' ? this.explanation(node.hook, node.info, node) : undefined);
    if (node.kind === 'note' && node.failed !== undefined) return treeItem(node, undefined, this.explanation(node.failed.hook, node.failed.info, node));
    if (node.kind === 'revision') {
      const info = this.decoded.get(recordKey(this.session, node.release.entry, node.ref));
      // A revision row shows Helm's description of what happened in it.
      if (info === undefined) void this.decode(node.release, node.ref, node);
      return treeItem(node, info);
    }
    if (node.kind !== 'release') return treeItem(node);
    const info = this.decoded.get(recordKey(this.session, node.entry));
    // Failed releases are decoded at once: their row shows Helm's failure text. So are releases whose
    // revision before the latest failed: the latest may be the rollback that hid it.
    const failedBefore = this.failedBefore(node.entry);
    if (info === undefined && (node.entry.latest.status === 'failed' || failedBefore !== undefined)) void this.decode(node);
    return treeItem(node, info, undefined, this.rolledBack(node, info, failedBefore));
  }

  async resolveTreeItem(item: vscode.TreeItem, node: Node): Promise<vscode.TreeItem> {
    if (node.kind !== 'release') return item;
    const info = await this.decode(node);
    return treeItem(node, info, undefined, this.rolledBack(node, info, this.failedBefore(node.entry)));
  }

  /** The revision just before the latest, when its labels say it failed. */
  private failedBefore(entry: ReleaseEntry): RecordRef | undefined {
    if (entry.revisions < 2 || this.session === undefined) return undefined;
    const ref = this.session.store.history(entry).find((r) => r.revision === entry.latest.revision - 1);
    return ref?.status === 'failed' ? ref : undefined;
  }

  /** The failure the latest revision rolled back, once both records are decoded (decoding them when not). */
  private rolledBack(node: ReleaseNode, latest: ReleaseInfo | Error | undefined, failed: RecordRef | undefined): RolledBackFailure | undefined {
    if (failed === undefined || latest === undefined || latest instanceof Error) return undefined;
    const previous = this.decoded.get(recordKey(this.session, node.entry, failed));
    if (previous === undefined) {
      void this.decode(node, failed, node);
      return undefined;
    }
    if (previous instanceof Error) return undefined;
    return clusterModule(this.extension).rolledBackAfterFailure(latest, previous, new Date(), this.settings().hookTimeoutMs);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      if (node === undefined) return this.roots();
      switch (node.kind) {
        case 'context':
          return this.namespaces();
        case 'namespace':
          return node.releases.map((e) => this.releaseNode(e));
        case 'release':
          return await this.releaseChildren(node, node.entry.latest);
        case 'revision':
          return await this.releaseChildren(node.release, node.ref, node);
        case 'history':
          return node.revisions.map((ref): RevisionNode => ({ kind: 'revision', id: `${node.id}/${ref.objectName}`, release: node.release, ref }));
        case 'event':
          return node.hooks.hooks.map((hook, i): HookNode => ({
            kind: 'hook',
            id: `${node.id}/${i}:${hook.kind}/${hook.name}`,
            release: node.release,
            revision: node.revision,
            info: node.info,
            event: node.hooks.event,
            hook,
            position: i + 1,
            of: node.hooks.hooks.length,
          }));
        default:
          return [];
      }
    } catch (err) {
      // A view must never fail to draw: whatever went wrong becomes a row.
      this.log.error(`Helm Hooks view: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return [message('internal', `Could not show this: ${err instanceof Error ? err.message : String(err)}`, 'error')];
    }
  }

  dispose(): void {
    this.close();
    this.changed.dispose();
  }

  /** Closes the session and resolves once every session closed so far is disposed (captures flushed). */
  async shutdown(): Promise<void> {
    this.close();
    await Promise.all([...this.closing]);
  }

  private ensureOpen(): void {
    if (this.opened) return;
    this.opened = true;
    if (!vscode.workspace.isTrusted) return;
    const s = this.settings();
    try {
      const cluster = clusterModule(this.extension);
      this.session = cluster.openSession({
        kubeconfig: s.kubeconfig,
        context: s.context,
        namespace: s.namespace,
        drivers: s.drivers as Driver[],
        requestTimeoutMs: s.requestTimeoutMs,
        capture: this.captures.forSession(),
      });
      this.openProblem = undefined;
      this.captureWatch = this.captures.follow(this.session.capture);
      this.subscription = this.session.store.onDidChange(() => this.storeChanged());
      void this.session.store.load();
    } catch (err) {
      this.session = undefined;
      this.openProblem = err instanceof Error ? err : new Error(String(err));
      this.log.warn(`Helm Hooks: ${this.openProblem.message}`);
    }
  }

  private close(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.captureWatch?.dispose();
    this.captureWatch = undefined;
    const session = this.session;
    this.session = undefined;
    if (session !== undefined) {
      const closing = session.dispose().catch((err: unknown) => this.log.warn(`Helm Hooks: closing the session of ${session.target.context}: ${err instanceof Error ? err.message : String(err)}`));
      this.closing.add(closing);
      void closing.finally(() => this.closing.delete(closing));
    }
    this.decoded.clear();
    this.decoding.clear();
    this.releaseNodes.clear();
    this.explained.clear();
    if (this.troubleTimer !== undefined) clearTimeout(this.troubleTimer);
  }

  private storeChanged(): void {
    const trouble = this.session?.store.connectionTrouble;
    if (trouble !== undefined) this.log.warn(`Helm Hooks: ${trouble.problem.message}`);
    this.changed.fire(undefined);
  }

  private roots(): Node[] {
    if (!vscode.workspace.isTrusted) {
      return [
        message('untrusted', 'Cluster access is off in Restricted Mode.', 'info', {
          title: 'Trust this workspace',
          command: 'workbench.trust.manage',
        }, 'Reading a cluster runs the credential plugins your kubeconfig names. Helm Hooks does that only in trusted workspaces.'),
      ];
    }
    this.ensureOpen();
    if (this.session === undefined) {
      const text = this.openProblem?.message ?? 'Cannot open the kube context.';
      return [message('open-failed', text, 'error', { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['helmHooks.kubeconfig'] })];
    }
    const { store, target } = this.session;
    const state = store.state;
    if (state.kind === 'loading') return [message('loading', `Loading Helm releases from ${target.context}…`, 'loading')];
    if (state.kind === 'failed') {
      return [message('failed', state.problem.message, 'error', { title: 'Retry', command: 'helmHooks.refreshReleases' })];
    }
    const rows: Node[] = [];
    const trouble = store.connectionTrouble;
    if (trouble !== undefined) {
      const retry = trouble.retryAt === undefined ? '' : ` Retrying in ${Math.max(1, Math.round((trouble.retryAt - Date.now()) / 1000))} s.`;
      rows.push(message('trouble', `${trouble.problem.message} Showing what was last read.${retry}`, 'warning', { title: 'Retry now', command: 'helmHooks.refreshReleases' }));
    }
    store.messages.forEach((m, i) => rows.push(message(`notice-${i}`, m, 'info')));
    rows.push({
      kind: 'context',
      id: `ctx:${target.context}`,
      context: target.context,
      server: target.server,
      user: target.user,
      scope: this.settings().namespace === undefined ? 'all namespaces' : `namespace ${this.settings().namespace ?? ''}`,
    });
    return rows;
  }

  private namespaces(): Node[] {
    const session = this.session;
    if (session === undefined) return [];
    const releases = session.store.releases();
    if (releases.length === 0) {
      const where = this.settings().namespace === undefined ? 'any namespace' : `namespace ${this.settings().namespace ?? ''}`;
      return [message('empty', `No Helm releases in ${where} of ${session.target.context}.`, 'info', { title: 'Refresh', command: 'helmHooks.refreshReleases' })];
    }
    const byNs = new Map<string, ReleaseEntry[]>();
    for (const r of releases) byNs.set(r.namespace, [...(byNs.get(r.namespace) ?? []), r]);
    return [...byNs].map(([namespace, entries]): NamespaceNode => ({
      kind: 'namespace',
      id: `ns:${session.target.context}/${namespace}`,
      namespace,
      releases: entries,
      expanded: byNs.size <= EXPAND_NAMESPACES,
    }));
  }

  private releaseNode(entry: ReleaseEntry): ReleaseNode {
    const context = this.session?.target.context ?? '';
    const id = `rel:${context}/${entry.key}`;
    let node = this.releaseNodes.get(id);
    // The same object for the same release, so a decoded record can redraw just its row.
    if (node === undefined || node.entry !== entry) {
      node = { kind: 'release', id, entry, context };
      this.releaseNodes.set(id, node);
    }
    return node;
  }

  /** A revision's rows: Helm's failure text, its events and hooks; for the latest, the history too. */
  private async releaseChildren(node: ReleaseNode, ref: RecordRef, revision?: RevisionNode): Promise<Node[]> {
    const info = await this.decode(node, ref, revision);
    const at = `${node.id}@${ref.revision}`;
    if (info instanceof Error) return [note(at, 'record', info.message, 'error', info)];
    const cluster = clusterModule(this.extension);
    const rows: Node[] = [];
    if (revision === undefined) {
      const failed = this.failedBefore(node.entry);
      const rolledBack = failed === undefined ? undefined : await this.rolledBackDecoded(node, info, failed);
      if (failed !== undefined && rolledBack !== undefined) rows.push({ kind: 'revision', id: `${node.id}/rolled-back/${failed.objectName}`, release: node, ref: failed, rolledBack } satisfies RevisionNode);
    }
    if (info.status === 'failed' && info.description) {
      const failed = lastFailed(info.hooks);
      rows.push({ ...note(at, 'failure', info.description, 'error'), ...(failed === undefined ? {} : { failed: { hook: failed, info } }) });
    }
    const events = cluster.hooksByEvent(info, new Date(), { timeoutMs: this.settings().hookTimeoutMs });
    if (events.length === 0) rows.push(note(at, 'no-hooks', 'This revision has no hooks.', 'info'));
    for (const hooks of events) rows.push({ kind: 'event', id: `${at}/${hooks.event}`, release: node, revision: ref, info, hooks } satisfies EventNode);
    if (revision === undefined) {
      const older = this.session?.store.history(node.entry).filter((r) => r.revision !== ref.revision) ?? [];
      if (older.length > 0) rows.push({ kind: 'history', id: `${node.id}/history`, release: node, revisions: older } satisfies HistoryNode);
    }
    return rows;
  }

  private async rolledBackDecoded(node: ReleaseNode, latest: ReleaseInfo, failed: RecordRef): Promise<RolledBackFailure | undefined> {
    const previous = await this.decode(node, failed, node);
    if (previous instanceof Error) return undefined;
    return clusterModule(this.extension).rolledBackAfterFailure(latest, previous, new Date(), this.settings().hookTimeoutMs);
  }

  /** A decoded record (the latest unless `ref` says otherwise); a failure comes back as the Error to show. */
  private async decode(node: ReleaseNode, ref: RecordRef = node.entry.latest, row: Node = node): Promise<ReleaseInfo | Error> {
    const session = this.session;
    const key = recordKey(session, node.entry, ref);
    const known = this.decoded.get(key);
    if (known !== undefined || session === undefined) return known ?? new Error('Not connected.');
    const first = !this.decoding.has(key);
    this.decoding.add(key);
    let result: ReleaseInfo | Error;
    try {
      result = await session.store.info(node.entry, ref);
    } catch (err) {
      result = err instanceof Error ? err : new Error(String(err));
      if (first) this.log.warn(`Helm Hooks: ${node.entry.namespace}/${node.entry.name} rev ${ref.revision}: ${result.message}`);
    }
    if (this.session !== session) return result;
    this.decoding.delete(key);
    if (!this.decoded.has(key)) {
      this.decoded.set(key, result);
      this.redraw(row);
    }
    return result;
  }

  /**
   * Why a failed hook failed, as the cluster says: read when its row is first drawn (never for rows not
   * shown), and the row drawn again when the answer comes.
   */
  private explanation(hook: HookInfo, info: ReleaseInfo, row: Node): HookExplanation | undefined {
    const session = this.session;
    if (session === undefined) return undefined;
    const key = `${info.namespace}/${info.name}@${info.revision}/${hook.kind}/${hook.name}@${hook.lastRun.startedAt?.toISOString() ?? ''}`;
    const known = this.explained.get(key);
    if (known === 'pending' || known instanceof Error) return undefined;
    if (known !== undefined) return known;
    this.explained.set(key, 'pending');
    session.diagnosis.explain(hook, info.namespace).then(
      (x) => {
        if (this.session !== session) return;
        this.explained.set(key, x);
        this.redraw(row);
      },
      (err: unknown) => {
        if (this.session !== session) return;
        this.explained.set(key, err instanceof Error ? err : new Error(String(err)));
        this.log.warn(`Helm Hooks: cannot tell why ${hook.kind}/${hook.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    return undefined;
  }

  /** Redraws rows whose records were decoded, a batch at a time. */
  private redraw(node: Node): void {
    this.pendingRefresh.push(node);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      const nodes = this.pendingRefresh;
      this.pendingRefresh = [];
      this.changed.fire(nodes);
    }, 50);
  }
}

/** The hook whose failure Helm's text reports: the last to start among the failed ones. */
function lastFailed(hooks: readonly HookInfo[]): HookInfo | undefined {
  let found: HookInfo | undefined;
  for (const h of hooks) {
    if (h.lastRun.phase !== 'Failed') continue;
    if (found === undefined || (h.lastRun.startedAt?.getTime() ?? 0) > (found.lastRun.startedAt?.getTime() ?? 0)) found = h;
  }
  return found;
}

function recordKey(session: ClusterSession | undefined, entry: ReleaseEntry, ref: RecordRef = entry.latest): string {
  return `${entry.key}#${ref.objectName}@${session?.store.versionOf(ref) ?? ''}`;
}

function message(id: string, text: string, tone: MessageNode['tone'], action?: MessageNode['action'], detail?: string): MessageNode {
  return { kind: 'message', id: `msg:${id}`, text, tone, action, detail };
}

function note(at: string, id: string, text: string, tone: NoteNode['tone'], problem?: Error): NoteNode {
  return { kind: 'note', id: `${at}/note:${id}`, text, tone, problem };
}
