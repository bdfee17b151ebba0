import { Located, Summary } from '../report';

export function formatJson(results: readonly Located[], summary: Summary, notices: readonly string[]): string {
  return JSON.stringify({ findings: results, notices, summary }, null, 2) + '\n';
}
