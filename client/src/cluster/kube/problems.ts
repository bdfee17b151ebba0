/**
 * What went wrong talking to a cluster, in words a user can act on. Every failure of the cluster layer
 * ends as a ClusterProblem; views show its message with an action. Messages never include response
 * bodies beyond the API server's own Status message, so no Secret data can reach them.
 */
export type ProblemKind =
  | 'no-kubeconfig'
  | 'bad-kubeconfig'
  | 'no-context'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'auth-plugin'
  | 'server';

export class ClusterProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    /** HTTP status, when the API server answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ClusterProblem';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|UNABLE_TO_GET_ISSUER|DEPTH_ZERO/;

interface Context {
  server: string;
  user: string;
  /** What was being done, e.g. `list Secrets in all namespaces`. */
  action: string;
}

/** Any error from a request to the API server, as a ClusterProblem. */
export function problemOf(err: unknown, ctx: Context): ClusterProblem {
  if (err instanceof ClusterProblem) return err;
  const e = err as { code?: unknown; status?: unknown; statusCode?: unknown; body?: unknown; message?: unknown; name?: unknown; cause?: unknown; type?: unknown };
  const status = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) return httpProblem(status, statusMessage(e.body), ctx);
  const code = errnoOf(err);
  const text = messageOf(err);
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted' || code === 'ABORT_ERR') {
    return new ClusterProblem('timeout', `Cluster ${ctx.server} did not answer in time (${ctx.action}).`);
  }
  if (code !== undefined && TLS.test(code)) {
    return new ClusterProblem('tls', `TLS error talking to ${ctx.server}: ${text} (${code}). Check certificate-authority in the kubeconfig.`);
  }
  if (code !== undefined && UNREACHABLE.has(code)) return new ClusterProblem('unreachable', `Cannot reach cluster ${ctx.server}: ${shortNetworkText(text, code)}.`);
  if (/exec|credential|auth provider|authProvider/i.test(text)) {
    return new ClusterProblem('auth-plugin', `Could not get credentials for user ${ctx.user}: ${firstLine(text)}`);
  }
  return new ClusterProblem('unreachable', `Cannot reach cluster ${ctx.server}: ${firstLine(text)}.`);
}

/** A problem from an HTTP status the API server answered with. */
export function httpProblem(status: number, message: string | undefined, ctx: Context): ClusterProblem {
  const why = message ? `: ${message}` : '';
  if (status === 401) {
    return new ClusterProblem('unauthorized', `Cluster ${ctx.server} rejected the credentials of user ${ctx.user} (401 Unauthorized). Log in again or renew the token.`, 401);
  }
  if (status === 403) return new ClusterProblem('forbidden', `Not allowed to ${ctx.action} as user ${ctx.user} (403 Forbidden)${why}.`, 403);
  if (status === 404) return new ClusterProblem('not-found', `Not found while trying to ${ctx.action} (404)${why}.`, 404);
  return new ClusterProblem('server', `Cluster ${ctx.server} failed to ${ctx.action} (HTTP ${status})${why}.`, status);
}

/** The `message` of a Kubernetes Status body, if that is what the body is. */
export function statusMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  if (typeof b === 'object' && b !== null && (b as { kind?: unknown }).kind === 'Status') {
    const m = (b as { message?: unknown }).message;
    return typeof m === 'string' ? firstLine(m) : undefined;
  }
  return undefined;
}

function errnoOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const c = (e as { code?: unknown; errno?: unknown }).code ?? (e as { errno?: unknown }).errno;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** node-fetch wraps the socket error in a long sentence; `connect ECONNREFUSED 127.0.0.1:6443` is what helps. */
function shortNetworkText(text: string, code: string): string {
  const m = /reason: (.*)$/.exec(text);
  return firstLine(m?.[1] ?? (text.includes(code) ? text : `${code}`));
}
