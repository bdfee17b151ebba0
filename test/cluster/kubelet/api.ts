// A small HTTPS client for the Kubernetes API, for the stand-in kubelet. Node built-ins only.
// Parses answers defensively: a body that is not JSON (an apiserver's plain "400 Bad Request", a proxy
// page) is kept as text and never throws.
import { Agent, request } from 'node:https';

export interface ApiOptions {
  server: string;
  ca: Buffer;
  token: string;
}

export interface ApiResult {
  status: number;
  /** Parsed JSON, or undefined when the body was not JSON. */
  json: unknown;
  text: string;
}

export interface WatchEvent {
  type: string;
  object: unknown;
}

export class ApiClient {
  private readonly agent: Agent;

  constructor(private readonly opts: ApiOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ca: opts.ca });
  }

  call(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 15000): Promise<ApiResult> {
    const url = new URL(path, this.opts.server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            Authorization: `Bearer ${this.opts.token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': contentType, 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, json: parseJson(text), text });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Streams a watch. Calls onEvent for each well-formed event line; resolves when the server closes the
   * stream (e.g. its timeoutSeconds) and rejects on an HTTP error or a broken connection. The caller
   * re-lists and watches again either way.
   */
  watch(path: string, onEvent: (ev: WatchEvent) => void, idleTimeoutMs = 120000): { done: Promise<void>; abort: () => void } {
    const url = new URL(path, this.opts.server);
    let abort = (): void => undefined;
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        url,
        { method: 'GET', ca: this.opts.ca, timeout: idleTimeoutMs, headers: { Authorization: `Bearer ${this.opts.token}`, Accept: 'application/json' } },
        (res) => {
          if (res.statusCode !== 200) {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => reject(new Error(`watch ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`)));
            res.on('error', reject);
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            buf += c;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              const ev = parseJson(line);
              if (isRecord(ev) && typeof ev.type === 'string') onEvent({ type: ev.type, object: ev.object });
            }
          });
          res.on('end', () => resolve());
          res.on('aborted', () => resolve());
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`watch ${path}: idle for ${idleTimeoutMs} ms`)));
      req.on('error', reject);
      req.end();
      abort = () => req.destroy();
    });
    return { done, abort };
  }

  close(): void {
    this.agent.destroy();
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short description of a failed API answer, for logs and errors. */
export function describe(r: ApiResult): string {
  const msg = isRecord(r.json) && typeof r.json.message === 'string' ? r.json.message : r.text.slice(0, 300);
  return `HTTP ${r.status}: ${msg}`;
}
