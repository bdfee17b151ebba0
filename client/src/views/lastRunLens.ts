import * as vscode from 'vscode';
import type { ChartRelease, PlacedTemplateHook, TemplateRun } from '../cluster';
import { storedPathsOf } from '../workspaceCharts';
import { clusterModule, clusterModuleLoaded } from './releases/clusterModule';
import { ago, duration, when } from './releases/format';
import { HookNode, ReleaseNode } from './releases/nodes';
import { ReleaseTreeProvider } from './releases/provider';

export const LAST_RUN_LENS_SETTING = 'helmHooks.lastRunLens.enable';

/** Phases whose pods are worth a look: Show logs is offered for them. */
const LOGS_WORTH_SHOWING = new Set(['Failed', 'Running', 'Stale']);

/**
 * Over each hook object of a chart template: its last run in the current kube context's releases of
 * that chart, and Show logs when it failed or runs. Only while the release view has a session open:
 * lenses never load the cluster layer nor read a cluster on their own.
 */
export class LastRunLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private debounce: NodeJS.Timeout | undefined;
  private tick: NodeJS.Timeout | undefined;
  /** Failed runs whose explanation was asked for (once each: a failure to read is not retried in a loop). */
  private readonly asked = new Set<string>();

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly releases: ReleaseTreeProvider,
  ) {
    this.subscriptions = [
      // The view refreshes as a whole when its session is replaced or its store changes.
      releases.onDidChangeTreeData((e) => {
        if (e === undefined) this.refresh(300);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(LAST_RUN_LENS_SETTING)) this.refresh(0);
      }),
    ];
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration().get<boolean>(LAST_RUN_LENS_SETTING, true)) return [];
    const shown = await documentRuns(this.extension, this.releases, doc, token);
    if (shown === undefined) return [];
    const { hooks, runs, found, context, now } = shown;
    const session = this.releases.current();
    const lenses: vscode.CodeLens[] = [];
    hooks.forEach((h, i) => {
      const run = runs[i];
      if (run === undefined) return;
      const range = new vscode.Range(h.line, 0, h.line, 0);
      const why = session === undefined ? undefined : this.explanation(session, run);
      lenses.push(new vscode.CodeLens(range, { title: titleOf(run, now) + (why === undefined ? '' : `: ${short(why)}`), tooltip: tooltipOf(run) + (why === undefined ? '' : `\n${why}`), command: '' }));
      const entry = chartReleaseOf(run, found);
      if (entry !== undefined && LOGS_WORTH_SHOWING.has(run.last.phase)) {
        lenses.push(new vscode.CodeLens(range, { title: 'Show logs', tooltip: 'Show Hook Logs', command: 'helmHooks.showHookLogs', arguments: [hookNode(run, entry, context)] }));
      }
    });
    // "3 min ago" ages: draw again in a minute while times are shown.
    if (lenses.length > 0) {
      this.tick ??= setTimeout(() => {
        this.tick = undefined;
        this.changed.fire();
      }, 60_000);
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    clearTimeout(this.debounce);
    clearTimeout(this.tick);
    this.changed.dispose();
  }

  /** The cluster's cause of a failed run, once read; asks for it (and redraws when it comes) otherwise. */
  private explanation(session: NonNullable<ReturnType<ReleaseTreeProvider['current']>>, run: TemplateRun): string | undefined {
    const r = run.last;
    if (r.phase !== 'Failed') return undefined;
    const known = session.diagnosis.peek(r.hook, r.namespace);
    if (known !== undefined) return known.basis === 'none' ? undefined : known.sentence;
    const key = `${session.target.context}/${r.namespace}/${r.release}@${r.revision}/${r.hook.kind}/${r.hook.name}`;
    if (this.asked.has(key)) return undefined;
    this.asked.add(key);
    session.diagnosis.explain(r.hook, r.namespace).then(
      () => this.refresh(0),
      () => undefined,
    );
    return undefined;
  }

  private refresh(ms: number): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.changed.fire(), ms);
  }
}

/** A template's hooks with their last runs in the view's session; undefined when there is nothing to show. */
export interface DocumentRuns {
  hooks: PlacedTemplateHook[];
  runs: (TemplateRun | undefined)[];
  found: ChartRelease[];
  context: string;
  now: Date;
}

/**
 * The last runs of a template's hooks. Only while the release view has a session open: neither lenses
 * nor Problems entries load the cluster layer or read a cluster on their own.
 */
