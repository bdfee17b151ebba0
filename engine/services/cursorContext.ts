import { TemplateText } from '../template/templateText';
import { documentAt } from '../template/documents';
import { enclosingAction, inAction } from './dictCursor';
import { inYaml } from './yamlCursor';
import type { CursorContext } from './cursorTypes';

export type { AnnotationForm, CursorContext, DocumentContext, KeyContext, ValueContext } from './cursorTypes';

/** What is at `offset` in a template, or undefined when no completion belongs there. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const span = documentAt(text, offset);
  if (span === undefined) return undefined;
  const tt = new TemplateText(text.slice(span.start, span.end));
  const o = offset - span.start;
  const action = enclosingAction(tt, o);
  const ctx = action !== undefined ? inAction(tt, action, o) : inYaml(tt, o);
  return ctx === undefined ? undefined : shift(ctx, span.start);
}

function shift(ctx: CursorContext, by: number): CursorContext {
  return { ...ctx, start: ctx.start + by, end: ctx.end + by };
}
