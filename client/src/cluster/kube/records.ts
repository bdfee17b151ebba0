import { RELEASE_SECRET_TYPE } from '../records/labels';
import { Driver } from '../types';
import { ApiConnection } from './http';

/**
 * Where Helm keeps release records, and how to read them cheaply: lists ask for metadata only (labels
 * carry release, revision and status), so listing a thousand releases with long histories moves
 * kilobytes, not every revision's payload. A payload is fetched when a release is looked at.
 */
export const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
export const METADATA_ITEM = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** Items per page: each page is parsed in one go, so pages stay small enough not to stall the editor. */
const PAGE = 250;

export function resourceOf(driver: Driver): 'secrets' | 'configmaps' {
  return driver === 'secret' ? 'secrets' : 'configmaps';
}

export function collectionPath(driver: Driver, namespace: string | undefined): string {
  return namespace === undefined ? `/api/v1/${resourceOf(driver)}` : `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resourceOf(driver)}`;
}

/** Helm labels its records owner=helm; Secrets also have their own type. */
export function selectorOf(driver: Driver): Record<string, string> {
  return driver === 'secret' ? { labelSelector: 'owner=helm', fieldSelector: `type=${RELEASE_SECRET_TYPE}` } : { labelSelector: 'owner=helm' };
}

export function describeList(driver: Driver, namespace: string | undefined): string {
  return `list ${driver === 'secret' ? 'Secrets' : 'ConfigMaps'} ${namespace === undefined ? 'in all namespaces' : `in namespace ${namespace}`}`;
}

export interface Listed {
  /** Metadata of each record object, with `type` filled in for Secrets (the field selector vouches for it). */
  items: Record<string, unknown>[];
  resourceVersion: string;
}

/** All record objects of one driver in one namespace (or all), page by page, yielding between pages. */
export async function listRecords(conn: ApiConnection, driver: Driver, namespace: string | undefined, timeoutMs: number): Promise<Listed> {
  const items: Record<string, unknown>[] = [];
  let cont: string | undefined;
  let resourceVersion = '';
  do {
    const query = new URLSearchParams({ ...selectorOf(driver), limit: String(PAGE) });
    if (cont !== undefined) query.set('continue', cont);
    const page = (await conn.getJson(`${collectionPath(driver, namespace)}?${query.toString()}`, {
      action: describeList(driver, namespace),
      timeoutMs,
      accept: METADATA_LIST,
    })) as { items?: unknown; metadata?: { continue?: unknown; resourceVersion?: unknown } };
    for (const item of Array.isArray(page.items) ? page.items : []) {
      if (typeof item === 'object' && item !== null) items.push(withType(driver, item as Record<string, unknown>));
    }
    cont = typeof page.metadata?.continue === 'string' && page.metadata.continue !== '' ? page.metadata.continue : undefined;
    if (typeof page.metadata?.resourceVersion === 'string') resourceVersion = page.metadata.resourceVersion;
    if (cont !== undefined) await new Promise((r) => setImmediate(r));
  } while (cont !== undefined);
  return { items, resourceVersion };
}

/** A metadata-only object as the release layer expects it. */
export function withType(driver: Driver, item: Record<string, unknown>): Record<string, unknown> {
  return driver === 'secret' && item.type === undefined ? { ...item, type: RELEASE_SECRET_TYPE } : item;
}

/** The whole record object (payload included) of one revision, or undefined when it is gone. */
export async function readRecord(conn: ApiConnection, driver: Driver, namespace: string, objectName: string, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  const path = `${collectionPath(driver, namespace)}/${encodeURIComponent(objectName)}`;
  try {
    return (await conn.getJson(path, { action: `read ${driver === 'secret' ? 'Secret' : 'ConfigMap'} ${namespace}/${objectName}`, timeoutMs, maxBytes: 32 * 1024 * 1024 })) as Record<string, unknown>;
  } catch (err) {
    if ((err as { kind?: unknown }).kind === 'not-found') return undefined;
    throw err;
  }
}
