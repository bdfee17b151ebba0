import { Driver, RecordRef, ReleaseStatus } from '../types';

/** The Secret type Helm 3 and 4 give their records (ConfigMaps have no type). */
export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** `sh.helm.release.v1.NAME.vREV`; release names may hold dots, so NAME is greedy. */
const OBJECT_NAME = /^sh\.helm\.release\.v1\.(.+)\.v(\d+)$/;

const STATUSES: ReadonlySet<string> = new Set<ReleaseStatus>([
  'deployed', 'failed', 'pending-install', 'pending-upgrade', 'pending-rollback',
  'superseded', 'uninstalling', 'uninstalled',
]);

/** A status string from a label or a record; anything Helm does not write becomes 'unknown'. */
export function releaseStatusOf(value: unknown): ReleaseStatus {
  return typeof value === 'string' && STATUSES.has(value) ? (value as ReleaseStatus) : 'unknown';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Decimal digits only: Helm writes `strconv.Itoa`, and `Number()` would accept "1e3" or " 7". */
function positiveInt(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** Helm writes Unix seconds; `modifiedAt` is only set on update, so a fresh record has only `createdAt`. */
function unixSeconds(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) return undefined;
  return new Date(Number(value) * 1000);
}

/**
 * A Secret or ConfigMap (plain JSON as the API returns it) read as a Helm release record, from its name
 * and labels only. Undefined when it is not one: wrong Secret type, no `owner=helm`, or no way to tell
 * the release and revision. Missing or malformed `name`/`version` labels fall back to the object name.
 */
export function recordRefOf(driver: Driver, obj: unknown): RecordRef | undefined {
  const o = asRecord(obj);
  const metadata = asRecord(o?.metadata);
  const objectName = str(metadata?.name);
  if (!o || !metadata || !objectName) return undefined;
  if (driver === 'secret' && o.type !== RELEASE_SECRET_TYPE) return undefined;
  const labels = asRecord(metadata.labels) ?? {};
  if (labels.owner !== 'helm') return undefined;

  const fromName = OBJECT_NAME.exec(objectName);
  const release = str(labels.name) ?? fromName?.[1];
  const revision = positiveInt(labels.version) ?? positiveInt(fromName?.[2]);
  if (release === undefined || revision === undefined) return undefined;

  const data = asRecord(o.data);
  const payload = typeof data?.release === 'string' ? data.release : undefined;
  return {
    driver,
    namespace: str(metadata.namespace) ?? '',
    objectName,
    release,
    revision,
    status: releaseStatusOf(labels.status),
    modifiedAt: unixSeconds(labels.modifiedAt) ?? unixSeconds(labels.createdAt),
    payload,
    payloadChars: payload?.length ?? 0,
  };
}

function releaseKey(ref: RecordRef): string {
  return `${ref.namespace}\u0000${ref.release}`;
}

/**
 * The newest revision of each release (per namespace and release name), sorted by namespace then name.
 * A tie (same revision in both drivers) keeps the one seen first.
 */
export function latestRevisions(refs: Iterable<RecordRef>): RecordRef[] {
  const latest = new Map<string, RecordRef>();
  for (const ref of refs) {
    const key = releaseKey(ref);
    const seen = latest.get(key);
    if (!seen || ref.revision > seen.revision) latest.set(key, ref);
  }
  return [...latest.values()].sort(
    (a, b) => compareText(a.namespace, b.namespace) || compareText(a.release, b.release),
  );
}

/** Every stored revision of one release, newest first: what `helm history` lists. */
export function releaseHistory(refs: Iterable<RecordRef>, namespace: string, release: string): RecordRef[] {
  const history: RecordRef[] = [];
  for (const ref of refs) if (ref.namespace === namespace && ref.release === release) history.push(ref);
  return history.sort((a, b) => b.revision - a.revision);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
