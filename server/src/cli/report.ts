import { Finding, Severity } from '../../../engine';

/** One finding with its file position, 1-based as compilers print it (columns in UTF-16 units). */
export interface Located {
  file: string;
  chart: string | undefined;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function locate(file: string, chart: string | undefined, f: Finding, positionAt: (o: number) => { line: number; character: number }): Located {
  const s = positionAt(f.start);
  const e = positionAt(f.end);
  return {
    file,
    chart,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  };
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(files: number, results: readonly Located[]): Summary {
  return {
    files,
    errors: results.filter((r) => r.severity === 'error').length,
    warnings: results.filter((r) => r.severity === 'warning').length,
    infos: results.filter((r) => r.severity === 'information' || r.severity === 'hint').length,
  };
}
