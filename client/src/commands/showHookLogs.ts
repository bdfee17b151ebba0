import * as vscode from 'vscode';
import type { CapturedRun, ContainerRun, HookExplanation, HookPod } from '../cluster';
import { Ctx } from '../ctx';
import { logPath, notCapturedLine, readCapture, runKeyOf, showCaptured } from '../views/capturedLogs';
import { clusterModule } from '../views/releases/clusterModule';
import { HookNode } from '../views/releases/nodes';

const isHook = (arg: unknown): arg is HookNode => typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'hook';

/**
 * Show Hook Logs: the logs of a hook's pods (failed attempts and the latest), every container, init
 * containers first, in one read-only document per hook; running containers are followed until the
 * document closes. Its head says why the hook failed, as the cluster records it (and, only when the hook's
 * object is gone, which delete policy removed it). When the pods are gone, what was captured of this run while it
 * ran (issue 14) is shown instead, or why nothing was.
 */
export function showHookLogs(ctx: Ctx): (...args: unknown[]) => Promise<void> {
  const docs = ctx.logs;
  return async (arg: unknown) => {
    if (!isHook(arg)) {
      void vscode.window.showInformationMessage('Helm Hooks: pick a hook in the Helm Release Hooks view to see its logs.');
      return;
    }
    const session = ctx.releases.current();
    if (session === undefined) {
      void vscode.window.showWarningMessage('Helm Hooks: not connected to a cluster.');
      return;
    }
    const cluster = clusterModule(ctx.extension);
    const { hook, info } = arg;
    const timeoutMs = ctx.releases.settings().requestTimeoutMs;
    const head = `# ${hook.kind}/${hook.name}: ${hook.events.join(', ')} hook of release ${info.name} (namespace ${info.namespace}, revision ${info.revision}), last run ${hook.lastRun.phase || 'never'}\n`;
    // The explanation takes a few requests in a row: when there are logs, it is read after them, so they come first.
    const explain = (): Promise<HookExplanation | Error> => session.diagnosis.explain(hook, info.namespace).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    // What was captured of this very run while it ran (its revision and start), read when the pods are gone.
    const ran = (hook.kind === 'Job' || hook.kind === 'Pod') && hook.lastRun.phase !== '';
    let captured: Promise<CapturedRun | undefined> | undefined;
    const capture = (): Promise<CapturedRun | undefined> => (captured ??= ran ? readCapture(ctx, runKeyOf(session.target.context, info, hook)) : Promise.resolve(undefined));
    const notFound = (err: unknown): boolean => err instanceof cluster.ClusterProblem && err.kind === 'not-found';
    let pods: HookPod[];
    try {
      pods = await vscode.window.withProgress({ location: { viewId: 'helmHooks.releases' } }, () => cluster.hookPods(session.store.conn, hook, info.namespace, timeoutMs));
    } catch (err) {
      if (!notFound(err)) {
        void vscode.window.showErrorMessage(`Helm Hooks: cannot find the pods of ${hook.kind}/${hook.name}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      pods = [];
    }
    const attempts = cluster.attemptsToShow(pods);
    const noPods = attempts.length === 0;
    // A hook still running that has no pod yet: the cluster tells why, not a capture.
    if (noPods && hook.lastRun.phase !== 'Running') {
      const [why, run] = await Promise.all([explain(), capture()]);
      if (run !== undefined) {
        await showCaptured(ctx, run, { title: head, why: liveWhy(why) });
        return;
      }
      const text = head + whyText(why, true, hook.lastRun.phase) + (ran ? notCapturedLine(ctx) : '');
      const { uri } = docs.open(logPath({ namespace: info.namespace, release: info.name, revision: info.revision, hookKind: hook.kind, hookName: hook.name }), text);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      return;
    }
    const waitForWhy = noPods || hook.lastRun.phase !== 'Succeeded';
    const firstWhy = noPods ? whyText(await explain(), true, hook.lastRun.phase) : waitForWhy ? WHY_PENDING : '';
    const { uri, signal } = docs.open(logPath({ namespace: info.namespace, release: info.name, revision: info.revision, hookKind: hook.kind, hookName: hook.name }), head + firstWhy);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    for (const pod of attempts) {
      for (const c of pod.containers) {
        docs.append(uri, `\n## pod ${pod.name} (${pod.phase}), ${c.init ? 'init container' : 'container'} ${c.name}: ${describe(c)}\n`);
        try {
          if (c.hasPrevious) docs.append(uri, `### previous run\n${await cluster.readLog(session.store.conn, pod, c.name, { previous: true, timeoutMs })}### current run\n`);
          if (c.running) {
            // Followed in the background until the container ends or the document closes.
            void cluster.followLog(session.store.conn, pod, c.name, { signal, timeoutMs }, (line) => docs.append(uri, `${line}\n`)).catch((err: unknown) => docs.append(uri, `[following stopped: ${err instanceof Error ? err.message : String(err)}]\n`));
          } else {
            await cluster.streamLog(session.store.conn, pod, c.name, { timeoutMs }, (line) => docs.append(uri, `${line}\n`));
          }
        } catch (err) {
          docs.append(uri, `[cannot read these logs: ${err instanceof Error ? err.message : String(err)}]\n`);
          // The pod went between listing it and reading it: what was captured of this container stands in.
          if (notFound(err)) docs.append(uri, capturedContainer(await capture(), pod.name, c.name));
        }
      }
    }
    if (firstWhy === WHY_PENDING) docs.replace(uri, WHY_PENDING, whyText(await explain(), false, hook.lastRun.phase));
  };
}

/**
 * The live diagnosis when the hook's object still tells the cause; undefined (told from the captured evidence)
 * when the object is gone, since the capture saw it before it went.
 */
function liveWhy(why: HookExplanation | Error): HookExplanation | null | undefined {
  if (why instanceof Error || why.basis === 'delete-policy' || why.basis === 'gone' || why.basis === 'missing') return undefined;
  return why.basis === 'none' ? null : why;
}

/** One container's captured text, for a pod deleted while its live log was being read. */
function capturedContainer(run: CapturedRun | undefined, pod: string, container: string): string {
  const kept = run?.containers.filter((c) => c.capture.pod === pod && (c.capture.container === container || c.capture.container.startsWith(`${container} (restart `)));
  if (run === undefined || kept === undefined || kept.length === 0) return '[not captured]\n';
  const lines = kept.map((c) => {
    const omitted = c.capture.omittedLines > 0 ? `[… ${c.capture.omittedLines} lines omitted …]\n${c.tail}` : '';
    return `[captured while it ran${kept.length > 1 ? `: ${c.capture.container}` : ''}]\n${c.head}${omitted}`;
  });
  return lines.join('');
}

/** Stands under the title until the explanation comes. */
const WHY_PENDING = '# Why: reading the cluster\'s evidence…\n';

/** The diagnosis under the title: always when there is no log to show, else unless the run succeeded. */
function whyText(why: HookExplanation | Error, noPods: boolean, phase: string): string {
  if (why instanceof Error) return noPods ? `\nCannot tell why there are no pods: ${why.message}\n` : '';
  if (!noPods && (phase === 'Succeeded' || why.basis === 'none')) return '';
  const evidence = why.evidence.map((l) => `#   ${l}\n`).join('');
  return `# Why: ${why.sentence}\n${evidence}`;
}

function describe(c: ContainerRun): string {
  if (c.running) return 'running (following)';
  if (c.exitCode === undefined) return c.waiting === undefined ? 'not started' : `not started: ${c.waiting}`;
  const restarts = c.restarts > 0 ? `, ${c.restarts} restart${c.restarts === 1 ? '' : 's'}` : '';
  return `exit code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}${restarts}`;
}
