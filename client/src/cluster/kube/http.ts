import * as http from 'node:http';
import { createHash } from 'node:crypto';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { KubeConfig } from './clientNode';
import { KubeTarget } from './config';
import { ClusterProblem, httpProblem, problemOf, statusMessage } from './problems';

/**
 * Requests to the API server with the kubeconfig's credentials, TLS settings and auth plugins applied by
 * @kubernetes/client-node (token, client certificate, exec), sent with node's own http(s) so that each
 * request has a deadline, a size limit, and can ask for metadata-only lists, which the typed API cannot.
 */
export interface RequestOptions {
  /** For errors: what the request does, e.g. `list Secrets in namespace shop`. */
  action: string;
  timeoutMs: number;
  accept?: string;
  /** Answers larger than this are refused (a release record is at most Kubernetes' 1 MiB object limit). */
  maxBytes?: number;
  /** streamLines: pass empty lines on too (a log's blank lines are part of it; a watch's are noise). */
  keepEmptyLines?: boolean;
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  body: Buffer;
}

/**
 * The requests the log and watch code sends, whoever answers them: ApiConnection, or a test's fake that is
 * checked against this same shape, so it cannot drift from the real class.
 */
export type KubeRequests = Pick<ApiConnection, 'target' | 'getJson' | 'streamLines'>;

export class ApiConnection {
  private secure: { id: string; context: tls.SecureContext } | undefined;

  constructor(
    readonly config: KubeConfig,
    readonly target: KubeTarget,
  ) {}

