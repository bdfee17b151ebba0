/**
 * Passes helm's stdout on line by line, without the release's NOTES block: `helm test` prints the chart's
 * rendered NOTES.txt last, and charts render passwords into it. (`--hide-notes` would do it, but older
 * helm 3 releases refuse the flag.)
 */
export class NotesFilter {
  private partial = '';
  private inNotes = false;

  /** The complete lines of `chunk` (with what came before it) that may be shown. */
  push(chunk: string): string {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n');
    this.partial = text.slice(end + 1);
    return end < 0 ? '' : this.pass(text.slice(0, end + 1));
  }

  /** What is left once helm ended. */
  flush(): string {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? '' : this.pass(rest);
  }

  private pass(lines: string): string {
    if (this.inNotes) return '';
    const at = /^NOTES:\s*$/m.exec(lines);
    if (at === null) return lines;
    this.inNotes = true;
    return `${lines.slice(0, at.index)}(the release NOTES are not shown here: they may hold secrets)\n`;
  }
}
