import { HelmAction, HookEvent } from '../../../engine';

/**
 * The cluster layer's model: what a release record says, as plain data. Nothing here knows of VS Code or
 * of tree items; the views and commands are built over these types.
 */

/** Helm's storage drivers: one record per revision, in a Secret or a ConfigMap. */
export type Driver = 'secret' | 'configmap';

/** `info.status` of a release revision. */
export type ReleaseStatus =
  | 'deployed'
  | 'failed'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback'
  | 'superseded'
  | 'uninstalling'
  | 'uninstalled'
  | 'unknown';

/** `last_run.phase`, plus `Stale`: a `Running` that cannot still be running (the helm process is gone). */
export type HookPhase = 'Unknown' | 'Running' | 'Succeeded' | 'Failed' | 'Stale' | '';

/**
 * One revision's storage object, read from its labels only (no decoding): enough to list releases,
 * pick the latest revision and show status without touching the payload.
 */
export interface RecordRef {
  driver: Driver;
  namespace: string;
  /** Storage object name, `sh.helm.release.v1.NAME.vREV`. */
  objectName: string;
  release: string;
  revision: number;
  status: ReleaseStatus;
  /** `modifiedAt` label (Unix seconds) when present. */
  modifiedAt: Date | undefined;
  /** The encoded payload as the API returned it (Secret: base64 of Helm's base64; ConfigMap: Helm's base64). */
  payload: string | undefined;
  /** Size of the payload in characters, for the record size limit. */
  payloadChars: number;
}

export interface HookLastRun {
  phase: HookPhase;
  startedAt: Date | undefined;
  completedAt: Date | undefined;
  /** completedAt - startedAt; for a live Running hook, now - startedAt; undefined when unknown. */
  durationMs: number | undefined;
  /** Why a `Running` phase is shown as stale, when it is. */
  staleReason: string | undefined;
}

export interface HookInfo {
  name: string;
  kind: string;
  /** Chart-relative template path Helm stored (`mychart/templates/hooks/x.yaml`). */
  path: string;
  weight: number;
  events: HookEvent[];
  deletePolicies: string[];
  outputLogPolicies: string[];
  lastRun: HookLastRun;
  /** The stored manifest (may hold Secret data: never log it). */
  manifest: string;
  /** `metadata.namespace` of the manifest when set, else undefined (the release namespace applies). */
  namespace: string | undefined;
}

export interface ReleaseInfo {
  name: string;
  namespace: string;
  revision: number;
  status: ReleaseStatus;
  /** `info.description`: Helm's failure text for a failed release. */
  description: string;
  chart: { name: string; version: string; appVersion: string } | undefined;
  firstDeployed: Date | undefined;
  lastDeployed: Date | undefined;
  hooks: HookInfo[];
  /** 4 when the record has Helm 4's `apply_method`, else 3 (Helm 3 records and older). */
  helmMajor: 3 | 4;
  driver: Driver;
}

/** Hooks of one event, in the order Helm runs them. A hook listing an event twice appears twice. */
export interface EventHooks {
  event: HookEvent;
  hooks: HookInfo[];
  /**
   * Whether the action that made the revision ran this event. When not, the hooks' runs are shown as
   * never run: what the record holds is another event's run (or a rollback's copy of an older one).
   */
  ran: boolean;
  /** The action that made the revision (install, upgrade, rollback, uninstall). */
  action: HelmAction;
}

/** A record that could not be read: the tree shows this text instead of the release's hooks. */
export class RecordError extends Error {
  constructor(
    readonly objectName: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}
