/**
 * Finds Go template actions (`{{ ... }}`) in a template file. Strings and comments inside actions are
 * honoured so a `}}` inside `"..."` does not end the action. Unterminated actions end at their line's end,
 * so one typo does not swallow the rest of the file.
 */

export type ActionKind =
  | 'comment'
  | 'if'
  | 'elseIf'
  | 'else'
  | 'end'
  | 'with'
  | 'range'
  | 'define'
  | 'block'
  | 'assign'
  | 'controlOther'
  | 'output';

/** What an action does to the nesting of template blocks: opens one, switches its branch, or closes it. */
export function blockStep(kind: ActionKind): 'open' | 'branch' | 'close' | undefined {
  switch (kind) {
    case 'if':
    case 'with':
    case 'range':
    case 'define':
    case 'block':
      return 'open';
    case 'else':
    case 'elseIf':
      return 'branch';
    case 'end':
      return 'close';
    default:
      return undefined;
  }
}

export interface Action {
  /** Offset of `{{`. */
  start: number;
  /** Offset just past `}}` (or the line end when unterminated). */
  end: number;
  /** The text between the delimiters and trim markers, and where it sits in the file. */
  body: string;
  bodyStart: number;
  trimLeft: boolean;
  trimRight: boolean;
  kind: ActionKind;
  terminated: boolean;
}

const KEYWORDS = new Map<string, ActionKind>(Object.entries({
  if: 'if',
  else: 'else',
  end: 'end',
  with: 'with',
  range: 'range',
  define: 'define',
  block: 'block',
  template: 'output',
  break: 'controlOther',
  continue: 'controlOther',
}) as [string, ActionKind][]);

export function classify(body: string): ActionKind {
  const t = body.trim();
  if (t.startsWith('/*')) return 'comment';
  const word = /^([a-z]+)(?=$|[\s(])/.exec(t)?.[1];
  const kind = word === undefined ? undefined : KEYWORDS.get(word);
  if (kind === 'else') return /^else\s+(if|with)\b/.test(t) ? 'elseIf' : 'else';
  if (kind !== undefined) return kind;
  if (/^\$[\w]*\s*:?=/.test(t)) return 'assign';
  return 'output';
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function findActions(text: string): Action[] {
  const actions: Action[] = [];
  let i = text.indexOf('{{');
  while (i !== -1) {
    const start = i;
    let p = i + 2;
    let trimLeft = false;
    if (text.charCodeAt(p) === 45 /* - */ && isSpace(text.charCodeAt(p + 1))) {
      trimLeft = true;
      p += 1;
    }
    const bodyStart = p;
    let end = -1;
    let bodyEnd = -1;
    let trimRight = false;
    let q = p;
    while (q < text.length) {
      const c = text.charCodeAt(q);
      if (c === 125 /* } */ && text.charCodeAt(q + 1) === 125) {
        bodyEnd = q;
        if (q - 1 >= bodyStart && text.charCodeAt(q - 1) === 45 && q - 2 >= bodyStart && isSpace(text.charCodeAt(q - 2))) {
          trimRight = true;
          bodyEnd = q - 1;
        }
        end = q + 2;
        break;
      }
      if (c === 47 /* / */ && text.charCodeAt(q + 1) === 42 /* * */) {
        const close = text.indexOf('*/', q + 2);
        q = close === -1 ? text.length : close + 2;
        continue;
      }
      if (c === 34 /* " */ || c === 39 /* ' */) {
        q += 1;
        while (q < text.length) {
          const d = text.charCodeAt(q);
          if (d === 92 /* \ */) q += 2;
          else if (d === c || d === 10) break;
          else q += 1;
        }
        q += 1;
        continue;
      }
      if (c === 96 /* ` */) {
        const close = text.indexOf('`', q + 1);
        q = close === -1 ? text.length : close + 1;
        continue;
      }
      q += 1;
    }
    let terminated = true;
    if (end === -1) {
      terminated = false;
      const nl = text.indexOf('\n', start);
      end = nl === -1 ? text.length : nl;
      bodyEnd = end;
    }
    const body = text.slice(bodyStart, Math.max(bodyStart, bodyEnd));
    actions.push({ start, end, body, bodyStart, trimLeft, trimRight, kind: classify(body), terminated });
    i = text.indexOf('{{', end);
  }
  return actions;
}

/** True for actions that print something into the rendered YAML. */
export function producesOutput(kind: ActionKind): boolean {
  return kind === 'output';
}

/**
 * Replaces each action by filler of the same length so the YAML structure can be read with exact offsets:
 * actions that print become U+E000 (dynamic content), the others become spaces. Newlines stay.
 */
export const DYNAMIC_CHAR = '\uE000';

const FILLERS = new Map<string, string>();
function filler(ch: string, n: number): string {
  const key = ch + n;
  let f = FILLERS.get(key);
  if (f === undefined) {
    f = ch.repeat(n);
    if (n <= 512) FILLERS.set(key, f);
  }
  return f;
}

export function maskActions(text: string, actions: readonly Action[]): string {
  if (actions.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const a of actions) {
    parts.push(text.slice(last, a.start));
    const fill = producesOutput(a.kind) ? DYNAMIC_CHAR : ' ';
    const nl = text.indexOf('\n', a.start);
    parts.push(nl === -1 || nl >= a.end ? filler(fill, a.end - a.start) : text.slice(a.start, a.end).replace(/[^\n]/g, fill));
    last = a.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
