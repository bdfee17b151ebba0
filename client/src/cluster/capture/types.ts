// The contract between the capture (which follows running hooks) and the store (which keeps what it read on
// disk). Plain data, so views can show a capture without knowing how it was written.

/** One run of one hook: a revision's hook as started at `startedAt` (helm test runs a test hook again in the same revision). */
export interface RunKey {
  /** The kube context name as the kubeconfig spells it (hashed for the folder name). */
  context: string;
  /** The release's namespace. */
  namespace: string;
  release: string;
  revision: number;
  hookKind: string;
  hookName: string;
  /** `last_run.started_at` as Helm recorded it (ISO 8601), or '' when the record had none. */
  startedAt: string;
}

/** Something the capture saw or could not see, shown in order with the logs. */
export interface CaptureNote {
  /** ISO 8601. */
  at: string;
  kind:
    | 'started'
    /** The log stream broke or the window reloaded: lines between may be missing (text says whether they were re-read). */
    | 'gap'
    | 'resumed'
    /** A pod was deleted (the watch saw it). */
    | 'pod-deleted'
    /** The pod was deleted before a single byte of a container's log was read. */
    | 'pod-gone-unread'
    /** The watch saw the hook's own Job or Pod deleted. */
    | 'object-deleted'
    | 'ended'
    | 'problem';
  text: string;
  pod?: string;
  container?: string;
}

/** One container of one pod attempt, as captured. */
export interface ContainerCapture {
  pod: string;
  container: string;
  init: boolean;
  /** ISO 8601 creation time of the pod (orders attempts). */
  podCreatedAt: string;
  /** Every line read, including those dropped from the middle to stay within the per-container bound. */
  lines: number;
  bytes: number;
  /** Lines dropped between the kept start and the kept end. */
  omittedLines: number;
  omittedBytes: number;
  /** The container ended and its log was read to the end. */
  complete: boolean;
  /** Exit code and reason when the capture saw it end. */
  exitCode?: number;
  reason?: string;
}

/** What the cluster recorded about the run, kept for when the objects are gone (see diagnosis/evidence.ts). */
export interface CapturedEvidence {
  /** The last Job object the watch saw (raw API JSON, status and metadata; spec.template is dropped). */
  job?: unknown;
  /** The last state of each pod the watch saw (raw API JSON). */
  pods?: unknown[];
  /** Events of the Job and its pods, raw API JSON (core/v1 or events.k8s.io/v1). */
  events?: unknown[];
}

export interface CaptureMeta {
  format: 1;
  key: RunKey;
  /** The namespace the hook's objects live in (the manifest's, else the release's). */
  hookNamespace: string;
  events: string[];
  deletePolicies: string[];
  helmMajor: 3 | 4;
  /** When this store first started capturing the run (ISO 8601). */
  capturedFrom: string;
  /** Last time anything was written (ISO 8601): a run that is not complete was cut off about then. */
  updatedAt: string;
  /** `last_run.phase` when the capture saw the run end (Succeeded, Failed), with its completion time. */
  outcome?: { phase: string; completedAt?: string };
  /** When the watch saw the hook's Job or Pod deleted (ISO 8601). */
  objectDeletedAt?: string;
  /** When the last of the run's pods was seen deleted (ISO 8601). */
  podsDeletedAt?: string;
  containers: ContainerCapture[];
  notes: CaptureNote[];
  evidence: CapturedEvidence;
  /** The capture stopped following this run (it ended, or the session closed): no one writes it now. */
  closed: boolean;
}

/** The text of one container as kept: its start, then its end when the middle was dropped. */
export interface ContainerText {
  capture: ContainerCapture;
  head: string;
  /** '' when nothing was dropped (then head holds everything). */
  tail: string;
}

export interface CapturedRun {
  meta: CaptureMeta;
  containers: ContainerText[];
  /** Total size on disk, bytes. */
  size: number;
}

export interface CaptureLimits {
  /** Per container: the start and the end of the log are kept within this (default 1 MiB). */
  perContainerBytes: number;
  /** All captures of all contexts (helmHooks.capture.maxMegabytes, default 100 MiB); oldest pruned first. */
  totalBytes: number;
  /** Captures older than this are pruned (14 days). */
  maxAgeMs: number;
}

export const DEFAULT_LIMITS: CaptureLimits = { perContainerBytes: 1024 * 1024, totalBytes: 100 * 1024 * 1024, maxAgeMs: 14 * 24 * 3600 * 1000 };

/**
 * Writes one run. Only one writer holds a run at a time, across processes (two VS Code windows on one
 * context): the second `claim` gets undefined while the first is alive.
 */
export interface RunWriter {
  readonly key: RunKey;
  /** The meta as claimed: a resumed run carries what an earlier writer captured (counts, notes). */
  readonly meta: CaptureMeta;
  /** True when an earlier writer (a window that reloaded, a process that died) had captured part of this run. */
  readonly resumed: boolean;
  /** Lines of a container already captured, so a resumed or re-opened stream skips them. */
  linesOf(pod: string, container: string): number;
  /** Declares a container (once; again is a no-op) so it shows even when no line ever comes. */
  container(c: Pick<ContainerCapture, 'pod' | 'container' | 'init' | 'podCreatedAt'>): void;
  /** Lines in order; buffered and written in batches, bounded per container (start and end kept). */
  append(pod: string, container: string, lines: readonly string[]): void;
  /** Marks a container's log as read to its end. */
  complete(pod: string, container: string, end: { exitCode?: number; reason?: string }): void;
  note(note: Omit<CaptureNote, 'at'> & { at?: string }): void;
  /** Changes to the meta's other fields (outcome, deletion times, evidence). */
  update(patch: Partial<Pick<CaptureMeta, 'outcome' | 'objectDeletedAt' | 'podsDeletedAt' | 'evidence' | 'deletePolicies' | 'events'>>): void;
  /** Writes what is buffered; resolves when it is on disk. */
  flush(): Promise<void>;
  /** Flushes, marks the run closed when `finished`, and lets another writer claim it. */
  close(finished: boolean): Promise<void>;
}

export interface CaptureStoreApi {
  /**
   * Claims a run for writing, creating it or resuming what an earlier writer left. Undefined when another
   * live writer (another window) holds it, or when the run was captured to its end already.
   */
  claim(key: RunKey, init: Pick<CaptureMeta, 'hookNamespace' | 'events' | 'deletePolicies' | 'helmMajor'>): Promise<RunWriter | undefined>;
  read(key: RunKey): Promise<CapturedRun | undefined>;
  /** Runs of one context, newest first; narrowed by release (and namespace, revision, hook name when given). */
  list(filter: { context: string; namespace?: string; release?: string; revision?: number; hookName?: string }): Promise<CaptureMeta[]>;
  /** Every context's runs, newest first. */
  listAll(): Promise<CaptureMeta[]>;
  /** Drops runs past the age limit, then the oldest until within the total; never a run being written. */
  prune(): Promise<{ removedRuns: number; freedBytes: number }>;
  /** Deletes every capture not being written now; returns how many runs were removed. */
  clear(): Promise<number>;
}
