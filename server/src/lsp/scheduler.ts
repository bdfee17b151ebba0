/**
 * Runs one pending job per document: a new request replaces the pending one, so a burst of edits is
 * checked once, for its last version. With a delay of 0 the job runs as soon as the queued messages
 * have been read.
 */
export class Scheduler {
  private readonly pending = new Map<string, { cancel(): void }>();

  constructor(private delayMs: () => number) {}

  schedule(key: string, job: () => void): void {
    this.cancel(key);
    const delay = this.delayMs();
    const run = (): void => {
      this.pending.delete(key);
      job();
    };
    // setTimeout(0) waits at least 1 ms; setImmediate runs right after the queued messages are read.
    if (delay <= 0) {
      const h = setImmediate(run);
      this.pending.set(key, { cancel: () => clearImmediate(h) });
    } else {
      const h = setTimeout(run, delay);
      this.pending.set(key, { cancel: () => clearTimeout(h) });
    }
  }

  cancel(key: string): void {
    const t = this.pending.get(key);
    if (t !== undefined) {
      t.cancel();
      this.pending.delete(key);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) t.cancel();
    this.pending.clear();
  }
}
