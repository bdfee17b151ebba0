import { Action } from '../template/actions';
import { TemplateText } from '../template/templateText';

/** One decoded character, or an action, in source order. */
export type Item = { ch: string; start: number; end: number } | { action: Action };

/** What a scalar reader returns: its items and the source span of the value. */
export interface ScalarRead {
  items: Item[];
  start: number;
  end: number;
}

export interface ReadContext {
  tt: TemplateText;
  /** Indentation of the key owning the value: block scalar content must be deeper. */
  parentIndent: number;
  /** Inside `{...}` or `[...]`: plain scalars stop at `,` `}` `]`. */
  flow: boolean;
}

export function hasAction(tt: TemplateText, from: number, to: number): boolean {
  const i = tt.firstActionFrom(from);
  return i < tt.actions.length && tt.actions[i].start < to;
}
