import { AnnotationEntry } from '../scan/objects';
import { ListEntry, splitList } from '../scan/listEntries';
import { Piece, wholeText } from '../scan/pieces';

/** Calls `fn` with every known rendering of an annotation value; values too tangled to expand are skipped. */
export function forEachRendering(entry: AnnotationEntry, fn: (pieces: Piece[]) => void): void {
  if (entry.value.type !== 'string' && entry.value.type !== 'null' && entry.value.type !== 'unknown') return;
  for (const pieces of entry.value.expansions ?? []) fn(pieces);
}

/** The comma list entries of every rendering. */
export function forEachList(entry: AnnotationEntry, fn: (entries: ListEntry[]) => void): void {
  forEachRendering(entry, (pieces) => fn(splitList(pieces, entry.value)));
}

/** Every fully literal rendering of a value. */
export function literalRenderings(entry: AnnotationEntry): string[] {
  const out: string[] = [];
  forEachRendering(entry, (pieces) => {
    const t = wholeText(pieces);
    if (t !== undefined) out.push(t);
  });
  return out;
}
