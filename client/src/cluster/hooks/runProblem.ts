import { HookRun } from './templateRuns';

/** A last run worth a Problems entry: what failed, where and when, in one message. */
export interface RunProblem {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * The Problems entry for a failed or stale last run, or undefined for any other run. `explanation`, when
 * given, is why it failed as the cluster's evidence tells it (Job conditions, events, pod states); it
 * goes after Helm's own text.
 */
export function runProblem(run: HookRun, explanation?: string): RunProblem | undefined {
  if (run.phase !== 'Failed' && run.phase !== 'Stale') return undefined;
  const hook = `${run.event} hook ${run.hook.kind}/${run.hook.name}`;
  const where = `release ${run.release} (namespace ${run.namespace}, revision ${run.revision})`;
  const parts: string[] = [];
  if (run.phase === 'Failed') {
    const at = run.completedAt ?? run.startedAt;
    parts.push(`${hook} failed in ${where}${at ? ` at ${stamp(at)}` : ''}.`);
    // Helm's text belongs to the revision: only a failed revision's is about this run.
    if (run.info.status === 'failed' && run.info.description !== '') parts.push(`Helm: ${run.info.description.replace(/\s*\n\s*/g, ' ')}`);
  } else {
    parts.push(`${hook} never finished in ${where}${run.startedAt ? `, started at ${stamp(run.startedAt)}` : ''}.`);
    if (run.staleReason !== undefined) parts.push(run.staleReason);
  }
  if (explanation !== undefined && explanation.trim() !== '') parts.push(explanation.trim());
  return { severity: run.phase === 'Failed' ? 'error' : 'warning', message: parts.join(' ') };
}

/** Problems entries are not redrawn as time passes: an absolute UTC time, to the second. */
function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
