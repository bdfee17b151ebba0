import { Action, findActions, maskActions } from './actions';

/**
 * A template file with its actions located once, and a masked copy of the same length in which every
 * action is filler: YAML structure is read from the mask, literal values from the original.
 */
export class TemplateText {
  readonly actions: Action[];
  readonly masked: string;

  constructor(readonly text: string) {
    this.actions = findActions(text);
    this.masked = maskActions(text, this.actions);
  }

  /** The action containing `offset` (start inclusive, end exclusive), if any. */
  actionAt(offset: number): Action | undefined {
    const a = this.actions;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].end <= offset) lo = mid + 1;
      else if (a[mid].start > offset) hi = mid - 1;
      else return a[mid];
    }
    return undefined;
  }

  /** Index of the first action starting at or after `offset`. */
  firstActionFrom(offset: number): number {
    const a = this.actions;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Offset of the end of the line that holds `offset`, treating newlines inside actions as part of the line. */
  lineEnd(offset: number): number {
    let p = offset;
    for (;;) {
      const nl = this.text.indexOf('\n', p);
      if (nl === -1) return this.text.length;
      const inside = this.actionAt(nl);
      if (inside === undefined) return nl > 0 && this.text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      p = inside.end;
    }
  }
}
