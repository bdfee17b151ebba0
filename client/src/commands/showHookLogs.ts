import * as vscode from 'vscode';
import type { ContainerRun, HookExplanation, HookPod } from '../cluster';
import { Ctx } from '../ctx';
import { LogDocuments } from '../views/logDocuments';
import { clusterModule } from '../views/releases/clusterModule';
import { HookNode } from '../views/releases/nodes';

const isHook = (arg: unknown): arg is HookNode => typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'hook';

/**
 * Show Hook Logs: the logs of a hook's pods (failed attempts and the latest), every container, init
 * containers first, in one read-only document per hook; running containers are followed until the
 * document closes. Its head says why the hook failed, as the cluster records it (and, only when the hook's
 * object is gone, which delete policy removed it).
 */
export function showHookLogs(ctx: Ctx): (...args: unknown[]) => Promise<void> {
  const docs = new LogDocuments();
  ctx.extension.subscriptions.push(docs);
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
    let pods: HookPod[];
    try {
      pods = await vscode.window.withProgress({ location: { viewId: 'helmHooks.releases' } }, () => cluster.hookPods(session.store.conn, hook, info.namespace, timeoutMs));
    } catch (err) {
      void vscode.window.showErrorMessage(`Helm Hooks: cannot find the pods of ${hook.kind}/${hook.name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const attempts = cluster.attemptsToShow(pods);
    const noPods = attempts.length === 0;
    const waitForWhy = noPods || hook.lastRun.phase !== 'Succeeded';
    const firstWhy = noPods ? whyText(await explain(), true, hook.lastRun.phase) : waitForWhy ? WHY_PENDING : '';
    const { uri, signal } = docs.open(`/${info.namespace}/${info.name}/rev-${info.revision}/${hook.kind}-${hook.name}.log`, head + firstWhy);
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
        }
      }
    }
    if (firstWhy === WHY_PENDING) docs.replace(uri, WHY_PENDING, whyText(await explain(), false, hook.lastRun.phase));
  };
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
