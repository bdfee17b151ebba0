import { blockStep } from './actions';
import { TemplateText } from './templateText';

/**
 * Enclosing template blocks at a point, innermost first: block id and branch index (0 for the `if`
 * part, 1 after the first `else`...). A shared linked list, so deep nesting costs O(1) per action.
 */
export interface BranchPath {
  readonly id: number;
  readonly branch: number;
  readonly parent: BranchPath | undefined;
}

/**
 * Answers "which `if`/`else` branch is this offset in?", so two annotations in different branches of one
 * `if` are not taken for duplicates.
 */
export class BranchIndex {
  private readonly after: (BranchPath | undefined)[] = [];

  constructor(private readonly tt: TemplateText) {
    let path: BranchPath | undefined;
    let nextId = 0;
    for (const a of tt.actions) {
      const step = blockStep(a.kind);
      if (step === 'open') path = { id: nextId++, branch: 0, parent: path };
      else if (step === 'branch' && path) path = { id: path.id, branch: path.branch + 1, parent: path.parent };
      else if (step === 'close') path = path?.parent;
      this.after.push(path);
    }
  }

  at(offset: number): BranchPath | undefined {
    const i = this.tt.firstActionFrom(offset) - 1;
    return i >= 0 ? this.after[i] : undefined;
  }
}

/** False when the two points sit in different branches of one `if`: both can never render together. */
export function canCoexist(a: BranchPath | undefined, b: BranchPath | undefined): boolean {
  const branches = new Map<number, number>();
  for (let p = a; p; p = p.parent) branches.set(p.id, p.branch);
  for (let p = b; p; p = p.parent) {
    const other = branches.get(p.id);
    if (other !== undefined && other !== p.branch) return false;
  }
  return true;
}
