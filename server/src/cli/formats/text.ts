import { Located, Summary } from '../report';

const COLORS: Record<string, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[90m' };

export function formatText(results: readonly Located[], summary: Summary, color: boolean): string {
  const lines = results.map((r) => {
    const sev = color ? `${COLORS[r.severity]}${r.severity}\x1b[0m` : r.severity;
    return `${r.file}:${r.line}:${r.column}: ${sev} ${r.code} ${r.message}`;
  });
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info in ${plural(summary.files, 'file')} checked`,
  );
  return lines.join('\n') + '\n';
}
