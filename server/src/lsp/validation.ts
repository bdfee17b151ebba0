import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeTemplate, DocumentAnalyzer, LineIndex } from '../../../engine';
import { toDiagnostic } from './convert';
import { ServerSettings } from './settings';

/** Larger files are not checked: no chart template is this big, and the editor must stay responsive. */
export const MAX_CHECKED_CHARS = 10 * 1024 * 1024;

/**
 * Diagnostics for one document; never throws. `analyzer`: the document's own, kept across its edits so
 * that only the YAML documents an edit changed are analysed again.
 */
export function diagnose(doc: TextDocument, settings: ServerSettings, log: (msg: string) => void, analyzer?: DocumentAnalyzer): Diagnostic[] {
  const steps = diagnoseSteps(doc, settings, log, analyzer);
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/**
 * diagnose, pausing between the YAML documents the analyzer reads afresh (DocumentAnalyzer.steps), so that
 * the first check of a large template can be spread over turns of the event loop. Never throws.
 */
export function* diagnoseSteps(doc: TextDocument, settings: ServerSettings, log: (msg: string) => void, analyzer?: DocumentAnalyzer): Generator<void, Diagnostic[]> {
  const text = doc.getText();
  if (text.length > MAX_CHECKED_CHARS) {
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 3,
        source: 'helm-hooks',
        code: 'file-too-large',
        message: `Helm Hooks does not check files over 10 MB (this one has ${(text.length / 1048576).toFixed(1)} MB of text).`,
      },
    ];
  }
  if (text.includes('\u0000')) return [];
  try {
    if (analyzer === undefined) {
      const { findings, lines } = analyzeTemplate(text, { severities: settings.severities });
      return findings.map((f) => toDiagnostic(f, lines));
    }
    const findings = yield* analyzer.steps(text, { severities: settings.severities });
    if (findings.length === 0) return [];
    // The editor keeps its line table current edit by edit; it splits lines as LineIndex does unless a \r is in the text.
    const lines = text.includes('\r') ? new LineIndex(text) : { rangeOf: (start: number, end: number) => ({ start: doc.positionAt(start), end: doc.positionAt(end) }) };
    return findings.map((f) => toDiagnostic(f, lines));
  } catch (err) {
    log(`Helm Hooks could not check ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return [];
  }
}
