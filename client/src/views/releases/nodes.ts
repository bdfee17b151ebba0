import type { ClusterProblem, EventHooks, HookInfo, RecordRef, ReleaseEntry, ReleaseInfo, RolledBackFailure } from '../../cluster';

/** What each row of the "Helm Release Hooks" view stands for. Plain data: items.ts renders them. */
export type Node = MessageNode | ContextNode | NamespaceNode | ReleaseNode | NoteNode | EventNode | HookNode | HistoryNode | RevisionNode;

export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tone: 'loading' | 'info' | 'warning' | 'error';
  detail?: string;
  /** What clicking the row does (Retry, Open Settings, ...). */
  action?: { title: string; command: string; arguments?: unknown[] };
}

export interface ContextNode {
  kind: 'context';
  id: string;
  context: string;
  server: string;
  user: string;
  /** `all namespaces`, or the one shown. */
  scope: string;
}

export interface NamespaceNode {
  kind: 'namespace';
  id: string;
  namespace: string;
  releases: ReleaseEntry[];
  expanded: boolean;
}

export interface ReleaseNode {
  kind: 'release';
  id: string;
  entry: ReleaseEntry;
  context: string;
}

/** A line under a release: Helm's failure text, or why its record cannot be read. */
export interface NoteNode {
  kind: 'note';
  id: string;
  text: string;
  tone: 'error' | 'warning' | 'info';
  problem?: ClusterProblem | Error;
  /** Helm's failure text: the hook that failed, whose cause the cluster can tell. */
  failed?: { hook: HookInfo; info: ReleaseInfo };
}

export interface EventNode {
  kind: 'event';
  id: string;
  release: ReleaseNode;
  /** The revision whose hooks these are (the latest, or one from the history). */
  revision: RecordRef;
  info: ReleaseInfo;
  hooks: EventHooks;
}

export interface HookNode {
  kind: 'hook';
  id: string;
  release: ReleaseNode;
  revision: RecordRef;
  info: ReleaseInfo;
  event: EventHooks['event'];
  hook: HookInfo;
  /** 1-based place in the event's order, and how many run on that event. */
  position: number;
  of: number;
}

/** "History": the stored revisions of a release, read on demand. */
export interface HistoryNode {
  kind: 'history';
  id: string;
  release: ReleaseNode;
  revisions: RecordRef[];
}

/** One older revision; expanding it shows that revision's hooks and their runs. */
export interface RevisionNode {
  kind: 'revision';
  id: string;
  release: ReleaseNode;
  ref: RecordRef;
  /** Set on the failed revision listed first under the rollback that followed it. */
  rolledBack?: RolledBackFailure;
}