export async function documentRuns(extension: vscode.ExtensionContext, releases: ReleaseTreeProvider, doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentRuns | undefined> {
  // clusterModuleLoaded: the view (or a command of it) opened a session this window; current() then
  // hands that session back, or reopens it after a reload the view asked for.
  if (!vscode.workspace.isTrusted || !clusterModuleLoaded()) return undefined;
  const session = releases.current();
  if (session === undefined) return undefined;
  const paths = await storedPathsOf(doc.uri);
  if (paths.length === 0 || token?.isCancellationRequested) return undefined;
  const cluster = clusterModule(extension);
  const hooks = cluster.templateHooksOf(paths[0].path, doc.getText());
  if (hooks.length === 0) return undefined;
  const found = await cluster.releasesOfChart(session.store, paths.map((p) => p.chart));
  if (token?.isCancellationRequested || releases.current() !== session) return undefined;
  const now = new Date();
  const runs = cluster.templateRuns(hooks, paths.map((p) => p.path), found.flatMap((f) => (f.failedBefore === undefined ? [f.info] : [f.info, f.failedBefore])), { now, timeoutMs: releases.settings().hookTimeoutMs });
  return { hooks, runs, found, context: session.target.context, now };
}

/** The release entry a run was read from. */
export function chartReleaseOf(run: TemplateRun, found: readonly ChartRelease[]): ChartRelease | undefined {
  return found.find((f) => f.info === run.last.info || f.failedBefore === run.last.info);
}

/** `post-upgrade: Failed 3 min ago in shop (rev 7) (+2 releases)`. */
function titleOf(run: TemplateRun, now: Date): string {
  const r = run.last;
  const where = `in ${r.release} (rev ${r.revision})`;
  if (r.phase === '') return `${r.event}: not run ${where}`;
  const alsoFailed = run.failures > 1 ? `, ${run.failures - 1} failed` : '';
  const more = run.others > 0 ? ` (+${run.others} release${run.others === 1 ? '' : 's'}${alsoFailed})` : '';
  let state: string;
  if (r.phase === 'Running') state = r.hook.lastRun.durationMs === undefined ? 'Running' : `Running for ${duration(r.hook.lastRun.durationMs)}`;
  else if (r.phase === 'Stale') state = r.startedAt === undefined ? 'Stale' : `Stale, started ${ago(r.startedAt, now)}`;
  else {
    const at = r.completedAt ?? r.startedAt;
    state = at === undefined ? r.phase : `${r.phase} ${ago(at, now)}`;
  }
  return `${r.event}: ${state} ${where}${more}`;
}

/** A lens is one line: the cause, cut short (the tooltip has all of it). */
function short(sentence: string): string {
  return sentence.length > 120 ? `${sentence.slice(0, 119)}…` : sentence;
}

function tooltipOf(run: TemplateRun): string {
  const r = run.last;
  const lines = [
    `${r.hook.kind}/${r.hook.name}: ${r.event} hook ${r.position} of ${r.of} of release ${r.release} (namespace ${r.namespace}, revision ${r.revision})`,
    `Started: ${when(r.startedAt)}. Completed: ${when(r.completedAt)}.`,
  ];
  if (r.staleReason !== undefined) lines.push(r.staleReason);
  if (run.latest !== undefined) {
    const l = run.latest;
    lines.push(`Shown before its latest run, ${l.event}: ${l.phase} in ${l.release} (rev ${l.revision}) at ${when(l.startedAt ?? l.completedAt)}, because it failed.`);
  }
  if (run.others > 0) lines.push(`${run.others} other release${run.others === 1 ? '' : 's'} of the chart ran it too: see the Helm Release Hooks view.`);
  return lines.join('\n');
}

/** The argument Show Hook Logs takes from the view's rows. */
export function hookNode(run: TemplateRun, { entry }: ChartRelease, context: string): HookNode {
  const release: ReleaseNode = { kind: 'release', id: `rel:${context}/${entry.key}`, entry, context };
  const { hook, event, position, of, info } = run.last;
  // The run may be in the failed revision a rollback followed rather than in the latest.
  const revision = info.revision === entry.latest.revision ? entry.latest : { ...entry.latest, revision: info.revision, status: info.status, objectName: `sh.helm.release.v1.${entry.name}.v${info.revision}`, payload: undefined, payloadChars: 0 };
  return { kind: 'hook', id: `${release.id}@${revision.revision}/${event}/${position - 1}:${hook.kind}/${hook.name}`, release, revision, info, event, hook, position, of };
}
