import * as vscode from 'vscode';
import type { ClusterSession, CollectedTest, HelmTestResult, HookInfo, ReleaseEntry } from '../cluster';
import { Ctx } from '../ctx';
import { clusterModule } from '../views/releases/clusterModule';
import { Node } from '../views/releases/nodes';

const HELM_PATH = 'helmHooks.helmPath';

/** What a run was asked for: a release, for one test its hook's name, and the context of the row asked on. */
interface Target {
  entry: ReleaseEntry;
  single: string | undefined;
  context: string | undefined;
}

/**
 * Run Helm Tests: `helm test` on a release (a tree row, or one picked from the palette), or on one test hook
 * (`--filter name=`). helm's output and each test's logs stream to the "Helm Tests" output as the tests end;
 * a cancellable notification shows progress; the result is one sentence. Resolves with the result (for
 * tests), or undefined when nothing ran.
 */
/** What a run gave, or the message shown instead of running (nothing when the user dismissed a picker). */
export type RunHelmTestsResult = HelmTestResult | { notRun: string } | undefined;

export function runHelmTests(ctx: Ctx): (...args: unknown[]) => Promise<RunHelmTestsResult> {
  const running = runsOf(ctx.extension);

  return async (arg: unknown) => {
    if (!vscode.workspace.isTrusted) {
      return notRun(vscode.window.showWarningMessage, 'Helm Hooks: running helm is off in Restricted Mode. Trust this workspace to run helm test.');
    }
    const session = ctx.releases.current();
    if (session === undefined) {
      return notRun(vscode.window.showWarningMessage, 'Helm Hooks: not connected to a cluster; open the Helm Release Hooks view to see why.');
    }
    const target = targetOf(arg) ?? (await pickRelease(session));
    if (target === undefined) return undefined;
    // A row drawn before a context switch must not send helm to the cluster the view shows now.
    if (target.context !== undefined && target.context !== session.target.context) {
      return notRun(vscode.window.showWarningMessage, `Helm Hooks: that row is from kube context ${target.context}, and the view now shows ${session.target.context}. Nothing was run.`);
    }
    const out = channelOf(ctx.extension);
    const key = `${session.target.context}/${target.entry.key}`;
    if (running.has(key)) {
      out.show(true);
      return notRun(vscode.window.showInformationMessage, `Helm Hooks: helm test ${target.entry.name} is already running.`);
    }
    // Taken before the first await: a double click must not start a second helm on the same release.
    const slot = { cancel: (): void => undefined };
    running.set(key, slot);
    try {
      return await runOnce(ctx, session, target, out, slot);
    } catch (err) {
      return notRun(vscode.window.showErrorMessage, `Helm Hooks: helm test ${target.entry.name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running.delete(key);
    }
  };
}

async function runOnce(ctx: Ctx, session: ClusterSession, target: Target, out: vscode.OutputChannel, slot: { cancel(): void }): Promise<RunHelmTestsResult> {
  const cluster = clusterModule(ctx.extension);
  const config = vscode.workspace.getConfiguration('helmHooks');
  let helm: string;
  try {
    helm = cluster.locateHelm(config.get<string>('helmPath'));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void offerHelmPath(message);
    return { notRun: `Helm Hooks: ${message}` };
  }
  const timeoutSeconds = Math.max(1, Math.round(config.get<number>('helmTestTimeoutSeconds') ?? 300));
  const requestTimeoutMs = ctx.releases.settings().requestTimeoutMs;
  // The latest record names the test hooks whose pods to read; helm runs even when it cannot be read.
  let testHooks: HookInfo[] = [];
  let recordNote: string | undefined;
  try {
    testHooks = (await session.store.info(target.entry)).hooks.filter((h) => h.events.includes('test'));
  } catch (err) {
    recordNote = `The release record could not be read (${err instanceof Error ? err.message : String(err)}): test logs are not collected.`;
  }

  // Set once the notification is up: each test that ends moves it on (a Job's retries count once).
  let tick: ((hook: string) => void) | undefined;
  let run: ReturnType<typeof cluster.startHelmTest>;
  try {
    run = cluster.startHelmTest({
      helm,
      conn: session.store.conn,
      release: { name: target.entry.name, namespace: target.entry.namespace, driver: target.entry.driver },
      testHooks,
      filter: target.single === undefined ? [] : [target.single],
      timeoutSeconds,
      requestTimeoutMs,
      onOutput: (text) => out.append(text),
      onTestFinished: (t) => {
        out.append(testLogText(t));
        tick?.(t.hook.name);
      },
    });
  } catch (err) {
    return notRun(vscode.window.showErrorMessage, `Helm Hooks: ${err instanceof Error ? err.message : String(err)}`);
  }
  slot.cancel = () => run.cancel();
  const what = `helm test ${target.entry.name}${target.single ? ` --filter name=${target.single}` : ''}`;
  out.appendLine(`\n▶ ${what} in namespace ${target.entry.namespace}, context ${session.target.context} (${helm}, --timeout ${timeoutSeconds}s)`);
  if (recordNote) out.appendLine(recordNote);
  out.show(true);
  ctx.output.info(`${what}: started (namespace ${target.entry.namespace}, context ${session.target.context})`);

  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: what, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => run.cancel());
    const total = target.single ? 1 : testHooks.length;
    const ended = new Set<string>();
    progress.report({ message: total > 0 ? `0 of ${total} tests done` : 'running' });
    tick = (hook) => {
      if (ended.has(hook)) return;
      ended.add(hook);
      progress.report({ message: `${ended.size} of ${total} tests done`, increment: total > 0 ? 100 / total : undefined });
    };
    try {
      return await run.done;
    } finally {
      tick = undefined;
    }
  });

  const { outcome } = result;
  for (const hook of result.unseen) out.appendLine(`── ${hook.kind}/${hook.name}: no pod of this run was seen (helm stopped before it, or it was deleted at once)`);
  if (result.logProblem) out.appendLine(`Test logs could not be collected: ${result.logProblem.message}`);
  out.appendLine(`■ ${outcome.summary}`);
  ctx.output.info(`${what}: ${outcome.status}`);
  const show = 'Show Output';
  const shown =
    outcome.status === 'passed'
      ? vscode.window.showInformationMessage(`Helm Hooks: ${outcome.summary}`, show)
      : outcome.status === 'cancelled'
        ? vscode.window.showWarningMessage(`Helm Hooks: ${outcome.summary}`, show)
        : vscode.window.showErrorMessage(`Helm Hooks: ${outcome.summary}`, show);
  void shown.then((choice) => {
    if (choice === show) out.show();
  });
  if (result.exit.startProblem !== undefined) void offerHelmPath(result.exit.startProblem.message);
  return result;
}

// Shared by both command ids (a release's tests, one test): one output, and one run per release at a time.
const runs = new WeakMap<vscode.ExtensionContext, Map<string, { cancel(): void }>>();
const channels = new WeakMap<vscode.ExtensionContext, vscode.OutputChannel>();

function runsOf(extension: vscode.ExtensionContext): Map<string, { cancel(): void }> {
  let m = runs.get(extension);
  if (m === undefined) {
    const created = new Map<string, { cancel(): void }>();
    // Closing the window must not leave helm running.
    extension.subscriptions.push({ dispose: () => created.forEach((r) => r.cancel()) });
    runs.set(extension, (m = created));
  }
  return m;
}

function channelOf(extension: vscode.ExtensionContext): vscode.OutputChannel {
  let c = channels.get(extension);
  if (c === undefined) {
    c = vscode.window.createOutputChannel('Helm Tests');
    extension.subscriptions.push(c);
    channels.set(extension, c);
  }
  return c;
}

function targetOf(arg: unknown): Target | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Node;
  if (node.kind === 'release') return { entry: node.entry, single: undefined, context: node.context };
  if (node.kind === 'event' && node.hooks.event === 'test') return { entry: node.release.entry, single: undefined, context: node.release.context };
  if (node.kind === 'hook' && node.event === 'test') return { entry: node.release.entry, single: node.hook.name, context: node.release.context };
  return undefined;
}

async function pickRelease(session: ClusterSession): Promise<Target | undefined> {
  await loaded(session);
  const entries = session.store.releases();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(`Helm Hooks: no Helm releases found in context ${session.target.context}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: entry.name, description: `${entry.namespace} · ${entry.latest.status} · rev ${entry.latest.revision}`, entry })),
    { title: `Run Helm Tests (context ${session.target.context})`, placeHolder: 'release', matchOnDescription: true },
  );
  return picked === undefined ? undefined : { entry: picked.entry, single: undefined, context: session.target.context };
}

