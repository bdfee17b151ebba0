import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** A tiny LSP client over stdio: Content-Length framing, requests, notifications, server-to-client requests. */

export interface PublishDiagnostics {
  uri: string;
  version?: number;
  diagnostics: unknown[];
  /** Client side: performance.now() when the message was read off the pipe. */
  receivedAt: number;
}

type Json = Record<string, unknown>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface DiagWaiter {
  uri: string;
  match: (p: PublishDiagnostics) => boolean;
  resolve: (p: PublishDiagnostics) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Answers `workspace/configuration` items; the default answers null for every item. */
export type ConfigAnswer = (item: { section?: string; scopeUri?: string }) => unknown;

export class LspClient {
  readonly proc: ChildProcess;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: DiagWaiter[] = [];
  private stderrTail = '';
  private exited = false;
  /** Count of workspace/configuration requests answered. */
  configRequests = 0;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    private readonly config: ConfigAnswer = () => null,
  ) {
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    this.proc.stdin!.on('error', () => undefined);
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      const err = new Error(`${name} exited (code ${code}, signal ${signal}); stderr: ${this.stderrTail}`);
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(err);
      }
      this.pending.clear();
      for (const w of this.waiters) {
        clearTimeout(w.timer);
        w.reject(err);
      }
      this.waiters = [];
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with the next publishDiagnostics for `uri` that `match` accepts. Register the wait before
   * sending the change that causes it; a publish that never comes rejects after `timeoutMs`.
   */
  waitForDiagnostics(uri: string, match: (p: PublishDiagnostics) => boolean, timeoutMs: number): Promise<PublishDiagnostics> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`${this.name} has exited`));
      const waiter: DiagWaiter = {
        uri,
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`${this.name}: no publishDiagnostics for ${uri} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resident set size of the server process, from /proc (Linux). */
  memory(): { rssBytes: number; peakRssBytes: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  }

  async initialize(initializationOptions?: unknown): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'helm-hooks-bench' },
      rootUri: null,
      workspaceFolders: null,
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
        },
      },
    });
    this.notify('initialized', {});
  }

  /** Polite shutdown, then a kill if the process lingers. Never throws. */
  async dispose(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      // fall through to kill
    }
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  private send(message: Json): void {
    if (this.exited) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) {
        // Not LSP (something wrote to stdout): give up on this server rather than crash the bench.
        this.stderrTail += `\n[bench] bad header from server: ${JSON.stringify(header.slice(0, 200))}`;
        this.buffer = Buffer.alloc(0);
        this.kill();
        return;
      }
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as Json);
    }
  }

  private dispatch(msg: Json): void {
    // performance.now() is taken per message (not per chunk) so a late chunk does not skew earlier ones.
    const method = msg.method as string | undefined;
    if (method === undefined) {
      const p = this.pending.get(msg.id as number);
      if (p === undefined) return;
      this.pending.delete(msg.id as number);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(`${this.name}: ${JSON.stringify(msg.error)}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer at once so it never waits on us.
      let result: unknown = null;
      if (method === 'workspace/configuration') {
        this.configRequests++;
        const items = ((msg.params as Json | undefined)?.items ?? []) as { section?: string; scopeUri?: string }[];
        result = items.map((item) => this.config(item));
      }
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (method === 'textDocument/publishDiagnostics') {
      const params = { ...(msg.params as object), receivedAt: performance.now() } as PublishDiagnostics;
      const i = this.waiters.findIndex((w) => w.uri === params.uri && w.match(params));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        clearTimeout(w.timer);
        w.resolve(params);
      }
    }
  }
}
