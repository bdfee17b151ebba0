import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TemplateFile } from './corpus';
import { LspClient, PublishDiagnostics } from './lspClient';
import { Scenario } from './scenarios';
import { ServerKind } from './servers';
import { percentile, sleep } from './stats';

export interface LatencyOptions {
  edits: number;
  warmup: number;
  /** Stop early (with fewer samples) once a scenario has run this long. */
  budgetMs: number;
  publishTimeoutMs: number;
  /** Run after the open's publish, before the first edit (e.g. to reset a server-side measurement). */
  afterOpen?: () => Promise<void>;
  /** Run after the last edit, before the close. */
  afterEdits?: () => Promise<void>;
}

export interface LatencyResult {
  server: string;
  scenario: string;
  openMs: number;
  samples: number[];
  p50: number;
  p99: number;
  max: number;
  failures: number;
  /** Diagnostic counts seen after `to` edits and after `from` edits. */
  diagnosticsTo: number;
  diagnosticsFrom: number;
  stoppedEarly: boolean;
  error?: string;
}

/** Starts the server, initializes it and runs `body`; the server is shut down (or killed) afterwards. */
export async function withStartedServer<T>(kind: ServerKind, live: Set<LspClient>, body: (c: LspClient) => Promise<T>): Promise<T> {
  const client = kind.start();
  live.add(client);
  try {
    await client.initialize();
    await sleep(300); // let it pull its settings
    return await body(client);
  } finally {
    await client.dispose();
    live.delete(client);
  }
}

const matcher =
  (kind: ServerKind, version: number) =>
  (p: PublishDiagnostics): boolean =>
    !kind.versioned || p.version === version;

/**
 * Opens the scenario's document, then sends one incremental one-character edit at a time and times it from
 * the didChange write to the publishDiagnostics for that version (for servers that do not echo versions:
 * the next publish for the document, which is unambiguous because edits are sent one at a time).
 */
export async function measureLatency(client: LspClient, kind: ServerKind, s: Scenario, o: LatencyOptions): Promise<LatencyResult> {
  const result: LatencyResult = {
    server: kind.label,
    scenario: s.name,
    openMs: NaN,
    samples: [],
    p50: NaN,
    p99: NaN,
    max: NaN,
    failures: 0,
    diagnosticsTo: -1,
    diagnosticsFrom: -1,
    stoppedEarly: false,
  };
  const start = performance.now();
  try {
    const opened = client.waitForDiagnostics(s.uri, matcher(kind, 1), o.publishTimeoutMs * 3);
    const t0 = performance.now();
    client.notify('textDocument/didOpen', { textDocument: { uri: s.uri, languageId: kind.languageId, version: 1, text: s.text } });
    result.openMs = (await opened).receivedAt - t0;
    await o.afterOpen?.();
    for (let i = 0; i < o.warmup + o.edits; i++) {
      if (performance.now() - start > o.budgetMs) {
        result.stoppedEarly = true;
        break;
      }
      const version = i + 2;
      const toEdit = i % 2 === 0;
      const wait = client.waitForDiagnostics(s.uri, matcher(kind, version), o.publishTimeoutMs);
      const t = performance.now();
      const e = s.edit?.(i);
      const change =
        e === undefined
          ? { range: { start: { line: s.line, character: s.character }, end: { line: s.line, character: s.character + 1 } }, rangeLength: 1, text: toEdit ? s.to : s.from }
          : { range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + (e.remove ? 1 : 0) } }, rangeLength: e.remove ? 1 : 0, text: e.text };
      client.notify('textDocument/didChange', { textDocument: { uri: s.uri, version }, contentChanges: [change] });
      let published: PublishDiagnostics;
      try {
        published = await wait;
      } catch (err) {
        result.failures++;
        result.error = (err as Error).message;
        // Without versions a late reply could be mistaken for the next one: stop this scenario.
        if (!kind.versioned) break;
        continue;
      }
      if (i >= o.warmup) result.samples.push(published.receivedAt - t);
      if (toEdit) result.diagnosticsTo = published.diagnostics.length;
      else result.diagnosticsFrom = published.diagnostics.length;
    }
    await o.afterEdits?.();
  } catch (err) {
    result.failures++;
    result.error = (err as Error).message;
  } finally {
    const closed = client.waitForDiagnostics(s.uri, () => true, 5000).catch(() => undefined);
    client.notify('textDocument/didClose', { textDocument: { uri: s.uri } });
    await closed;
  }
  result.p50 = percentile(result.samples, 50);
  result.p99 = percentile(result.samples, 99);
  result.max = percentile(result.samples, 100);
  return result;
}

export interface MemoryResult {
  server: string;
  documents: number;
  baselineRss: number;
  rss: number;
  peakRss: number;
  openAllMs: number;
  failures: number;
  error?: string;
}

/** RSS of the server after opening every corpus template (and receiving the diagnostics of each). */
export async function measureMemory(client: LspClient, kind: ServerKind, files: readonly TemplateFile[], timeoutMs: number): Promise<MemoryResult> {
  await sleep(500);
  const baseline = client.memory();
  const t0 = performance.now();
  const waits = files.map((f) => {
    const uri = pathToFileURL(f.path).href;
    const w = client.waitForDiagnostics(uri, matcher(kind, 1), timeoutMs).then(
      () => true,
      (err: Error) => err,
    );
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: kind.languageId, version: 1, text: f.text } });
    return w;
  });
  const outcomes = await Promise.all(waits);
  const openAllMs = performance.now() - t0;
  const failed = outcomes.filter((o) => o !== true) as Error[];
  await sleep(1000);
  const after = client.memory();
  return {
    server: kind.label,
    documents: files.length,
    baselineRss: baseline.rssBytes,
    rss: after.rssBytes,
    peakRss: after.peakRssBytes,
    openAllMs,
    failures: failed.length,
    ...(failed.length > 0 ? { error: failed[0].message } : {}),
  };
}
