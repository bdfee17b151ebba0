import { GoToken, tokenize } from '../scan/dictAnnotations';
import { TemplateText } from '../template/templateText';
import type { CursorContext } from './cursorTypes';
import { valueEntry } from './valueEntry';

/** Where the cursor is inside a template action: the key or value strings of a `dict` call. */

type ActionRef = NonNullable<ReturnType<TemplateText['actionAt']>>;

/** The action the cursor is inside: after its `{{`, before its `}}` (or at its end while unterminated). */
export function enclosingAction(tt: TemplateText, o: number): ActionRef | undefined {
  const a = tt.actionAt(o) ?? tt.actionAt(o - 1);
  if (a === undefined || o <= a.start) return undefined;
  return o < a.end || (!a.terminated && o === a.end) ? a : undefined;
}

/** `dict "helm.sh/hook" "pre-install"`: a key string, or the value string after a helm.sh/ key. */
export function inAction(tt: TemplateText, a: ActionRef, o: number): CursorContext | undefined {
  if (a.kind === 'comment') return undefined;
  const text = tt.text;
  const tokens = tokenize(text, a.bodyStart, a.bodyStart + a.body.length);
  const t = tokens.findIndex((k) => k.kind === 'string' && k.start < o && (o < k.end || (o === k.end && !isClosed(text, k))));
  if (t === -1) return undefined;
  const tok = tokens[t];
  const start = tok.start + 1;
  const end = isClosed(text, tok) ? tok.end - 1 : tok.end;
  const position = dictArgument(tokens, t);
  const prev = tokens[t - 1];
  const prevIsKey = prev?.kind === 'string' && prev.text.startsWith('helm.sh/');
  if (position === 'value' || (position === undefined && prevIsKey)) {
    if (!prevIsKey) return undefined;
    return valueEntry(text, prev.text, 'dict', start, end, o, '');
  }
  if (position !== 'key') return undefined;
  const typed = text.slice(start, o);
  if (!'helm.sh/'.startsWith(typed) && !typed.startsWith('helm.sh/')) return undefined;
  const present = tokens.filter((k, i) => i !== t && k.kind === 'string' && k.text.startsWith('helm.sh/')).map((k) => k.text);
  return { kind: 'key', form: 'dict', start, end, hasValue: true, quote: '', present };
}

function isClosed(text: string, k: GoToken): boolean {
  return k.end - k.start >= 2 && text[k.end - 1] === text[k.start];
}

/** Whether token `t` is a key or a value argument of the nearest enclosing `dict` call. */
function dictArgument(tokens: readonly GoToken[], t: number): 'key' | 'value' | undefined {
  let depth = 0;
  let args = 0;
  for (let j = t - 1; j >= 0; j--) {
    const k = tokens[j];
    if (k.kind === 'other' && k.text === ')') {
      depth++;
      continue;
    }
    if (k.kind === 'other' && k.text === '(') {
      if (depth === 0) return undefined;
      depth--;
      if (depth === 0) args++;
      continue;
    }
    if (depth > 0) continue;
    if (k.kind === 'other' && k.text === 'dict') return args % 2 === 0 ? 'key' : 'value';
    if (k.kind === 'other' && k.text === '|') return undefined;
    args++;
  }
  return undefined;
}
