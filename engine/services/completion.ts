import { HELM_ANNOTATIONS, HOOK, HOOK_DELETE_POLICY, HOOK_OUTPUT_LOG_POLICY, HOOK_WEIGHT, RESOURCE_POLICY } from '../helm/annotations';
import { HOOK_EVENTS, parseEvent } from '../helm/events';
import { DELETE_POLICIES, OUTPUT_LOG_POLICIES, readDeletePolicy, readOutputLogPolicy } from '../helm/policies';
import { CursorContext, cursorContext, KeyContext, ValueContext } from './cursorContext';
import { DELETE_POLICY_DOCS, EVENT_DOCS, KEEP_DOC, KEY_DOCS, OUTPUT_LOG_POLICY_DOCS } from './knowledge';
import { chartHelperName, RESOURCE_SNIPPETS } from './snippets';

export type CompletionKind = 'key' | 'value' | 'snippet';

/** One completion, editor-neutral: offsets, and insert text in snippet syntax when `snippet` is set. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail: string;
  /** Markdown. */
  documentation: string;
  insertText: string;
  snippet: boolean;
  /** The range the insert text replaces. */
  start: number;
  end: number;
  filterText: string;
  sortText: string;
}

export interface Completions {
  /** What the cursor is on; undefined when nothing is offered there. */
  context: CursorContext['kind'] | undefined;
  items: CompletionEntry[];
}

const NONE: Completions = { context: undefined, items: [] };

/** Completions for hook annotations at `offset`: keys, values (comma-aware), or whole hook resources. */
export function completionsAt(text: string, offset: number): Completions {
  const ctx = cursorContext(text, offset);
  if (ctx === undefined) return NONE;
  if (ctx.kind === 'key') return { context: 'key', items: keyItems(ctx) };
  if (ctx.kind === 'value') return { context: 'value', items: valueItems(ctx) };
  const chart = chartHelperName(text);
  return {
    context: 'document',
    items: RESOURCE_SNIPPETS.map((s, i) => ({
      label: s.label,
      kind: 'snippet',
      detail: s.detail,
      documentation: s.documentation,
      insertText: s.body(chart),
      snippet: true,
      start: ctx.start,
      end: ctx.end,
      filterText: s.filterText,
      sortText: String(i),
    })),
  };
}

/** Snippet choices offered right after a key; lists are written as one string, so commas are escaped. */
const VALUE_SNIPPET: Readonly<Record<string, string>> = {
  [HOOK]: `\${1|${HOOK_EVENTS.join(',')}|}`,
  [HOOK_WEIGHT]: '"${1:0}"',
  [HOOK_DELETE_POLICY]: '${1|before-hook-creation\\,hook-succeeded,before-hook-creation,hook-succeeded,hook-failed|}',
  [HOOK_OUTPUT_LOG_POLICY]: '${1|hook-failed,hook-succeeded,hook-failed\\,hook-succeeded|}',
  [RESOURCE_POLICY]: 'keep',
};

function keyItems(ctx: KeyContext): CompletionEntry[] {
  const present = new Set(ctx.present);
  return HELM_ANNOTATIONS.filter((k) => !present.has(k)).map((key, i) => {
    const q = ctx.quote;
    const quotedKey = `${q}${key}${q}`;
    let insertText = quotedKey;
    if (ctx.form === 'dict') insertText = key;
    else if (!ctx.hasValue) {
      let value = VALUE_SNIPPET[key];
      // In a flow map a plain comma would end the entry: quote the value.
      if (ctx.form === 'flow' && !value.startsWith('"')) value = `"${value}"`;
      insertText = `${quotedKey}: ${value}`;
    }
    return {
      label: key,
      kind: 'key',
      detail: 'Helm annotation',
      documentation: KEY_DOCS[key],
      insertText,
      snippet: insertText.includes('$'),
      start: ctx.start,
      end: ctx.end,
      filterText: ctx.form === 'dict' ? key : quotedKey,
      sortText: String(i),
    };
  });
}

interface ValueChoice {
  value: string;
  documentation: string;
}

function valueChoices(key: string, others: readonly string[]): ValueChoice[] {
  if (key === HOOK) {
    // Present events are left out as Helm counts them: trimmed, lowercased, test-success as test.
    const listed = new Set(others.map(parseEvent));
    return HOOK_EVENTS.filter((e) => !listed.has(e)).map((e) => ({ value: e, documentation: EVENT_DOCS[e] }));
  }
  if (key === HOOK_DELETE_POLICY || key === HOOK_OUTPUT_LOG_POLICY) {
    const listed: ReadonlySet<string> = key === HOOK_DELETE_POLICY ? readDeletePolicy(others).applies : readOutputLogPolicy(others).applies;
    const docs: Readonly<Record<string, string>> = key === HOOK_DELETE_POLICY ? DELETE_POLICY_DOCS : OUTPUT_LOG_POLICY_DOCS;
    const all: readonly string[] = key === HOOK_DELETE_POLICY ? DELETE_POLICIES : OUTPUT_LOG_POLICIES;
    return all.filter((p) => !listed.has(p)).map((p) => ({ value: p, documentation: docs[p] }));
  }
  if (key === RESOURCE_POLICY) return [{ value: 'keep', documentation: KEEP_DOC }];
  return [];
}

function valueItems(ctx: ValueContext): CompletionEntry[] {
  return valueChoices(ctx.key, ctx.others).map((c, i) => ({
    label: c.value,
    kind: 'value',
    detail: ctx.key,
    documentation: c.documentation,
    insertText: ctx.prefix + c.value,
    snippet: false,
    start: ctx.start,
    end: ctx.end,
    filterText: c.value,
    sortText: String(i).padStart(2, '0'),
  }));
}
