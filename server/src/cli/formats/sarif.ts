import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleDocUrl, Severity } from '../../../../engine';
import { Located } from '../report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as code-scanning services read it: paths relative to the working folder. */
export function formatSarif(results: readonly Located[], notices: readonly string[], version: string, cwd: string): string {
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const artifact = (file: string): { uri: string; uriBaseId?: string } => {
    const abs = path.resolve(cwd, file);
    const rel = path.relative(cwd, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'helm-hooks',
            version,
            informationUri: 'https://github.com/helm-hooks/helm-hooks-vscode',
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.code,
              shortDescription: { text: r.summary },
              helpUri: ruleDocUrl(r.code),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
        results: results.map((r) => ({
          ruleId: r.code,
          ruleIndex: index.get(r.code),
          level: LEVEL[r.severity],
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(r.file),
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notices.map((n) => ({ level: 'note', message: { text: n } })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
