import { LineIndex } from '../text/lineIndex';

/**
 * Disable comments, in YAML (`# ...`) or Go template comment form (`{{/* ... *\/}}`, which stays out of the
 * rendered manifest):
 *   helm-hooks-disable-file [code, ...]        the whole file
 *   helm-hooks-disable-next-line [code, ...]   the next line
 *   helm-hooks-disable-line [code, ...]        its own line (at the end of it)
 * Without codes, every rule is disabled there.
 */
export interface Suppressions {
  isSuppressed(code: string, line: number): boolean;
}

const DIRECTIVE = /(?:#|\{\{-?\s*\/\*)\s*helm-hooks-disable(-file|-next-line|-line)?\b([^\n*#}]*)/g;

type CodeSet = ReadonlySet<string> | 'all';

function merge(a: CodeSet | undefined, b: CodeSet): CodeSet {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

const NONE: Suppressions = { isSuppressed: () => false };

/** `lines` only needs `lineOf`: an editor passes its own line table rather than indexing a large file again. */
export function parseSuppressions(text: string, lines: Pick<LineIndex, 'lineOf'>): Suppressions {
  if (!text.includes('helm-hooks-disable')) return NONE;
  let file: CodeSet | undefined;
  const byLine = new Map<number, CodeSet>();
  for (const m of text.matchAll(DIRECTIVE)) {
    const codes = m[2]
      .split(/[\s,]+/)
      .map((c) => c.trim())
      .filter((c) => /^[a-z][a-z0-9-]*$/.test(c));
    const set: CodeSet = codes.length === 0 ? 'all' : new Set(codes);
    const line = lines.lineOf(m.index ?? 0);
    if (m[1] === '-file') file = merge(file, set);
    else if (m[1] === '-next-line') byLine.set(line + 1, merge(byLine.get(line + 1), set));
    else if (m[1] === '-line') byLine.set(line, merge(byLine.get(line), set));
  }
  const covers = (s: CodeSet | undefined, code: string): boolean => s !== undefined && (s === 'all' || s.has(code));
  return { isSuppressed: (code, line) => covers(file, code) || covers(byLine.get(line), code) };
}
