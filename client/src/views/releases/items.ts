import * as vscode from 'vscode';
import type { HookExplanation, HookInfo, ReleaseInfo, ReleaseStatus, RolledBackFailure } from '../../cluster';
import { ago, duration, when } from './format';
import { EventNode, HookNode, MessageNode, Node, NoteNode, ReleaseNode } from './nodes';

const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);
const FAILED = color('testing.iconFailed');
const PASSED = color('testing.iconPassed');
const WARN = color('list.warningForeground');

/**
 * How each node looks. `info` is the decoded latest record of a release row, when known already; `why`
 * the cluster's explanation of a failed hook (its row, or the release's failure note), once read; `rolledBack`,
 * for a release row, the failure its latest revision rolled back.
 */
export function treeItem(node: Node, info?: ReleaseInfo | Error, why?: HookExplanation, rolledBack?: RolledBackFailure): vscode.TreeItem {
  switch (node.kind) {
    case 'message':
      return messageItem(node);
    case 'context': {
      const item = new vscode.TreeItem(node.context, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = `${node.scope} · ${node.server}`;
      item.tooltip = new vscode.MarkdownString(`**Context** ${md(node.context)}\n\n**Server** ${md(node.server)}\n\n**User** ${md(node.user)}\n\n**Showing** ${md(node.scope)}`);
      item.iconPath = new vscode.ThemeIcon('cloud');
      item.contextValue = 'helmHooks.context';
      return item;
    }
    case 'namespace': {
      const item = new vscode.TreeItem(node.namespace, node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const failed = node.releases.filter((r) => r.latest.status === 'failed').length;
      item.description = `${plural(node.releases.length, 'release')}${failed > 0 ? ` · ${failed} failed` : ''}`;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace', failed > 0 ? FAILED : undefined);
      item.contextValue = 'helmHooks.namespace';
      return item;
    }
    case 'release':
      return releaseItem(node, info, rolledBack);
    case 'note':
      return noteItem(node, why);
    case 'event':
      return eventItem(node);
    case 'hook':
      return hookItem(node, why);
    case 'history': {
      const item = new vscode.TreeItem('History', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = plural(node.revisions.length, 'stored revision');
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'helmHooks.history';
      return item;
    }
    case 'revision': {
      // The failure a rollback hid is what the user came for: open, above the rollback's own hooks.
      const pinned = node.rolledBack !== undefined;
      const item = new vscode.TreeItem(`rev ${node.ref.revision}`, pinned ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const decoded = info instanceof Error ? undefined : info;
      const parts: string[] = pinned ? [`${node.ref.status}, then rolled back`] : [node.ref.status];
      if (decoded?.description) parts.push(decoded.description);
      const updated = decoded?.lastDeployed ?? node.ref.modifiedAt;
      if (updated !== undefined) parts.push(ago(updated));
      item.description = parts.join(' · ');
      const [icon, tint] = STATUS_ICON[node.ref.status];
      item.iconPath = new vscode.ThemeIcon(icon, tint);
      item.tooltip = decoded?.description ?? (info instanceof Error ? info.message : undefined);
      item.contextValue = `helmHooks.revision.${node.ref.status}`;
      return item;
    }
  }
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(
    node.tone === 'loading' ? 'loading~spin' : node.tone === 'error' ? 'error' : node.tone === 'warning' ? 'warning' : 'info',
    node.tone === 'error' ? FAILED : node.tone === 'warning' ? WARN : undefined,
  );
  if (node.action !== undefined) {
    item.description = node.action.title;
    item.command = { title: node.action.title, command: node.action.command, arguments: node.action.arguments };
  }
  item.tooltip = node.detail ?? node.text;
  item.contextValue = `helmHooks.message.${node.tone}`;
  return item;
}

const STATUS_ICON: Record<ReleaseStatus, [string, vscode.ThemeColor | undefined]> = {
  deployed: ['pass', PASSED],
  failed: ['error', FAILED],
  'pending-install': ['sync~spin', undefined],
  'pending-upgrade': ['sync~spin', undefined],
  'pending-rollback': ['sync~spin', undefined],
  superseded: ['history', undefined],
  uninstalling: ['trash', undefined],
  uninstalled: ['circle-slash', undefined],
  unknown: ['question', WARN],
};

function releaseItem(node: ReleaseNode, info: ReleaseInfo | Error | undefined, rolledBack: RolledBackFailure | undefined): vscode.TreeItem {
  const { latest } = node.entry;
  // A failed release opens on its hooks: the failed one is what the user came to see.
  const state = node.entry.latest.status === 'failed' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.entry.name, state);
  item.id = node.id;
  const decoded = info instanceof Error ? undefined : info;
  const updated = decoded?.lastDeployed ?? latest.modifiedAt;
  const parts = [latest.status, `rev ${latest.revision}`];
  if (rolledBack !== undefined) parts.push(`rolled back after rev ${rolledBack.failedRevision} failed: ${rolledBack.cause}`);
  if (decoded?.chart !== undefined) parts.push(`${decoded.chart.name}-${decoded.chart.version}`);
  if (updated !== undefined) parts.push(ago(updated));
  item.description = parts.join(' · ');
  const [icon, tint] = rolledBack !== undefined ? ['warning', WARN] : STATUS_ICON[latest.status];
  item.iconPath = new vscode.ThemeIcon(icon, tint);
  item.contextValue = `helmHooks.release.${latest.status}`;
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${md(node.entry.name)}** in ${md(node.entry.namespace)}, revision ${latest.revision} (${node.entry.revisions} stored, ${latest.driver} driver)\n\n`);
  tip.appendMarkdown(`**Status** ${md(latest.status)}\n\n`);
  if (decoded !== undefined) {
    if (decoded.chart) tip.appendMarkdown(`**Chart** ${md(decoded.chart.name)} ${md(decoded.chart.version)}${decoded.chart.appVersion ? ` (app ${md(decoded.chart.appVersion)})` : ''}\n\n`);
    tip.appendMarkdown(`**Updated** ${md(when(decoded.lastDeployed))}\n\n`);
    if (decoded.description) tip.appendMarkdown(`**Helm says** ${md(decoded.description)}\n\n`);
    if (rolledBack !== undefined) {
      tip.appendMarkdown(`**Rolled back** revision ${rolledBack.failedRevision} failed (${md(rolledBack.cause)}); this revision rolled back to ${rolledBack.rolledBackTo ?? 'an earlier one'}. Its hooks are listed first.\n\n`);
    }
    tip.appendMarkdown(`**Hooks** ${decoded.hooks.length} · written by Helm ${decoded.helmMajor}`);
  } else if (info instanceof Error) {
    tip.appendMarkdown(`**Record** ${md(info.message)}`);
  }
  item.tooltip = tip;
  return item;
}

function noteItem(node: NoteNode, why: HookExplanation | undefined): vscode.TreeItem {
  // Helm's own words first, then the cause the cluster recorded.
  const text = why === undefined || why.basis === 'none' ? node.text : `${node.text} — ${why.sentence}`;
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.tooltip = why === undefined ? node.text : [text, ...why.evidence].join('\n');
  item.iconPath = new vscode.ThemeIcon(node.tone === 'error' ? 'error' : node.tone === 'warning' ? 'warning' : 'info', node.tone === 'error' ? FAILED : node.tone === 'warning' ? WARN : undefined);
  item.contextValue = `helmHooks.note.${node.tone}`;
  return item;
}

function eventItem(node: EventNode): vscode.TreeItem {
  const { ran, action } = node.hooks;
  // An event this revision's action did not run has nothing to report: folded, and says so.
  const item = new vscode.TreeItem(node.hooks.event, ran ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const failed = node.hooks.hooks.filter((h) => h.lastRun.phase === 'Failed').length;
  item.description = `${plural(node.hooks.hooks.length, 'hook')}${failed > 0 ? ` · ${failed} failed` : ''}${ran ? '' : ` · not run by this ${ACTION_NAME[action]}`}`;
  if (!ran) item.tooltip = `Revision ${node.revision.revision} was written by helm ${ACTION_NAME[action]}, which does not run ${node.hooks.event} hooks: their runs are in other revisions.`;
  item.iconPath = new vscode.ThemeIcon(node.hooks.event === 'test' ? 'beaker' : 'debug-step-over', failed > 0 ? FAILED : undefined);
  item.contextValue = node.hooks.event === 'test' ? 'helmHooks.event.test' : 'helmHooks.event';
  return item;
}

const ACTION_NAME: Record<EventNode['hooks']['action'], string> = { install: 'install', upgrade: 'upgrade', rollback: 'rollback', uninstall: 'uninstall' };

const PHASE_ICON: Record<string, [string, vscode.ThemeColor | undefined, string]> = {
  Succeeded: ['pass', PASSED, 'Succeeded'],
  Failed: ['error', FAILED, 'Failed'],
  Running: ['sync~spin', undefined, 'Running'],
  Stale: ['warning', WARN, 'Running (stale)'],
  Unknown: ['question', undefined, 'Unknown'],
  '': ['circle-large-outline', undefined, 'not run'],
};

function hookItem(node: HookNode, why: HookExplanation | undefined): vscode.TreeItem {
  const h = node.hook;
  const item = new vscode.TreeItem(`${h.kind}/${h.name}`, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const [icon, tint, phase] = PHASE_ICON[h.lastRun.phase] ?? PHASE_ICON.Unknown;
  const parts = [`weight ${h.weight}`, phase];
  if (h.lastRun.durationMs !== undefined) parts.push(duration(h.lastRun.durationMs));
  if (why !== undefined && why.basis !== 'none') parts.push(why.sentence);
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(icon, tint);
  // `.test` offers Run This Helm Test on the row.
  item.contextValue = `${h.lastRun.phase === 'Failed' ? 'helmHooks.hook.failed' : 'helmHooks.hook'}${node.event === 'test' ? '.test' : ''}`;
  item.tooltip = hookTooltip(node, phase, why);
  if (h.lastRun.phase === 'Failed') {
    item.label = { label: item.label as string, highlights: [[0, (item.label as string).length]] };
    // A failed hook's logs are what its user wants next, and may soon be gone: one click away.
    item.command = { title: 'Show Hook Logs', command: 'helmHooks.showHookLogs', arguments: [node] };
  }
  return item;
}

function hookTooltip(node: HookNode, phase: string, why: HookExplanation | undefined): vscode.MarkdownString {
  const h: HookInfo = node.hook;
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${md(h.kind)}/${md(h.name)}**: ${md(node.event)} hook ${node.position} of ${node.of}, weight ${h.weight}\n\n`);
  tip.appendMarkdown(`**Last run** ${md(phase)}`);
  if (h.lastRun.durationMs !== undefined) tip.appendMarkdown(` in ${duration(h.lastRun.durationMs)}`);
  tip.appendMarkdown(`\n\n**Started** ${md(when(h.lastRun.startedAt))} · **Completed** ${md(when(h.lastRun.completedAt))}\n\n`);
  if (h.lastRun.staleReason) tip.appendMarkdown(`${md(h.lastRun.staleReason)}\n\n`);
  if (why !== undefined) {
    tip.appendMarkdown(`**Why** ${md(why.sentence)}\n\n`);
    for (const line of why.evidence) tip.appendMarkdown(`- ${md(line)}\n`);
    if (why.evidence.length > 0) tip.appendMarkdown('\n');
  }
  tip.appendMarkdown(`**Events** ${md(h.events.join(', '))}\n\n`);
  tip.appendMarkdown(`**Delete policies** ${md(h.deletePolicies.length > 0 ? h.deletePolicies.join(', ') : 'none')}\n\n`);
  if (h.outputLogPolicies.length > 0) tip.appendMarkdown(`**Output log policies** ${md(h.outputLogPolicies.join(', '))}\n\n`);
  tip.appendMarkdown(`**Template** ${md(h.path)}`);
  return tip;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text from a cluster shown as Markdown must not become markup. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
