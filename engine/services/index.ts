/** Editor services on top of the engine: completion, hover and quick fixes, as plain offsets and markdown. */
export { completionsAt } from './completion';
export type { CompletionEntry, CompletionKind, Completions } from './completion';
export { hoverAt } from './hover';
export type { ChartContext, HoverResult } from './hover';
export { disableLineFix, fixAll, fixesFor } from './fixes';
export { weightTieFixes } from './tieFixes';
export type { Fix, FixAllResult } from './fixes';
export type { TextEdit } from './edits';
export { applyEdits } from './edits';
export { cursorContext } from './cursorContext';
export type { CursorContext } from './cursorContext';
