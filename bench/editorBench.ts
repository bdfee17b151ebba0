import { performance } from 'node:perf_hooks';
import { completionsAt, hoverAt } from '../engine/services';
import { LspClient } from './lspClient';
import { Scenario } from './scenarios';
import { fmtMs, percentile } from './stats';

/**
 * Completion and hover latency on one document: each request is timed from writing it to reading its
 * answer over stdio, one at a time; the engine's share is timed in-process on the same positions.
 */

interface Probe {
  request: 'completion' | 'hover';
  where: string;
  line: number;
  character: number;
  /** Another document than the scenario's. */
  uri?: string;
  text?: string;
}

/** A request that does almost nothing: the round trip's own cost on this machine. */
const FLOOR_TEXT = 'kind: ConfigMap\nmetadata:\n  name: floor\n';

export interface EditorResult {
  request: string;
  where: string;
  samples: number[];
  p50: number;
  p99: number;
  max: number;
  /** In-process completionsAt / hoverAt, same position. */
  engineP50: number;
  engineP99: number;
  /** Completion items, or hover characters, in the last answer. */
  answer: number;
  /** The round-trip floor row: no target applies. */
  floor: boolean;
  failures: number;
  error?: string;
}

/** Four positions on the scenario's `helm.sh/hook: pre-install` line. */
function probes(s: Scenario): Probe[] {
  const line = s.text.split('\n')[s.line];
  const key = line.indexOf('helm.sh/hook');
  const value = line.indexOf('pre-install');
  return [
    { request: 'hover', where: 'nothing, in a 3-line document (round-trip floor)', line: 0, character: 1, uri: s.uri.replace(/\.ya?ml$/, '.floor.yaml'), text: FLOOR_TEXT },
    { request: 'completion', where: 'key, after `helm.sh/ho`', line: s.line, character: key + 'helm.sh/ho'.length },
    { request: 'completion', where: 'value, after `pre-install`', line: s.line, character: value + 'pre-install'.length },
    { request: 'hover', where: 'key `helm.sh/hook` (execution order)', line: s.line, character: key + 2 },
    { request: 'hover', where: 'value `pre-install`', line: s.line, character: value + 2 },
  ];
}

function offsetOf(text: string, line: number, character: number): number {
  let o = 0;
  for (let l = 0; l < line; l++) o = text.indexOf('\n', o) + 1;
  return o + character;
}

function engineTimes(text: string, p: Probe, runs: number): { p50: number; p99: number } {
  const offset = offsetOf(text, p.line, p.character);
  const call = p.request === 'completion' ? () => completionsAt(text, offset) : () => hoverAt(text, offset);
  for (let i = 0; i < 20; i++) call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function measureEditor(client: LspClient, s: Scenario, requests = 500, warmup = 20): Promise<EditorResult[]> {
  const scenarioUri = s.uri.replace(/\.ya?ml$/, '.editor-bench.yaml');
  const all = probes(s);
  const docs = new Map<string, string>([[scenarioUri, s.text], ...all.filter((p) => p.uri !== undefined).map((p): [string, string] => [p.uri!, p.text!])]);
  for (const [uri, text] of docs) {
    const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, 15_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'helm', version: 1, text } });
    await opened;
  }
  const results: EditorResult[] = [];
  for (const p of all) {
    const uri = p.uri ?? scenarioUri;
    const engine = engineTimes(docs.get(uri)!, p, 200);
    const r: EditorResult = { request: p.request, where: p.where, samples: [], p50: NaN, p99: NaN, max: NaN, engineP50: engine.p50, engineP99: engine.p99, answer: -1, floor: p.uri !== undefined, failures: 0 };
    const method = p.request === 'completion' ? 'textDocument/completion' : 'textDocument/hover';
    for (let i = 0; i < warmup + requests; i++) {
      const t0 = performance.now();
      try {
        const answer = await client.request<{ items?: unknown[]; contents?: { value: string } } | null>(method, { textDocument: { uri }, position: { line: p.line, character: p.character } }, 5000);
        const ms = performance.now() - t0;
        if (i >= warmup) r.samples.push(ms);
        r.answer = p.request === 'completion' ? (answer?.items?.length ?? 0) : (answer?.contents?.value.length ?? 0);
      } catch (err) {
        r.failures++;
        r.error = (err as Error).message;
      }
    }
    r.p50 = percentile(r.samples, 50);
    r.p99 = percentile(r.samples, 99);
    r.max = percentile(r.samples, 100);
    results.push(r);
  }
  for (const uri of docs.keys()) client.notify('textDocument/didClose', { textDocument: { uri } });
  return results;
}

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;

export function editorTable(results: readonly EditorResult[], targetMs: number): string {
  return [
    row(['request', 'cursor on', 'requests timed', 'p50', 'p99', 'max', 'target p99', 'engine p50 / p99 (in-process)', 'answer', 'failures']),
    row(Array(10).fill('---')),
    ...results.map((r) =>
      row([
        r.request,
        r.where,
        r.samples.length,
        fmtMs(r.p50),
        fmtMs(r.p99),
        fmtMs(r.max),
        r.floor ? '—' : `< ${fmtMs(targetMs)} (${r.p99 < targetMs && r.failures === 0 ? 'met' : 'MISSED'})`,
        `${fmtMs(r.engineP50)} / ${fmtMs(r.engineP99)}`,
        r.request === 'completion' ? `${r.answer} items` : `${r.answer} chars`,
        r.failures === 0 ? '0' : `${r.failures}: ${r.error ?? ''}`,
      ]),
    ),
  ].join('\n');
}
