import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CaptureLimits, CaptureMeta, CaptureStoreApi, CapturedRun, ContainerText, DEFAULT_LIMITS, RunKey } from '../types';
import { boundsOf, StoredPart } from './bounded';
import { contextSegment, RUN_DEPTH, runDir, sameKey, segmentOf, validKey } from './paths';
import { code, mkdirPrivate } from './privateFs';
import { LOCK_FILE, metaOf, readRunFile, RunFile } from './runFile';
import { RunLock } from './runLock';
import { cutBackTo, wipe } from './recovery';
import { StoreRunWriter } from './runWriter';

// The captures on disk, shared by every window on this machine: any window may read and prune, and the one
// that holds a run's lock writes it. A file on disk that is damaged or of another format is skipped, never
// thrown: one bad capture must not hide the others.

export class CaptureStore implements CaptureStoreApi {
  constructor(
    readonly root: string,
    readonly limits: CaptureLimits = DEFAULT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  async claim(key: RunKey, init: Pick<CaptureMeta, 'hookNamespace' | 'events' | 'deletePolicies' | 'helmMajor'>): Promise<StoreRunWriter | undefined> {
    if (!validKey(key)) throw new TypeError('Not a capture key.');
    const dir = runDir(this.root, key);
    const lock = await this.lockRun(dir, true);
    if (!lock) return undefined;
    try {
      const now = new Date(this.clock()).toISOString();
      let run = await readRunFile(dir);
      if (run && !sameKey(run.key, key)) {
        // Another context whose name hashes alike (never seen, but never to be overwritten).
        await lock.release();
        return undefined;
      }
      if (run?.closed === true) {
        // Finished by whoever captured it: a late look must not reopen it.
        await lock.release();
        return undefined;
      }
      const resumed = run !== undefined;
      if (run) {
        await cutBackTo(dir, run.logs);
        run.closed = false;
      } else {
        await wipe(dir);
        run = { format: 1, key: { ...key }, ...pickInit(init), capturedFrom: now, updatedAt: now, containers: [], notes: [], evidence: {}, closed: false, logs: [] };
      }
      const writer = new StoreRunWriter({ ...key }, dir, run, resumed, lock, boundsOf(this.limits.perContainerBytes), this.clock);
      // Listed from the moment it is claimed, so another window sees that this run is being captured.
      writer.update({});
      await writer.flush();
      return writer;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  async read(key: RunKey): Promise<CapturedRun | undefined> {
    if (!validKey(key)) return undefined;
    const dir = runDir(this.root, key);
    // A writer removes a rotated-out segment just after committing run.json: read again when one vanished.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const run = await readRunFile(dir);
        if (!run || !sameKey(run.key, key)) return undefined;
        const containers = await Promise.all(run.containers.map((capture, i) => textOf(dir, run, i, capture)));
        return { meta: metaOf(run), containers, size: await sizeOf(dir) };
      } catch (err) {
        if (code(err) !== 'ENOENT') return undefined;
      }
    }
    return undefined;
  }

  async list(filter: { context: string; namespace?: string; release?: string; revision?: number; hookName?: string }): Promise<CaptureMeta[]> {
    const fixed = [contextSegment(filter.context), filter.namespace === undefined ? undefined : segmentOf(filter.namespace), filter.release === undefined ? undefined : segmentOf(filter.release), filter.revision === undefined ? undefined : String(filter.revision)];
    const metas = await this.metasIn(await runDirs(this.root, fixed));
    return metas.filter(
      (m) =>
        m.key.context === filter.context &&
        (filter.namespace === undefined || m.key.namespace === filter.namespace) &&
        (filter.release === undefined || m.key.release === filter.release) &&
        (filter.revision === undefined || m.key.revision === filter.revision) &&
        (filter.hookName === undefined || m.key.hookName === filter.hookName),
    );
  }

  async listAll(): Promise<CaptureMeta[]> {
    return this.metasIn(await runDirs(this.root, []));
  }

  async prune(): Promise<{ removedRuns: number; freedBytes: number }> {
    const now = this.clock();
    const runs = await Promise.all((await runDirs(this.root, [])).map(async (dir) => ({ dir, updated: await updatedOf(dir), size: await sizeOf(dir) })));
    let removedRuns = 0;
    let freedBytes = 0;
    const left: typeof runs = [];
    for (const run of runs) {
      if (now - run.updated > this.limits.maxAgeMs && (await this.remove(run.dir))) {
        removedRuns++;
        freedBytes += run.size;
      } else left.push(run);
    }
    let total = left.reduce((sum, r) => sum + r.size, 0);
    for (const run of left.sort((a, b) => a.updated - b.updated)) {
      if (total <= this.limits.totalBytes) break;
      if (await this.remove(run.dir)) {
        removedRuns++;
        freedBytes += run.size;
        total -= run.size;
      }
    }
    return { removedRuns, freedBytes };
  }

  async clear(): Promise<number> {
    let removed = 0;
    for (const dir of await runDirs(this.root, [])) if (await this.remove(dir)) removed++;
    return removed;
  }

  private async metasIn(dirs: string[]): Promise<CaptureMeta[]> {
    const runs = await Promise.all(dirs.map((d) => readRunFile(d).catch(() => undefined)));
    const metas = runs.filter((r): r is RunFile => r !== undefined).map(metaOf);
    return metas.sort((a, b) => newness(b) - newness(a));
  }

  /** Locks a run's folder (creating it when `create`); undefined when a live writer holds it. */
  private async lockRun(dir: string, create: boolean): Promise<RunLock | undefined> {
    for (let attempt = 0; ; attempt++) {
      if (create) await mkdirPrivate(this.root, dir);
      try {
        return await RunLock.acquire(path.join(dir, LOCK_FILE), this.clock);
      } catch (err) {
        // A prune in another window removed the folder between the two steps.
        if (code(err) !== 'ENOENT' || !create || attempt >= 5) {
          if (code(err) === 'ENOENT' && !create) return undefined;
          throw err;
        }
      }
    }
  }

  /** Removes a run unless a live writer holds it; holding its lock meanwhile so no window claims it half-removed. */
  private async remove(dir: string): Promise<boolean> {
    let lock: RunLock | undefined;
    try {
      lock = await this.lockRun(dir, false);
    } catch {
      return false;
    }
    if (!lock) return false;
    // Closed first: a folder with an open file in it cannot be removed on Windows.
    await lock.detach();
    try {
      await fs.rm(dir, { recursive: true, force: true });
    } catch {
      return false;
    } finally {
      await lock.release();
    }
    for (let p = path.dirname(dir); p !== this.root && p.startsWith(this.root + path.sep); p = path.dirname(p)) {
      try {
        await fs.rmdir(p);
      } catch {
        break;
      }
    }
    return true;
  }
}

function pickInit(init: Pick<CaptureMeta, 'hookNamespace' | 'events' | 'deletePolicies' | 'helmMajor'>): Pick<CaptureMeta, 'hookNamespace' | 'events' | 'deletePolicies' | 'helmMajor'> {
  return { hookNamespace: init.hookNamespace, events: [...init.events], deletePolicies: [...init.deletePolicies], helmMajor: init.helmMajor };
}

function newness(m: CaptureMeta): number {
  const t = Date.parse(m.key.startedAt);
  return Number.isFinite(t) ? t : Date.parse(m.capturedFrom) || 0;
}

async function textOf(dir: string, run: RunFile, i: number, capture: CaptureMeta['containers'][number]): Promise<ContainerText> {
  const log = run.logs[i];
  const head = await readPart(dir, log.head);
  const tail = (await Promise.all(log.tail.map((p) => readPart(dir, p)))).join('');
  // Nothing dropped: the tail segments simply continue the head.
  return capture.omittedLines === 0 ? { capture, head: head + tail, tail: '' } : { capture, head, tail };
}

/** A log file up to its committed length: bytes past it are a batch still being committed. */
async function readPart(dir: string, part: StoredPart): Promise<string> {
  if (part.bytes === 0) return '';
  const fh = await fs.open(path.join(dir, part.file), 'r');
  try {
    const buf = Buffer.alloc(part.bytes);
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf.subarray(0, at).toString('utf8');
  } finally {
    await fh.close();
  }
}

async function sizeOf(dir: string): Promise<number> {
  let size = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!e.isFile()) continue;
    const st = await fs.stat(path.join(dir, e.name)).catch(() => undefined);
    size += st?.size ?? 0;
  }
  return size;
}

/** When a run was last written: its meta says, else (a damaged run.json) its newest file. */
async function updatedOf(dir: string): Promise<number> {
  const run = await readRunFile(dir);
  const t = run ? Date.parse(run.updatedAt) : NaN;
  if (Number.isFinite(t)) return t;
  let newest = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const st = await fs.stat(path.join(dir, e.name)).catch(() => undefined);
    if (st) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** Run folders below `root`, following only real folders (never a link out of the store); `fixed` narrows the first levels. */
async function runDirs(root: string, fixed: (string | undefined)[]): Promise<string[]> {
  let level = [root];
  for (let depth = 0; depth < RUN_DEPTH; depth++) {
    const want = fixed[depth];
    const next: string[] = [];
    for (const dir of level) {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory() && (want === undefined || e.name === want)) next.push(path.join(dir, e.name));
    }
    level = next;
  }
  return level;
}
