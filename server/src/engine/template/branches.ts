import { TemplateText } from './templateText';

/** Enclosing template blocks at a point: block id → branch index (0 for `if`, 1 after the first `else`...). */
export type BranchPath = ReadonlyMap<number, number>;

/**
 * Answers "which `if`/`else` branch is this offset in?", so two annotations in different branches of one
 * `if` are not taken for duplicates. Snapshots are computed once per file, per action.
 */
export class BranchIndex {
  private readonly after: BranchPath[] = [];

  constructor(private readonly tt: TemplateText) {
    const stack: [number, number][] = [];
    let nextId = 0;
    let snapshot: BranchPath = new Map();
    for (const a of tt.actions) {
      let changed = true;
      switch (a.kind) {
        case 'if':
        case 'with':
        case 'range':
        case 'define':
        case 'block':
          stack.push([nextId++, 0]);
          break;
        case 'else':
        case 'elseIf':
          if (stack.length > 0) stack[stack.length - 1][1] += 1;
          break;
        case 'end':
          stack.pop();
          break;
        default:
          changed = false;
      }
      if (changed) snapshot = new Map(stack);
      this.after.push(snapshot);
    }
  }

  at(offset: number): BranchPath {
    const i = this.tt.firstActionFrom(offset) - 1;
    return i >= 0 ? this.after[i] : EMPTY;
  }
}

const EMPTY: BranchPath = new Map();

/** False when the two points sit in different branches of one `if`: both can never render together. */
export function canCoexist(a: BranchPath, b: BranchPath): boolean {
  for (const [id, branch] of a) {
    const other = b.get(id);
    if (other !== undefined && other !== branch) return false;
  }
  return true;
}
