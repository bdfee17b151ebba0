import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { code, FILE_MODE } from './privateFs';

// One writer per run across processes (two windows on one context): a lock file created exclusively, naming
// its owner and kept fresh by a heartbeat. A window that reloads or crashes leaves it behind; the next claim
// sees that its process is gone (or that its heartbeat stopped) and takes over.

export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this means the owner is gone (or frozen so long that it must give the run up). */
export const STALE_MS = 20_000;

interface Owner {
  pid: number;
  hostname: string;
  instance: string;
}

interface Seen {
  ino: number;
  mtimeMs: number;
  text: string;
  stale: boolean;
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return code(err) === 'EPERM';
  }
}

function ownerOf(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.instance === 'string' ? (o as Owner) : undefined;
  } catch {
    return undefined;
  }
}

async function inspect(file: string, clock: () => number): Promise<Seen | undefined> {
  try {
    const st = await fs.stat(file);
    const text = await fs.readFile(file, 'utf8');
    const owner = ownerOf(text);
    const dead = owner !== undefined && owner.hostname === os.hostname() && !pidAlive(owner.pid);
    return { ino: st.ino, mtimeMs: st.mtimeMs, text, stale: dead || clock() - st.mtimeMs > STALE_MS };
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Removes a stale lock unless someone replaced it meanwhile; 'busy' when another process is breaking it now. */
async function breakStale(file: string, seen: Seen, clock: () => number): Promise<'retry' | 'busy'> {
  const breaker = `${file}.break`;
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(breaker, 'wx', FILE_MODE);
  } catch (err) {
    if (code(err) !== 'EEXIST') throw err;
    // A breaker that died mid-break leaves this behind: it is as stale as a lock would be.
    const st = await fs.stat(breaker).catch(() => undefined);
    if (st && clock() - st.mtimeMs <= STALE_MS) return 'busy';
    await fs.unlink(breaker).catch(() => undefined);
    return 'retry';
  }
  try {
    const now = clock() / 1000;
    await fh.utimes(now, now);
    await fh.close();
    // The same inode, time and owner as judged: not a fresh lock another process made after the judgement.
    const again = await inspect(file, clock);
    if (again && again.stale && again.ino === seen.ino && again.mtimeMs === seen.mtimeMs && again.text === seen.text) {
      await fs.unlink(file).catch((err: unknown) => {
        if (code(err) !== 'ENOENT') throw err;
      });
    }
    return 'retry';
  } finally {
    await fs.unlink(breaker).catch(() => undefined);
  }
}

/** Whether a live writer holds the run in `file` (a missing or stale lock is not live). */
export async function lockIsLive(file: string, clock: () => number): Promise<boolean> {
  const seen = await inspect(file, clock);
  return seen !== undefined && !seen.stale;
}

export class RunLock {
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly file: string,
    readonly instance: string,
    private fh: fs.FileHandle | undefined,
    clock: () => number,
  ) {
    this.timer = setInterval(() => {
      const now = clock() / 1000;
      this.fh?.utimes(now, now).catch(() => undefined);
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Takes the lock, breaking a stale one; undefined when a live writer holds it. Throws ENOENT when the folder is gone. */
  static async acquire(file: string, clock: () => number): Promise<RunLock | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const instance = randomUUID();
      let fh: fs.FileHandle;
      try {
        fh = await fs.open(file, 'wx', FILE_MODE);
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
        const seen = await inspect(file, clock);
        if (!seen) continue;
        if (!seen.stale) return undefined;
        if ((await breakStale(file, seen, clock)) === 'busy') return undefined;
        continue;
      }
      try {
        const owner: Owner = { pid: process.pid, hostname: os.hostname(), instance };
        await fh.writeFile(JSON.stringify(owner));
        const now = clock() / 1000;
        await fh.utimes(now, now);
      } catch (err) {
        await fh.close().catch(() => undefined);
        await fs.unlink(file).catch(() => undefined);
        throw err;
      }
      return new RunLock(file, instance, fh, clock);
    }
    return undefined;
  }

  /** False once another writer took the run over (this one was judged dead): then it must write nothing more. */
  async held(): Promise<boolean> {
    if (!this.fh) return false;
    try {
      return ownerOf(await fs.readFile(this.file, 'utf8'))?.instance === this.instance;
    } catch {
      return false;
    }
  }

  /** Stops the heartbeat and closes the file, leaving it in place (its folder is about to be removed). */
  async detach(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => undefined);
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const fh = this.fh;
    if (!fh) return;
    const mine = await this.held();
    this.fh = undefined;
    await fh.close().catch(() => undefined);
    if (mine) await fs.unlink(this.file).catch(() => undefined);
  }
}
