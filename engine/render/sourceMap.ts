import { anchorOf } from '../chart/hooks';
import { valueParts } from '../chart/hookName';
import { scanObjects } from '../scan/objects';
import { TemplateText } from '../template/templateText';
import { LineIndex } from '../text/lineIndex';

/** A place in a template file: 0-based line, UTF-16 columns on that line. */
export interface TemplateSpot {
  line: number;
  startColumn: number;
  endColumn: number;
  /** `literal`: the rendered line is written as such in the template; `object`: the object's first line. */
  how: 'literal' | 'object';
}

interface TemplateObject {
  kind: string | undefined;
  /** The name as a pattern: literal parts exact, template output any text. */
  name: RegExp | undefined;
  startLine: number;
  endLine: number;
  anchorLine: number;
}

/** What is known of one rendered object: its kind, name, and its place among its file's documents. */
export interface RenderedObject {
  kind: string | undefined;
  name: string | undefined;
  /** Position among the documents its template rendered, when known. */
  index: number | undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A template file, read once, to map rendered text back to it. */
export class TemplateMap {
  private readonly lines: string[];
  private readonly trimmed: string[];
  private readonly objects: TemplateObject[];

  constructor(readonly text: string) {
    this.lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    this.trimmed = this.lines.map((l) => l.trim());
    const tt = new TemplateText(text);
    const index = new LineIndex(text);
    this.objects = scanObjects(tt).map((o) => {
      const parts = o.name === undefined ? undefined : valueParts(tt, o.name);
      return {
        kind: o.kind,
        name: parts === undefined ? undefined : new RegExp(`^${parts.map((p) => ('lit' in p ? escape(p.lit) : '.*')).join('')}$`, 's'),
        startLine: index.lineOf(o.start),
        endLine: index.lineOf(Math.max(o.start, o.end - 1)),
        anchorLine: index.lineOf(anchorOf(tt, o)),
      };
    });
  }

  /** The template object that most likely rendered `r`: same literal kind, a name its pattern matches, the same place. */
  objectOf(r: RenderedObject): TemplateObject | undefined {
    let best: TemplateObject | undefined;
    let bestScore = -Infinity;
    this.objects.forEach((o, i) => {
      let score = 0;
      if (o.kind !== undefined && r.kind !== undefined) score += o.kind === r.kind ? 2 : -4;
      if (o.name !== undefined && r.name !== undefined) score += o.name.test(r.name) ? 3 : -4;
      if (r.index === i) score += 1;
      if (score > bestScore) [best, bestScore] = [o, score];
    });
    return best;
  }

  /**
   * Where a rendered line lands in the template: the line that holds the same text literally (inside the
   * object that rendered it when one is known), else the object's first line. `fragment` (the finding's
   * text) narrows the columns on a literal line.
   */
  spotOf(renderedLine: string, fragment: string, r: RenderedObject): TemplateSpot {
    const obj = this.objectOf(r);
    const wanted = renderedLine.trim();
    let found = -1;
    if (wanted !== '') {
      for (let i = 0; i < this.trimmed.length; i++) {
        if (this.trimmed[i] !== wanted) continue;
        if (obj === undefined || (i >= obj.startLine && i <= obj.endLine)) {
          found = i;
          break;
        }
      }
    }
    if (found !== -1) {
      const line = this.lines[found];
      const at = fragment === '' ? -1 : line.indexOf(fragment);
      const indent = line.length - line.trimStart().length;
      return at === -1
        ? { line: found, startColumn: indent, endColumn: line.trimEnd().length, how: 'literal' }
        : { line: found, startColumn: at, endColumn: at + fragment.length, how: 'literal' };
    }
    // No object written out (the whole file is an `include`): its first line that is not a comment renders it.
    const line = obj?.anchorLine ?? Math.max(0, this.trimmed.findIndex((l) => l !== '' && !l.startsWith('#') && l !== '---'));
    const text = this.lines[line] ?? '';
    return { line, startColumn: text.length - text.trimStart().length, endColumn: text.trimEnd().length, how: 'object' };
  }
}
