import { DynamicPiece, LiteralPiece, Piece } from './pieces';
import { Item } from './scalarItems';

/** How a template's if/else/range inside one value expand into the renderings it can produce. */

const MAX_EXPANSIONS = 64;
/** Deeper template nesting inside one value is left unchecked (and keeps recursion bounded). */
const MAX_NESTING = 16;

type Node = { kind: 'lit'; ch: string; start: number; end: number } | DynamicPiece | { kind: 'branch'; options: Node[][] };

interface Frame {
  kind: 'if' | 'range' | 'root';
  options: Node[][];
  current: Node[];
  hasElse: boolean;
  start: number;
}

/** What `{{-` and `-}}` trim (text/template: ASCII space, tab, CR, LF). */
const TEMPLATE_SPACE = /^[ \t\r\n]$/;

const STRING_ACTION = /^\s*"((?:[^"\\]|\\.)*)"\s*$/;

function buildTree(items: Item[]): Node[] | undefined {
  const root: Frame = { kind: 'root', options: [], current: [], hasElse: false, start: 0 };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1];
  let skipSpace = false;
  const close = (f: Frame, endOffset: number): Node => {
    if (f.kind === 'range') return { kind: 'dyn', start: f.start, end: endOffset };
    const options = [...f.options, f.current];
    if (!f.hasElse) options.push([]);
    return { kind: 'branch', options };
  };
  for (const item of items) {
    if ('ch' in item) {
      if (skipSpace && TEMPLATE_SPACE.test(item.ch)) continue;
      skipSpace = false;
      top().current.push({ kind: 'lit', ch: item.ch, start: item.start, end: item.end });
      continue;
    }
    const a = item.action;
    if (a.trimLeft) {
      const cur = top().current;
      while (cur.length > 0) {
        const last = cur[cur.length - 1];
        if (last.kind === 'lit' && TEMPLATE_SPACE.test(last.ch)) cur.pop();
        else break;
      }
    }
    skipSpace = a.trimRight;
    switch (a.kind) {
      case 'if':
      case 'with':
      case 'range':
        if (stack.length > MAX_NESTING) return undefined;
        stack.push({ kind: a.kind === 'range' ? 'range' : 'if', options: [], current: [], hasElse: false, start: a.start });
        break;
      case 'elseIf':
      case 'else': {
        const f = top();
        f.options.push(f.current);
        f.current = [];
        if (a.kind === 'else') f.hasElse = true;
        break;
      }
      case 'end':
        if (stack.length > 1) {
          const f = stack.pop() as Frame;
          top().current.push(close(f, a.end));
        }
        break;
      case 'output': {
        const m = STRING_ACTION.exec(a.body);
        if (m) {
          const contentStart = a.start + a.body.length - a.body.trimStart().length + 3 + (a.trimLeft ? 1 : 0);
          const s = m[1].replace(/\\(.)/g, '$1');
          for (let i = 0; i < s.length; i++) top().current.push({ kind: 'lit', ch: s[i], start: contentStart + i, end: contentStart + i + 1 });
        } else {
          top().current.push({ kind: 'dyn', start: a.start, end: a.end });
        }
        break;
      }
      default:
        break;
    }
  }
  while (stack.length > 1) {
    const f = stack.pop() as Frame;
    top().current.push(close(f, items.length > 0 ? endOf(items[items.length - 1]) : f.start));
  }
  if (root.options.length > 0) return [{ kind: 'branch', options: [...root.options, root.current] }];
  return root.current;
}

function endOf(item: Item): number {
  return 'ch' in item ? item.end : item.action.end;
}

/** Cartesian product of the branches, merged into pieces; undefined past MAX_EXPANSIONS. */
export function expand(items: Item[]): Piece[][] | undefined {
  const nodes = buildTree(items);
  const seqs = nodes === undefined ? undefined : expandNodes(nodes);
  return seqs === undefined ? undefined : seqs.map(toPieces);
}

type Flat = ({ kind: 'lit'; ch: string; start: number; end: number } | DynamicPiece)[];

function expandNodes(nodes: Node[]): Flat[] | undefined {
  let acc: Flat[] = [[]];
  for (const n of nodes) {
    if (n.kind !== 'branch') {
      for (const a of acc) a.push(n);
      continue;
    }
    const next: Flat[] = [];
    for (const option of n.options) {
      const sub = expandNodes(option);
      if (sub === undefined) return undefined;
      for (const a of acc) for (const s of sub) next.push([...a, ...s]);
      if (next.length > MAX_EXPANSIONS) return undefined;
    }
    acc = next;
  }
  return acc;
}

function toPieces(flat: Flat): Piece[] {
  const pieces: Piece[] = [];
  let lit: LiteralPiece | undefined;
  for (const n of flat) {
    if (n.kind === 'dyn') {
      lit = undefined;
      pieces.push(n);
      continue;
    }
    // Characters from different places (a skipped branch between them) start a new piece, so ranges
    // never stretch over text that is not part of this rendering.
    if (lit === undefined || lit.offsets[lit.offsets.length - 1] !== n.start) {
      lit = { kind: 'lit', text: '', offsets: [n.start] };
      pieces.push(lit);
    }
    lit.text += n.ch;
    lit.offsets[lit.offsets.length - 1] = n.start;
    lit.offsets.push(n.end);
  }
  return pieces;
}
