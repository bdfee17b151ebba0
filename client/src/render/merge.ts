import { dedupeByRuleFileLine } from '../../../engine';

/** What a finding is keyed by when findings from the server, the cluster and rendering are merged. */
export interface FindingKey {
  /** Absolute path (or any one spelling per file, the same on both sides). */
  file: string;
  /** 0-based. */
  line: number;
  code: string;
}

const keyOf = (f: FindingKey): string => `${f.code}\u0000${f.file}\u0000${f.line}`;

/**
 * The rendered findings to publish beside those already shown (the server's static findings, the cluster's):
 * one finding per (rule, file, line). A rendered finding that repeats a shown one is left out, so the shown one
 * keeps its exact columns and quick fixes; rendered findings that repeat each other keep the first.
 */
export function renderedToPublish<T extends FindingKey>(rendered: readonly T[], shown: readonly FindingKey[]): T[] {
  const taken = new Set(shown.map(keyOf));
  return dedupeByRuleFileLine(rendered.filter((f) => !taken.has(keyOf(f))));
}

/** Findings grouped by file, for publishing per document; files with none are listed when `files` names them. */
export function byFile<T extends FindingKey>(findings: readonly T[], files: Iterable<string> = []): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const f of files) out.set(f, []);
  for (const f of findings) out.set(f.file, [...(out.get(f.file) ?? []), f]);
  return out;
}
