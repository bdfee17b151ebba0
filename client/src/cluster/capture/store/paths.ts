import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { RunKey } from '../types';

// Names come from the cluster (and from kubeconfig): each is escaped into one path segment so that nothing,
// however it is spelled, can leave the store's root or land in another run's folder.

const MAX_SEGMENT = 120;
// Windows refuses these as file names whatever the extension, in any case.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

function percent(ch: string): string {
  return [...Buffer.from(ch)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

/** One safe, injective path segment for a name; `dots` false escapes '.' too (so a separator stays unambiguous). */
export function segmentOf(name: string, dots = true): string {
  if (name === '') return '%';
  let out = '';
  for (const ch of name) out += /^[A-Za-z0-9_-]$/.test(ch) || (dots && ch === '.') ? ch : percent(ch);
  if (/^\.+$/.test(out) || RESERVED.test(out)) out = percent(out[0]) + out.slice(1);
  if (out.length > MAX_SEGMENT) out = out.slice(0, MAX_SEGMENT - 17) + '~' + createHash('sha256').update(name).digest('hex').slice(0, 16);
  return out;
}

/** The context's folder: a short hash, since context names are free text (ARNs, user@cluster, slashes). */
export function contextSegment(context: string): string {
  return createHash('sha256').update(context).digest('hex').slice(0, 16);
}

export function hookSegment(kind: string, name: string): string {
  return `${segmentOf(kind, false)}.${segmentOf(name)}`;
}

export function validKey(key: RunKey): boolean {
  return (
    typeof key.context === 'string' &&
    typeof key.namespace === 'string' &&
    typeof key.release === 'string' &&
    Number.isSafeInteger(key.revision) &&
    key.revision >= 0 &&
    typeof key.hookKind === 'string' &&
    typeof key.hookName === 'string' &&
    typeof key.startedAt === 'string'
  );
}

/** The segments under the root, from the context down to the run. */
export function runSegments(key: RunKey): string[] {
  return [contextSegment(key.context), segmentOf(key.namespace), segmentOf(key.release), String(key.revision), hookSegment(key.hookKind, key.hookName), segmentOf(key.startedAt)];
}

/** Depth of a run folder below the root (see runSegments). */
export const RUN_DEPTH = 6;

export function runDir(root: string, key: RunKey): string {
  const dir = path.join(root, ...runSegments(key));
  // Belt and braces: the segments above cannot climb, but a later edit to them must not make it possible.
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error('A capture path left the store.');
  return dir;
}

export function sameKey(a: RunKey, b: RunKey): boolean {
  return (
    a.context === b.context &&
    a.namespace === b.namespace &&
    a.release === b.release &&
    a.revision === b.revision &&
    a.hookKind === b.hookKind &&
    a.hookName === b.hookName &&
    a.startedAt === b.startedAt
  );
}