/** Waits (at most 30 s) for the first listing, so the picker is not empty because the view just opened. */
function loaded(session: ClusterSession): Promise<void> {
  if (session.store.state.kind !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, 30_000);
    const sub = session.store.onDidChange(() => {
      if (session.store.state.kind !== 'loading') done();
    });
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

function notRun(show: (message: string) => Thenable<unknown>, message: string): { notRun: string } {
  void show(message);
  return { notRun: message };
}

async function offerHelmPath(message: string): Promise<void> {
  const set = 'Set helm Path';
  const choice = await vscode.window.showErrorMessage(`Helm Hooks: ${message}`, set);
  if (choice === set) await vscode.commands.executeCommand('workbench.action.openSettings', HELM_PATH);
}

function testLogText(t: CollectedTest): string {
  const lines = [`── ${t.hook.kind}/${t.hook.name}: ${t.phase} (pod ${t.pod})`];
  for (const c of t.containers) {
    const state = c.exitCode === undefined ? 'no exit code' : `exit code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`;
    lines.push(`   ${c.init ? 'init container' : 'container'} ${c.name}: ${state}`);
    for (const l of c.log.trimEnd().split('\n')) if (l !== '') lines.push(`   │ ${l}`);
    if (c.note) lines.push(`   [${c.note}]`);
  }
  return `${lines.join('\n')}\n`;
}
