/** A rendering of a value, piece by piece: literal text with its source offsets, or what an action prints. */

/** Literal text with the source offset of each character (`offsets.length === text.length + 1`). */
export interface LiteralPiece {
  kind: 'lit';
  text: string;
  offsets: number[];
}

/** Text printed by a template action: unknown until rendered, so never checked. */
export interface DynamicPiece {
  kind: 'dyn';
  start: number;
  end: number;
}

export type Piece = LiteralPiece | DynamicPiece;

export function literal(text: string, from: number): LiteralPiece {
  const offsets = new Array<number>(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = from + i;
  return { kind: 'lit', text, offsets };
}

/** The whole rendering as one string, or undefined when a template prints part of it. */
export function wholeText(pieces: Piece[]): string | undefined {
  let s = '';
  for (const p of pieces) {
    if (p.kind === 'dyn') return undefined;
    s += p.text;
  }
  return s;
}
