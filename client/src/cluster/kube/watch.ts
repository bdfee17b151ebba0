import { KubeRequests } from './http';
import { ClusterProblem, problemOf } from './problems';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchHandlers {
  onEvent(type: WatchEventType, object: Record<string, unknown>): void;
  /** List again from scratch (after `410 Gone`, or after an outage); resolves with the list's resourceVersion. */
  relist(): Promise<string>;
  /** The connection failed (a problem), or works again (undefined). */
  onTrouble(problem: ClusterProblem | undefined, retryInMs: number | undefined): void;
}

export interface WatchOptions {
  /** Collection path without query, e.g. `/api/v1/secrets` or `/api/v1/namespaces/shop/configmaps`. */
  path: string;
  /** Extra query parameters (label and field selectors). */
  query: Record<string, string>;
  accept?: string;
  action: string;
  timeoutMs: number;
  backoff?: { firstMs: number; maxMs: number };
}

/** Watches are ended by the server every few minutes; asking for this keeps reconnects predictable. */
const WATCH_SECONDS = 300;

/**
 * Follows a collection from `resourceVersion` on: reconnects when the server ends the stream, lists again
 * when the server says the version is too old (410 Gone), and backs off (doubling, capped, with jitter)
 * while the cluster cannot be reached. Stops for good on dispose().
 */
export class ResilientWatch {
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private attempt = 0;

  constructor(
    private readonly conn: KubeRequests,
    private readonly opts: WatchOptions,
    private readonly handlers: WatchHandlers,
  ) {}

  /** Runs until disposed; `resourceVersion` is the version of the list the caller just made. */
  start(resourceVersion: string): void {
    void this.loop(resourceVersion);
  }

  /** Skips the current backoff wait (a user pressed Retry). */
  retryNow(): void {
    this.wake?.();
  }

  dispose(): void {
    this.abort.abort();
    this.wake?.();
  }

  private async loop(initial: string): Promise<void> {
    let rv: string | undefined = initial;
    let troubled = false;
    while (!this.abort.signal.aborted) {
      try {
        if (rv === undefined) rv = await this.handlers.relist();
        if (this.abort.signal.aborted) return;
        let gone = false;
        const opened = Date.now();
        let events = 0;
        const query = new URLSearchParams({ ...this.opts.query, watch: 'true', allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_SECONDS), resourceVersion: rv });
        await this.conn.streamLines(
          `${this.opts.path}?${query.toString()}`,
          { action: this.opts.action, timeoutMs: this.opts.timeoutMs, accept: this.opts.accept, signal: this.abort.signal },
          (line) => {
            const event = parse(line);
            if (event === undefined) return;
            if (event.type === 'ERROR') {
              // 410: the version is older than the server keeps; anything else is ended the same way.
              gone = true;
              return;
            }
            events += 1;
            const version = resourceVersionOf(event.object);
            if (version !== undefined) rv = version;
            if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') this.handlers.onEvent(event.type, event.object);
          },
          () => {
            this.attempt = 0;
            if (troubled) {
              troubled = false;
              this.handlers.onTrouble(undefined, undefined);
            }
          },
        );
        if (gone) rv = undefined;
        // A server that ends every watch at once must not make this a busy loop.
        else if (events === 0 && Date.now() - opened < 1000) await this.sleep(this.delay());
      } catch (err) {
        if (this.abort.signal.aborted) return;
        const problem = err instanceof ClusterProblem ? err : problemOf(err, { server: this.conn.target.server, user: this.conn.target.user, action: this.opts.action });
        // After an outage the server may have lost our version (restart, compaction): list again.
        rv = undefined;
        const wait = this.delay();
        troubled = true;
        this.handlers.onTrouble(problem, wait);
        await this.sleep(wait);
      }
    }
  }

  private delay(): number {
    const { firstMs, maxMs } = this.opts.backoff ?? { firstMs: 1000, maxMs: 30000 };
    const base = Math.min(maxMs, firstMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

interface RawEvent {
  type: string;
  object: Record<string, unknown>;
}

function parse(line: string): RawEvent | undefined {
  try {
    const e = JSON.parse(line) as unknown;
    if (typeof e !== 'object' || e === null) return undefined;
    const { type, object } = e as { type?: unknown; object?: unknown };
    if (typeof type !== 'string' || typeof object !== 'object' || object === null) return undefined;
    return { type, object: object as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

function resourceVersionOf(obj: Record<string, unknown>): string | undefined {
  const meta = obj.metadata as { resourceVersion?: unknown } | undefined;
  return typeof meta?.resourceVersion === 'string' && meta.resourceVersion !== '' ? meta.resourceVersion : undefined;
}
