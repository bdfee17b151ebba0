// The stand-in kubelet's HTTPS server: what the API server calls on a kubelet for `pods/{name}/log`.
//   GET /containerLogs/{namespace}/{pod}/{container}?follow&previous&tailLines&timestamps&limitBytes&sinceSeconds&sinceTime
//   GET /healthz
// Clients must present a certificate from the cluster CA (the API server's kubelet client certificate).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { LogBuffer, LogLine, rfc3339Nano } from './logs';
import type { PodWorker } from './pods';

export interface LogServerOptions {
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
  /** The pod with this namespace and name, if the kubelet runs it. */
  findPod: (namespace: string, name: string) => PodWorker | undefined;
  log: (msg: string) => void;
}

function badRequest(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function handleLogs(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[], o: LogServerOptions): void {
  const [namespace, podName, containerName] = parts.map((p) => decodeURIComponent(p));
  if (!namespace || !podName || !containerName) return badRequest(res, 400, 'expected /containerLogs/{namespace}/{pod}/{container}');
  const worker = o.findPod(namespace, podName);
  if (!worker) return badRequest(res, 404, `pod "${podName}" in namespace "${namespace}" not found`);
  const cs = worker.containers.get(containerName);
  if (!cs) return badRequest(res, 404, `container "${containerName}" in pod "${podName}" not found`);
  const q = url.searchParams;
  const flag = (name: string): boolean => ['true', '1', ''].includes(q.get(name) ?? 'false') && q.has(name);
  const previous = flag('previous');
  const follow = flag('follow') && !previous;
  const timestamps = flag('timestamps');
  const num = (name: string): number | undefined => {
    const v = q.get(name);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const tailLines = num('tailLines');
  const limitBytes = num('limitBytes');
  const sinceSeconds = num('sinceSeconds');
  const sinceTimeText = q.get('sinceTime');
  const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTimeText ? Date.parse(sinceTimeText) : undefined;

  let buf: LogBuffer;
  if (previous) {
    if (!cs.previous) return badRequest(res, 400, `previous terminated container "${containerName}" in pod "${podName}" not found`);
    buf = cs.previous.log;
  } else if (!cs.current && cs.previous) {
    // Waiting to restart (CrashLoopBackOff): like the kubelet, the last terminated run's logs.
    buf = cs.previous.log;
  } else {
    if (!cs.current) {
      const reason = cs.waitingReason || 'ContainerCreating';
      return badRequest(res, 400, `container "${containerName}" in pod "${podName}" is waiting to start: ${reason}`);
    }
    buf = cs.current.log;
  }

  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  let sent = 0;
  const write = (l: LogLine): boolean => {
    if (since !== undefined && Number.isFinite(since) && l.at < since) return true;
    let text = (timestamps ? `${rfc3339Nano(l.at)} ` : '') + l.text + '\n';
    if (limitBytes !== undefined) {
      const left = limitBytes - sent;
      if (left <= 0) return false;
      const b = Buffer.from(text);
      if (b.length > left) text = b.subarray(0, left).toString('utf8');
    }
    sent += Buffer.byteLength(text);
    res.write(text);
    return limitBytes === undefined || sent < limitBytes;
  };
  let lines = buf.lines;
  if (tailLines !== undefined && tailLines >= 0) lines = tailLines === 0 ? [] : lines.slice(-tailLines);
  for (const l of lines) {
    if (!write(l)) return void res.end();
  }
  if (!follow || buf.ended) return void res.end();
  const onLine = (l: LogLine): void => {
    if (!write(l)) done();
  };
  const done = (): void => {
    buf.off('line', onLine);
    buf.off('end', done);
    res.end();
  };
  buf.on('line', onLine);
  buf.on('end', done);
  req.on('close', () => {
    buf.off('line', onLine);
    buf.off('end', done);
  });
}

export function startLogServer(o: LogServerOptions, port = 0): Promise<Server> {
  const server = createServer({ cert: o.cert, key: o.key, ca: o.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const parts = url.pathname.split('/').filter((p) => p !== '');
      if (req.method !== 'GET') return badRequest(res, 405, 'method not allowed');
      if (parts[0] === 'healthz' && parts.length === 1) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('ok');
      }
      if (parts[0] === 'containerLogs' && parts.length === 4) return handleLogs(req, res, url, parts.slice(1), o);
      return badRequest(res, 404, `${url.pathname}: not served by the helm-hooks stand-in kubelet`);
    } catch (e) {
      o.log(`log server: ${String(e)}`);
      if (!res.headersSent) badRequest(res, 500, 'internal error');
      else res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
