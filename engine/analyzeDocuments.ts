import { AnalyzeOptions, analyzeScanned, analyzeTemplate, mayHaveHelmAnnotations } from './analyze';
import { Finding } from './rules/types';
import { blockStep } from './template/actions';
import { TemplateText } from './template/templateText';
import { documentSpans } from './template/documents';
import { LineIndex } from './text/lineIndex';

/** A document's findings relative to its start, and whether reading it alone gives what the file gives. */
interface DocumentResult {
  findings: Finding[];
  standalone: boolean;
}

/**
 * analyzeTemplate's findings for a file that is edited again and again: rules read one object at a time,
 * so each YAML document is analysed on its own and kept by its text; after an edit only the documents
 * whose text changed are read again (typing in a 9,000-line template of hook Jobs re-reads one Job).
 *
 * The result equals analyzeTemplate(text).findings. Where a document cannot be read alone exactly (an
 * `else` of a block opened in another document, an action the document split may have cut, disable
 * comments, which may cover the whole file), the whole file is analysed instead.
 */
export class DocumentAnalyzer {
  /** The last text's documents in order. */
  private spans: KeptSpan[] = [];
  private severities: AnalyzeOptions['severities'];

  /** `options.severities` is compared by identity: pass the same object while the settings stay. */
  analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
    const steps = this.steps(text, options);
    for (;;) {
      const next = steps.next();
      if (next.done === true) return next.value;
    }
  }

  /**
   * analyze, pausing (a `yield`) after each document it had to read afresh: opening a template of hundreds
   * of documents reads them all, far longer than a turn of the event loop may take. The caller may stop
   * between steps (`return()`, or simply drop it once the text changed): the documents read so far are
   * kept for the next call, which then reads only the rest. Only the completed run's findings count.
   */
  *steps(text: string, options: AnalyzeOptions = {}): Generator<void, Finding[]> {
    if (options.severities !== this.severities) this.spans = [];
    this.severities = options.severities;
    if (!mayHaveHelmAnnotations(text)) {
      this.spans = [];
      return [];
    }
    if (text.includes('helm-hooks-disable')) return analyzeTemplate(text, options).findings;
    const previous = this.spans;
    // The previous documents by text, for documents that moved; built on first need.
    let byText: Map<string, DocumentResult> | undefined;
    const moved = (doc: string): DocumentResult | undefined => (byText ??= new Map(previous.map((p) => [p.text, p.result]))).get(doc);
    const spans: KeptSpan[] = [];
    const findings: Finding[] = [];
    let whole = false;
    for (const { start, end } of documentSpans(text)) {
      // Most edits leave every other document as it was, at the same ordinal: compared in place, no copy.
      const before = previous[spans.length];
      let kept: KeptSpan;
      let fresh = false;
      if (before !== undefined && before.text.length === end - start && text.startsWith(before.text, start)) kept = before;
      else {
        const doc = text.slice(start, end);
        const found = moved(doc);
        fresh = found === undefined;
        kept = { text: doc, result: found ?? analyzeDocument(doc, options) };
      }
      spans.push(kept);
      if (!kept.result.standalone) whole = true;
      if (!whole) for (const f of kept.result.findings) findings.push(start === 0 ? f : { ...f, start: f.start + start, end: f.end + start });
      if (fresh) {
        // Kept at once, so that a run stopped here leaves what it read (and what it has not reached) for the next.
        this.keep(options, [...spans, ...previous.slice(spans.length)]);
        yield;
      }
    }
    this.keep(options, spans);
    return whole ? analyzeTemplate(text, options).findings : findings;
  }

  /** Results under other settings (a run resumed after new ones came) are not kept. */
  private keep(options: AnalyzeOptions, spans: KeptSpan[]): void {
    if (options.severities !== this.severities) return;
    this.spans = spans;
  }
}

interface KeptSpan {
  text: string;
  result: DocumentResult;
}

function analyzeDocument(doc: string, options: AnalyzeOptions): DocumentResult {
  const tt = new TemplateText(doc);
  if (!standalone(tt)) return { findings: [], standalone: false };
  const { findings, objects } = analyzeScanned(tt, new LineIndex(doc), options);
  // A quoted value left open reads on past the document's end in the whole file, into the next document.
  const open = (end: number | undefined): boolean => end !== undefined && end >= doc.length;
  for (const o of objects) {
    if (open(o.kindRange?.[1]) || open(o.name?.end) || open(o.namespace?.end) || open(o.restartPolicy?.end) || o.annotations.some((a) => open(a.value.end))) {
      return { findings: [], standalone: false };
    }
  }
  return { findings, standalone: true };
}

/**
 * Whether the document's own actions give every key the branches the whole file gives it: an `else`
 * with no block opened in this document switches a branch of the file's, and an unterminated action or
 * one holding a delimiter in a string or comment may have been split differently from the file's.
 */
function standalone(tt: TemplateText): boolean {
  let open = 0;
  for (const a of tt.actions) {
    if (!a.terminated || a.body.includes('{{') || a.body.includes('}}')) return false;
    const step = blockStep(a.kind);
    if (step === 'open') open++;
    else if (step === 'branch' && open === 0) return false;
    else if (step === 'close' && open > 0) open--;
  }
  return true;
}
