import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CaptureMeta, CaptureNote, ContainerCapture, RunKey, RunWriter } from '../types';
import { appendLines, Bounds, newStoredLog, PendingWrites } from './bounded';
import { appendPrivate, code, writeAtomic } from './privateFs';
import { metaOf, RUN_FILE, RunFile } from './runFile';
import { RunLock } from './runLock';

// Lines arrive one read at a time from many containers: buffer them and write in batches, so fifty busy hooks
// cost a few writes a second rather than one per line. Each flush appends the bytes, then commits run.json
// (the lengths), then removes rotated-out segments: a crash at any point leaves a state a resume can cut back to.

export const FLUSH_DELAY_MS = 250;
export const FLUSH_BYTES = 64 * 1024;

type State = 'open' | 'closing' | 'closed' | 'lost' | 'failed';

export class StoreRunWriter implements RunWriter {
  private readonly byName = new Map<string, number>();
  private readonly pending = new PendingWrites();
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private state: State = 'open';

  constructor(
    readonly key: RunKey,
    private readonly dir: string,
    private readonly run: RunFile,
    readonly resumed: boolean,
    private readonly lock: RunLock,
    private readonly bounds: Bounds,
    private readonly clock: () => number,
  ) {
    run.containers.forEach((c, i) => this.byName.set(nameOf(c.pod, c.container), i));
  }

  get meta(): CaptureMeta {
    return metaOf(this.run);
  }

  /** True when another writer took the run over (this one was judged gone) or the disk refused a write: it writes nothing more. */
  get stopped(): boolean {
    return this.state === 'lost' || this.state === 'failed';
  }

  linesOf(pod: string, container: string): number {
    const i = this.byName.get(nameOf(pod, container));
    return i === undefined ? 0 : this.run.containers[i].lines;
  }

  container(c: Pick<ContainerCapture, 'pod' | 'container' | 'init' | 'podCreatedAt'>): void {
    this.indexOf(c);
  }

  append(pod: string, container: string, lines: readonly string[]): void {
    if (!this.writable() || lines.length === 0) return;
    const i = this.indexOf({ pod, container, init: false, podCreatedAt: '' });
    appendLines(i, this.run.logs[i], this.run.containers[i], lines, this.bounds, this.pending);
    this.changed();
  }

  complete(pod: string, container: string, end: { exitCode?: number; reason?: string }): void {
    if (!this.writable()) return;
    const c = this.run.containers[this.indexOf({ pod, container, init: false, podCreatedAt: '' })];
    c.complete = true;
    if (end.exitCode !== undefined) c.exitCode = end.exitCode;
    if (end.reason !== undefined) c.reason = end.reason;
    this.changed();
  }

  note(note: Omit<CaptureNote, 'at'> & { at?: string }): void {
    if (!this.writable()) return;
    this.run.notes.push({ ...note, at: note.at ?? new Date(this.clock()).toISOString() });
    this.changed();
  }

  update(patch: Partial<Pick<CaptureMeta, 'outcome' | 'objectDeletedAt' | 'podsDeletedAt' | 'evidence' | 'deletePolicies' | 'events'>>): void {
    if (!this.writable()) return;
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (this.run as unknown as Record<string, unknown>)[k] = v;
    this.changed();
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // A flush that has not started yet takes everything appended before it starts: join it.
    if (this.queued) return this.queued;
    const next = this.chain.then(() => {
      this.queued = undefined;
      return this.writeBatch();
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(finished: boolean): Promise<void> {
    this.closing ??= this.closeOnce(finished);
    return this.closing;
  }

  private async closeOnce(finished: boolean): Promise<void> {
    if (this.state === 'open') this.state = 'closing';
    if (finished) this.run.closed = true;
    this.dirty = true;
    try {
      // Lines appended while the last batch was written go in another batch, until nothing is left.
      do await this.flush();
      while (this.state === 'closing' && (this.dirty || this.pending.size > 0 || this.pending.removals.size > 0));
    } finally {
      if (this.state === 'closing') this.state = 'closed';
      if (this.timer) clearTimeout(this.timer);
      await this.lock.release();
    }
  }

  private writable(): boolean {
    return this.state === 'open' || this.state === 'closing';
  }

  private indexOf(c: Pick<ContainerCapture, 'pod' | 'container' | 'init' | 'podCreatedAt'>): number {
    const name = nameOf(c.pod, c.container);
    let i = this.byName.get(name);
    if (i === undefined) {
      i = this.run.containers.length;
      this.run.containers.push({ pod: c.pod, container: c.container, init: c.init, podCreatedAt: c.podCreatedAt, lines: 0, bytes: 0, omittedLines: 0, omittedBytes: 0, complete: false });
      this.run.logs.push(newStoredLog(i));
      this.byName.set(name, i);
      this.changed();
    }
    return i;
  }

  private changed(): void {
    this.dirty = true;
    if (this.pending.size >= FLUSH_BYTES) void this.flush().catch(() => undefined);
    else if (!this.timer && this.state === 'open') {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch(() => undefined);
      }, FLUSH_DELAY_MS);
    }
  }

  private async writeBatch(): Promise<void> {
    if (this.stopped || (!this.dirty && this.pending.size === 0 && this.pending.removals.size === 0)) return;
    if (!(await this.lock.held())) {
      // Another window judged this one gone and resumed the run: writing now would double its lines.
      this.state = 'lost';
      this.pending.take();
      return;
    }
    // The bytes and the meta that records their lengths are taken together, before anything is awaited.
    const { chunks, removals } = this.pending.take();
    this.dirty = false;
    this.run.updatedAt = new Date(this.clock()).toISOString();
    const snapshot = JSON.stringify(this.run);
    try {
      await Promise.all([...chunks].map(([file, data]) => appendPrivate(path.join(this.dir, file), data)));
      await writeAtomic(path.join(this.dir, RUN_FILE), snapshot, this.lock.instance);
      await Promise.all(
        [...removals].map((file) =>
          fs.unlink(path.join(this.dir, file)).catch((err: unknown) => {
            if (code(err) !== 'ENOENT') throw err;
          }),
        ),
      );
    } catch (err) {
      // The counts in memory are now ahead of the disk: stop rather than commit lengths that are not there.
      this.state = 'failed';
      throw err;
    }
  }
}

function nameOf(pod: string, container: string): string {
  return `${pod}\u0000${container}`;
}
