/** Per key (a chart folder): a debounce, one run at a time, and a stale run cancelled for a newer request. */
export interface SchedulerOptions {
  delayMs: number;
  /** One run; it should stop soon after `signal` aborts. */
  run(key: string, signal: AbortSignal): Promise<void>;
  /** A run that threw (a run should report its own failures; this is the last resort). */
  onError?(key: string, err: unknown): void;
}

interface KeyState {
  timer: ReturnType<typeof setTimeout> | undefined;
  running: { controller: AbortController; done: Promise<void> } | undefined;
  /** Asked again while a run was under way: run once more when it ends. */
  again: boolean;
}

/**
 * Requests for a key within `delayMs` of each other make one run. A request that comes due while that key's run is
 * under way aborts it (its result would be stale) and runs again once it has ended: never two runs of one key at once.
 * Keys are independent.
 */
export class RenderScheduler {
  private readonly keys = new Map<string, KeyState>();
  private disposed = false;

  constructor(private readonly options: SchedulerOptions) {}

  schedule(key: string, delayMs = this.options.delayMs): void {
    if (this.disposed) return;
    const s = this.state(key);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.due(key, s);
    }, delayMs);
  }

  /** Drops a pending request and aborts the run under way, for one key. */
  cancel(key: string): void {
    const s = this.keys.get(key);
    if (s === undefined) return;
    clearTimeout(s.timer);
    s.timer = undefined;
    s.again = false;
    s.running?.controller.abort();
  }

  /** Drops every pending request and aborts every run (the scheduler stays usable). */
  cancelAll(): void {
    for (const key of [...this.keys.keys()]) this.cancel(key);
  }

  /** Whether a run of `key` is under way or pending. */
  busy(key: string): boolean {
    const s = this.keys.get(key);
    return s !== undefined && (s.timer !== undefined || s.running !== undefined);
  }

  /** Resolves once no key has a pending request or a run under way. */
  async idle(): Promise<void> {
    for (;;) {
      const runs = [...this.keys.values()].map((s) => s.running?.done).filter((d) => d !== undefined);
      const waiting = [...this.keys.values()].some((s) => s.timer !== undefined);
      if (runs.length === 0 && !waiting) return;
      if (runs.length > 0) await Promise.all(runs);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancelAll();
  }

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (s === undefined) {
      s = { timer: undefined, running: undefined, again: false };
      this.keys.set(key, s);
    }
    return s;
  }

  private due(key: string, s: KeyState): void {
    if (s.running !== undefined) {
      s.again = true;
      s.running.controller.abort();
      return;
    }
    this.start(key, s);
  }

  private start(key: string, s: KeyState): void {
    if (this.disposed) return;
    const controller = new AbortController();
    const done = (async () => {
      try {
        await this.options.run(key, controller.signal);
      } catch (err) {
        this.options.onError?.(key, err);
      }
    })().finally(() => {
      s.running = undefined;
      if (s.again) {
        s.again = false;
        this.start(key, s);
      } else if (s.timer === undefined) this.keys.delete(key);
    });
    s.running = { controller, done };
  }
}
