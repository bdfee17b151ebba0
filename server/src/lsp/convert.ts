import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { Finding, LineIndex, ruleDocUrl, Severity } from '../../../engine';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'helm-hooks';

export function toDiagnostic(f: Finding, lines: Pick<LineIndex, 'rangeOf'>): Diagnostic {
  return {
    range: lines.rangeOf(f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: SOURCE,
    message: f.message,
    ...(f.data ? { data: f.data } : {}),
  };
}
