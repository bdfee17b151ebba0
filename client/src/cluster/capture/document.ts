import { HookExplanation } from '../diagnosis/explain';
import { explainCaptured } from './evidence';
import { CaptureMeta, CaptureNote, CapturedRun, ContainerText } from './types';

// The text of a captured run, as Show Hook Logs and Show Captured Hook Runs show it: plain text from plain data,
// so the views stay thin and the wording is tested without VS Code.

export interface CapturedDocumentOptions {
  /** For the diagnosis's ages and for dates shown only when not today. */
  now?: Date;
  /** The first line (`# Job/x: ... last run Failed\n`); default: from the capture. */
  title?: string;
  /** Shown as `# Why:`; undefined: told from the captured evidence; null: none. */
  why?: HookExplanation | null;
  /** Local time of an ISO instant (tests pass their own). */
  time?: (at: Date, now: Date) => string;
}

/** `14:02:11` in local time, with the date in front when it is not `now`'s day. */
export function localTime(at: Date, now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const clock = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? clock : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${clock}`;
}

/** The same first line as Show Hook Logs writes for a live hook. */
export function capturedTitle(meta: CaptureMeta): string {
  const k = meta.key;
  const events = meta.events.length > 0 ? meta.events.join(', ') : 'unknown';
  return `# ${k.hookKind}/${k.hookName}: ${events} hook of release ${k.release} (namespace ${k.namespace}, revision ${k.revision}), last run ${outcomeOf(meta)}\n`;
}

/** `Failed`, `Succeeded`; `Unknown` when no record told it; `Running` while (or when cut off while) it ran. */
export function outcomeOf(meta: CaptureMeta): string {
  return meta.outcome?.phase ?? (meta.closed ? 'Unknown' : 'Running');
}

/**
 * The delete policy is named only on the failure diagnosis's rule: the capture saw the hook's object deleted,
 * and the policy matches the outcome. Otherwise a seen deletion is told without a cause.
 */
export function deletionSentence(meta: CaptureMeta, time: (iso: string) => string): string | undefined {
  if (meta.objectDeletedAt === undefined) return undefined;
  const kind = meta.key.hookKind;
  const phase = meta.outcome?.phase;
  const at = time(meta.objectDeletedAt);
  if (phase === 'Failed' && meta.deletePolicies.includes('hook-failed')) return `Helm deleted the ${kind} after it failed (hook-failed), at ${at}.`;
  if (phase === 'Succeeded' && meta.deletePolicies.includes('hook-succeeded')) return `Helm deleted the ${kind} after it succeeded (hook-succeeded), at ${at}.`;
  return `The ${kind} was deleted at ${at}.`;
}

/** The lines under the title: when the pods went, who deleted the hook, whether the capture saw the end. */
export function capturedHead(meta: CaptureMeta, time: (iso: string) => string): string[] {
  const lines: string[] = [];
  const sawPods = meta.containers.length > 0 || (meta.evidence.pods ?? []).length > 0;
  if (meta.podsDeletedAt !== undefined) lines.push(`Captured while it ran; the pods were deleted at ${time(meta.podsDeletedAt)}.`);
  else if (sawPods) lines.push(`Captured while it ran; the capture last saw the pods at ${time(meta.updatedAt)}.`);
  else lines.push(`Captured while it ran, from ${time(meta.capturedFrom)}; the capture saw no pod of it.`);
  const deleted = deletionSentence(meta, time);
  if (deleted !== undefined) lines.push(deleted);
  if (!meta.closed) lines.push(`The capture did not see the run end: another window is capturing it still, or it was cut off at ${time(meta.updatedAt)} (the window capturing it closed).`);
  return lines;
}

/** `# Why:` and its evidence, as Show Hook Logs words it. */
export function whyLines(why: HookExplanation): string {
  return `# Why: ${why.sentence}\n${why.evidence.map((l) => `#   ${l}\n`).join('')}`;
}

/** Notes about one container (a gap in its log, its pod deleted before a byte was read) are shown with it. */
function belongsTo(note: CaptureNote, c: ContainerText): boolean {
  return note.pod === c.capture.pod && note.container === c.capture.container;
}

/** One container: the same heading as the live logs, its text, and the middle dropped when it was. */
export function containerSection(c: ContainerText, notes: readonly CaptureNote[], time: (iso: string) => string): string {
  const k = c.capture;
  let out = `\n## pod ${k.pod}, ${k.init ? 'init container' : 'container'} ${k.container}: ${ending(c)}\n`;
  if (k.lines === 0) out += '[no output captured]\n';
  else {
    out += withNewline(c.head);
    if (k.omittedLines > 0) out += `[… ${count(k.omittedLines)} lines (${kb(k.omittedBytes)} KB) omitted …]\n${withNewline(c.tail)}`;
  }
  for (const n of notes) out += `[${time(n.at)} ${n.text}]\n`;
  return out;
}

/** The whole document of a captured run. */
export function capturedDocument(run: CapturedRun, opts: CapturedDocumentOptions = {}): string {
  const now = opts.now ?? new Date();
  const fmt = opts.time ?? localTime;
  const time = (iso: string): string => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso || 'an unknown time' : fmt(d, now);
  };
  const { meta } = run;
  let out = opts.title ?? capturedTitle(meta);
  out += capturedHead(meta, time)
    .map((l) => `# ${l}\n`)
    .join('');
  const why = opts.why === undefined ? defaultWhy(meta, now) : opts.why;
  if (why !== null && why !== undefined) out += whyLines(why);
  const shown = run.containers;
  const general = meta.notes.filter((n) => !shown.some((c) => belongsTo(n, c)));
  if (general.length > 0) out += `# Capture:\n${general.map((n) => `#   ${time(n.at)} ${n.text}\n`).join('')}`;
  if (shown.length === 0) out += '\n[No log line was captured.]\n';
  for (const c of shown) {
    out += containerSection(
      c,
      meta.notes.filter((n) => belongsTo(n, c)),
      time,
    );
  }
  return out;
}

/** The captured diagnosis, shown unless the run succeeded or there is nothing to tell. */
function defaultWhy(meta: CaptureMeta, now: Date): HookExplanation | undefined {
  if (meta.outcome?.phase === 'Succeeded') return undefined;
  const why = explainCaptured(meta, now);
  return why.basis === 'none' ? undefined : why;
}

function ending(c: ContainerText): string {
  const k = c.capture;
  if (k.exitCode !== undefined) return `exit code ${k.exitCode}${k.reason ? ` (${k.reason})` : ''}`;
  if (k.complete) return k.reason ? `ended (${k.reason})` : 'ended (exit code not seen)';
  return 'not read to its end';
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function kb(bytes: number): string {
  return count(Math.max(1, Math.round(bytes / 1024)));
}