  /** GET `path` and parse JSON; non-2xx answers become ClusterProblems. */
  async getJson(path: string, opts: RequestOptions): Promise<unknown> {
    const answer = await this.send(path, opts);
    if (answer.status < 200 || answer.status > 299) throw httpProblem(answer.status, statusMessage(answer.body.toString('utf8')), this.ctx(opts.action));
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new ClusterProblem('server', `Cluster ${this.target.server} sent an answer that is not JSON (${opts.action}).`);
    }
  }

  /**
   * Streams the answer to `path` line by line (a watch, or logs that follow). Resolves when the stream
   * ends; rejects with a ClusterProblem when it cannot start or breaks. `opts.timeoutMs` bounds only the
   * wait for the response headers.
   */
  async streamLines(path: string, opts: RequestOptions, onLine: (line: string) => void, onOpen?: () => void): Promise<void> {
    const res = await this.open(path, opts, true);
    if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) {
      const body = await readAll(res, 64 * 1024).catch(() => Buffer.alloc(0));
      throw httpProblem(res.statusCode ?? 0, statusMessage(body.toString('utf8')), this.ctx(opts.action));
    }
    onOpen?.();
    await new Promise<void>((resolve, reject) => {
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const p of parts) if (p !== '' || opts.keepEmptyLines) onLine(p);
      });
      res.on('end', () => {
        if (rest !== '') onLine(rest);
        resolve();
      });
      res.on('error', (err) => reject(problemOf(err, this.ctx(opts.action))));
      res.on('aborted', () => reject(new ClusterProblem('unreachable', `Connection to ${this.target.server} dropped (${opts.action}).`)));
      opts.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private async send(path: string, opts: RequestOptions): Promise<Answer> {
    const res = await this.open(path, opts);
    const body = await readAll(res, opts.maxBytes ?? 64 * 1024 * 1024).catch((err: unknown) => {
      throw err instanceof ClusterProblem ? err : problemOf(err, this.ctx(opts.action));
    });
    return { status: res.statusCode ?? 0, body };
  }

  /**
   * Building a TLS context parses the CA and the client certificate on the event loop (a few ms each): fifty
   * log streams opened at once would stall it for hundreds of ms. One context per set of credentials is
   * built once and shared; credentials that change (an exec plugin's new certificate) get a new one.
   */
  private shareSecureContext(options: https.RequestOptions & { secureContext?: tls.SecureContext }): void {
    if (options.pfx !== undefined || options.passphrase !== undefined || options.secureContext !== undefined) return;
    const hash = createHash('sha256');
    for (const part of [options.ca, options.cert, options.key]) hash.update(`${partText(part)}\0`);
    hash.update(String(options.rejectUnauthorized ?? true));
    const id = hash.digest('hex');
    if (this.secure?.id !== id) this.secure = { id, context: tls.createSecureContext({ ca: options.ca, cert: options.cert, key: options.key }) };
    options.secureContext = this.secure.context;
  }

  private ctx(action: string): { server: string; user: string; action: string } {
    return { server: this.target.server, user: this.target.user, action };
  }

  /**
   * Sends the request; resolves with the response once its headers arrived. The deadline covers the
   * credentials, the connection and the headers, and the body too unless `streaming` (watches and follows
   * stay open for as long as the caller wants).
   */
  private async open(path: string, opts: RequestOptions, streaming = false): Promise<http.IncomingMessage> {
    // A caller that gave up already (a view closed, a run finished) must not start a stream no one will end.
    if (opts.signal?.aborted) throw new ClusterProblem('timeout', 'Cancelled.');
    const url = new URL(this.target.server.replace(/\/+$/, '') + path);
    const options: https.RequestOptions = { method: 'GET', headers: { Accept: opts.accept ?? 'application/json' } };
    const started = Date.now();
    // Credentials may come from an exec plugin, which could hang: it gets the same deadline.
    try {
      await withDeadline(this.config.applyToHTTPSOptions(options), opts.timeoutMs, opts.signal);
    } catch (err) {
      // The plugin is killed at the same deadline (config.ts), so its own failure may arrive first: still the deadline.
      const late = Date.now() - started >= opts.timeoutMs && !opts.signal?.aborted;
      if (err === DEADLINE || late) throw new ClusterProblem('auth-plugin', `Getting credentials for user ${this.target.user} took longer than ${opts.timeoutMs} ms.`);
      if (opts.signal?.aborted) throw new ClusterProblem('timeout', 'Cancelled.');
      throw new ClusterProblem('auth-plugin', `Could not get credentials for user ${this.target.user}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (url.protocol === 'https:') this.shareSecureContext(options);
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const req = lib.request(url, options, (res) => {
        if (streaming) clearTimeout(timer);
        else res.on('close', () => clearTimeout(timer));
        resolve(res);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy();
      }, Math.max(1, opts.timeoutMs - (Date.now() - started)));
      const cancel = (): void => {
        clearTimeout(timer);
        req.destroy();
      };
      opts.signal?.addEventListener('abort', cancel, { once: true });
      req.on('close', () => opts.signal?.removeEventListener('abort', cancel));
      req.on('error', (err) => {
        clearTimeout(timer);
        if (timedOut) reject(new ClusterProblem('timeout', `Cluster ${this.target.server} did not answer within ${opts.timeoutMs} ms (${opts.action}).`));
        else if (opts.signal?.aborted) reject(new ClusterProblem('timeout', 'Cancelled.'));
        else reject(problemOf(err, this.ctx(opts.action)));
      });
      req.end();
    });
  }
}

// Compared by identity, never shown: the caller turns it into a ClusterProblem.
const DEADLINE = new Error('deadline');

function withDeadline<T>(p: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(DEADLINE), ms);
    signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    p.finally(() => clearTimeout(timer)).then(resolve, reject);
  });
}

function readAll(res: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new ClusterProblem('server', `The answer is larger than ${Math.round(maxBytes / 1048576)} MB; refused.`));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('connection aborted')));
  });
}

function partText(part: unknown): string {
  if (part === undefined || part === null) return '';
  if (Array.isArray(part)) return part.map(partText).join('\n');
  if (Buffer.isBuffer(part)) return part.toString('latin1');
  if (typeof part === 'string') return part;
  // KeyObject forms ({ pem, passphrase }): kept apart by their content.
  return JSON.stringify(part);
}
