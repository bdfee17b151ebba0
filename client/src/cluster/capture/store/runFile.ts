import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CaptureMeta, ContainerCapture } from '../types';
import { StoredLog, StoredPart } from './bounded';
import { validKey } from './paths';

// run.json: the meta the views read, plus where each container's lines are on disk. It is the commit point of
// a flush: log bytes past the lengths it records were never committed, and a resume cuts them off.

export const RUN_FILE = 'run.json';
export const LOCK_FILE = 'run.lock';

export interface RunFile extends CaptureMeta {
  /** Aligned with `containers`. */
  logs: StoredLog[];
}

/** The meta as views see it: without the store's bookkeeping. */
export function metaOf(run: RunFile): CaptureMeta {
  const meta: Partial<RunFile> = { ...run };
  delete meta.logs;
  return meta as CaptureMeta;
}

/** Reads and checks a run file; undefined when missing, partial, corrupt or of a format this build does not know. */
export async function readRunFile(dir: string): Promise<RunFile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, RUN_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const run = JSON.parse(text) as unknown;
    return isRunFile(run) ? run : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
/** A log file name as this store writes it: never a path. */
const isLogFile = (v: unknown): v is string => typeof v === 'string' && /^c\d+\.(head|tail\.\d+)\.log$/.test(v);

function isPart(v: unknown): v is StoredPart {
  return isObject(v) && isLogFile(v.file) && isCount(v.bytes) && isCount(v.lines) && isCount(v.read);
}

function isLog(v: unknown): v is StoredLog {
  return isObject(v) && isPart(v.head) && typeof v.headFull === 'boolean' && Array.isArray(v.tail) && v.tail.every(isPart) && isCount(v.nextSeq);
}

function isContainer(v: unknown): v is ContainerCapture {
  return (
    isObject(v) &&
    typeof v.pod === 'string' &&
    typeof v.container === 'string' &&
    typeof v.init === 'boolean' &&
    typeof v.podCreatedAt === 'string' &&
    isCount(v.lines) &&
    isCount(v.bytes) &&
    isCount(v.omittedLines) &&
    isCount(v.omittedBytes) &&
    typeof v.complete === 'boolean'
  );
}

function isRunFile(v: unknown): v is RunFile {
  return (
    isObject(v) &&
    v.format === 1 &&
    isObject(v.key) &&
    validKey(v.key as never) &&
    typeof v.hookNamespace === 'string' &&
    isStrings(v.events) &&
    isStrings(v.deletePolicies) &&
    (v.helmMajor === 3 || v.helmMajor === 4) &&
    typeof v.capturedFrom === 'string' &&
    typeof v.updatedAt === 'string' &&
    Array.isArray(v.containers) &&
    v.containers.every(isContainer) &&
    Array.isArray(v.notes) &&
    v.notes.every((n) => isObject(n) && typeof n.at === 'string' && typeof n.kind === 'string' && typeof n.text === 'string') &&
    isObject(v.evidence) &&
    typeof v.closed === 'boolean' &&
    Array.isArray(v.logs) &&
    v.logs.length === v.containers.length &&
    v.logs.every(isLog)
  );
}
