import { parseDocument } from 'yaml';
import { HookEvent, parseEvent } from '../../../../engine';
import { HookInfo, HookLastRun, HookPhase, RecordRef, ReleaseInfo } from '../types';
import { decodeRecord, DecodeOptions } from './decode';
import { releaseStatusOf } from './labels';

type Json = Record<string, unknown>;

/** What the record's labels already told us: used when the JSON lacks a field. */
export type RecordIdentity = Pick<RecordRef, 'driver' | 'namespace' | 'release' | 'revision' | 'status'>;

const PHASES: ReadonlySet<string> = new Set(['Unknown', 'Running', 'Succeeded', 'Failed']);

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Helm 3 writes a never-set time as `""`, Helm 4 omits it; Go's zero time (year 1) can appear in
 * records written by other tools. All mean "not set".
 */
export function timeOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  const ms = date.getTime();
  return Number.isNaN(ms) || date.getUTCFullYear() <= 1 ? undefined : date;
}

function phaseOf(value: unknown): HookPhase {
  if (value === undefined || value === '') return '';
  return typeof value === 'string' && PHASES.has(value) ? (value as HookPhase) : 'Unknown';
}

/** The stored `last_run`; staleness and live durations depend on the clock and are added later. */
function lastRunOf(value: unknown): HookLastRun {
  const run = obj(value) ?? {};
  const startedAt = timeOf(run.started_at);
  const completedAt = timeOf(run.completed_at);
  const span = startedAt && completedAt ? completedAt.getTime() - startedAt.getTime() : undefined;
  return {
    phase: phaseOf(run.phase),
    startedAt,
    completedAt,
    durationMs: span !== undefined && span >= 0 ? span : undefined,
    staleReason: undefined,
  };
}

/**
 * `metadata.namespace` of a hook manifest, where its Job's pods run. A manifest that does not parse
 * (or has no namespace) gives undefined: the release namespace applies.
 */
export function manifestNamespace(manifest: string): string | undefined {
  if (!manifest.includes('namespace')) return undefined; // cheap skip for most hooks
  try {
    const doc = parseDocument(manifest, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) return undefined;
    const ns = doc.getIn(['metadata', 'namespace']);
    return typeof ns === 'string' && ns.trim() !== '' ? ns.trim() : undefined;
  } catch {
    return undefined;
  }
}

function hookOf(value: unknown): HookInfo | undefined {
  const h = obj(value);
  if (!h) return undefined;
  const manifest = text(h.manifest);
  // Stored events are already parsed by Helm; parse again so stray legacy or unknown values behave as
  // in Helm (test-success -> test, unknown dropped). Duplicates stay: Helm runs such a hook twice.
  const events = strings(h.events)
    .map(parseEvent)
    .filter((e): e is HookEvent => e !== undefined);
  return {
    name: text(h.name),
    kind: text(h.kind),
    path: text(h.path),
    weight: typeof h.weight === 'number' && Number.isInteger(h.weight) ? h.weight : 0,
    events,
    deletePolicies: strings(h.delete_policies),
    outputLogPolicies: strings(h.output_log_policies),
    lastRun: lastRunOf(h.last_run),
    manifest,
    namespace: manifestNamespace(manifest),
  };
}

function chartOf(value: unknown): ReleaseInfo['chart'] {
  const metadata = obj(obj(value)?.metadata);
  if (!metadata || text(metadata.name) === '') return undefined;
  return { name: text(metadata.name), version: text(metadata.version), appVersion: text(metadata.appVersion) };
}

/**
 * A decoded Helm 3 or Helm 4 release (`pkg/release` Release JSON) as ReleaseInfo. Never throws: missing
 * or mistyped fields get empty values, the labels fill in identity and status, and hooks keep the
 * record's order (Helm's own pre-sorted order, see hooks/order.ts).
 */
export function releaseInfoOf(json: Json, identity: RecordIdentity): ReleaseInfo {
  const info = obj(json.info) ?? {};
  const status = releaseStatusOf(info.status);
  const version = json.version;
  return {
    name: text(json.name) || identity.release,
    namespace: text(json.namespace) || identity.namespace,
    revision: typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : identity.revision,
    status: status !== 'unknown' ? status : identity.status,
    description: text(info.description),
    chart: chartOf(json.chart),
    firstDeployed: timeOf(info.first_deployed),
    lastDeployed: timeOf(info.last_deployed),
    hooks: (Array.isArray(json.hooks) ? json.hooks : []).map(hookOf).filter((h): h is HookInfo => h !== undefined),
    helmMajor: 'apply_method' in json ? 4 : 3,
    driver: identity.driver,
  };
}

/** Decode a record and read its release. Rejects with a RecordError when the payload cannot be read. */
export async function readRelease(ref: RecordRef, opts?: DecodeOptions): Promise<ReleaseInfo> {
  return releaseInfoOf(await decodeRecord(ref, opts), ref);
}
