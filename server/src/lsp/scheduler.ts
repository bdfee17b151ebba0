/**
 * Runs one pending job per document: a new request replaces the pending one, so a burst of edits is
 * checked once, for its last version. With a delay of 0 the job runs as soon as the queued messages
 * have been read.
 */
export class Scheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private delayMs: () => number) {}

  schedule(key: string, job: () => void): void {
    this.cancel(key);
    const delay = this.delayMs();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        job();
      }, delay),
    );
  }

  cancel(key: string): void {
    const t = this.pending.get(key);
    if (t !== undefined) {
      clearTimeout(t);
      this.pending.delete(key);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
