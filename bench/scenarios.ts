import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TemplateFile } from './corpus';
import { generateHookTemplate, generateTiedHookTemplate } from './generate';

/**
 * A document and the one-character edit toggled back and forth on it: even edits write `to` at (line,
 * character), odd edits restore `from`.
 */
export interface Scenario {
  name: string;
  uri: string;
  text: string;
  lines: number;
  line: number;
  character: number;
  from: string;
  to: string;
  /** Edit `i` of a typing sequence; when absent, edits toggle `from` / `to`. */
  edit?: (i: number) => TypingEdit;
}

/** One keystroke: `text` typed at (line, character), or (with `remove`) the character there deleted. */
export interface TypingEdit {
  line: number;
  character: number;
  remove: boolean;
  text: string;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** The line nearest the middle that matches `re`, searching outwards. */
function nearestMiddle(lines: readonly string[], re: RegExp): number {
  const mid = Math.floor(lines.length / 2);
  for (let d = 0; d <= lines.length; d++) {
    for (const i of [mid - d, mid + d]) if (i >= 0 && i < lines.length && re.test(lines[i])) return i;
  }
  throw new Error(`no line matches ${re}`);
}

function toggleHookValue(name: string, uri: string, text: string): Scenario {
  const lines = text.split('\n');
  const line = nearestMiddle(lines, /helm\.sh\/hook["']?:\s*pre-install/);
  // pre-install <-> pre-xnstall: an unknown event, so the diagnostics really change on every edit.
  const character = lines[line].indexOf('pre-install') + 'pre-'.length;
  return { name, uri, text, lines: lineCount(text), line, character, from: 'i', to: 'x' };
}

/** (a) The largest template as it is. It has no Helm annotation, so the edit changes another annotation's value. */
export function largestAsIs(file: TemplateFile): Scenario {
  const lines = file.text.split('\n');
  const re = /^(\s+["']?[\w.-]+\.[a-z]+(?:\/[\w.-]+)?["']?:\s+)(\S)/i;
  const line = nearestMiddle(lines, re);
  const m = re.exec(lines[line])!;
  const character = m[1].length;
  const from = m[2];
  return { name: 'largest template, as is', uri: pathToFileURL(file.path).href, text: file.text, lines: lineCount(file.text), line, character, from, to: from === 'X' ? 'Y' : 'X' };
}

/** (a') The largest template with one hook annotation added to its middle object, so every edit is fully checked. */
export function largestWithHook(file: TemplateFile): Scenario {
  const lines = file.text.split('\n');
  const at = nearestMiddle(lines, /^\s+annotations:\s*$/);
  const indent = /^(\s*)/.exec(lines[at + 1])![1] || ' '.repeat(/^(\s*)/.exec(lines[at])![1].length + 2);
  lines.splice(at + 1, 0, `${indent}helm.sh/hook: pre-install`);
  return toggleHookValue('largest template + 1 hook annotation', pathToFileURL(file.path).href, lines.join('\n'));
}

/**
 * (b) A generated template full of hook Jobs (10,000 lines for the target; a small one shows the fixed cost
 * of a round trip), written to a temporary chart so it can be inspected.
 */
export function generated(lines = 10_000): Scenario & { chartDir: string } {
  const chartDir = path.join(os.tmpdir(), 'helm-hooks-bench', 'bench-chart');
  const file = path.join(chartDir, 'templates', `hooks-${lines}.yaml`);
  const text = generateHookTemplate(lines);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: bench-chart\nversion: 0.1.0\n');
  fs.writeFileSync(file, text);
  return { ...toggleHookValue(`generated ${lines.toLocaleString('en-US')}-line template`, pathToFileURL(file).href, text), chartDir };
}

/** The document text with `to` written at the edit position (for engine timings of the edited state). */
export function applyToggle(s: Scenario, to: string): string {
  const lines = s.text.split('\n');
  const l = lines[s.line];
  lines[s.line] = l.slice(0, s.character) + to + l.slice(s.character + 1);
  return lines.join('\n');
}

/** Where a word is typed, one character at a time, and then deleted again with backspace. */
interface TypingTarget {
  line: number;
  character: number;
  word: string;
}

/** Type each target's word, then backspace over it, target after target; the text is as before after a cycle. */
export function typingSequence(targets: readonly TypingTarget[]): (i: number) => TypingEdit {
  const steps: TypingEdit[] = [];
  for (const t of targets) {
    for (let k = 0; k < t.word.length; k++) steps.push({ line: t.line, character: t.character + k, remove: false, text: t.word[k] });
    for (let k = t.word.length; k > 0; k--) steps.push({ line: t.line, character: t.character + k - 1, remove: true, text: '' });
  }
  return (i) => steps[i % steps.length];
}

/**
 * (c) Issue 12's shape: a 9,200-line template of 400 hook Jobs on `pre-install,pre-upgrade` with 20 shared
 * weights (or, `weights` = 400, all distinct), in a chart of its own. The edits type near the middle of
 * the file, as a user does: an event appended to a hook annotation, digits added to a weight, a suffix
 * added to a name, each deleted again.
 */
export function hookDense(weights = 20, jobs = 400): Scenario & { chartDir: string } {
  const chartDir = path.join(os.tmpdir(), 'helm-hooks-bench', `dense-chart-${weights}`);
  const file = path.join(chartDir, 'templates', 'hooks.yaml');
  const text = generateTiedHookTemplate(jobs, weights);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), `apiVersion: v2\nname: dense-chart-${weights}\nversion: 0.1.0\n`);
  fs.writeFileSync(file, text);
  const lines = text.split('\n');
  const middle = nearestMiddle(lines, /helm\.sh\/hook["']?:\s*pre-install/);
  const after = (re: RegExp, from: number): number => {
    for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i;
    throw new Error(`no line matches ${re}`);
  };
  const event = middle;
  const weight = after(/hook-weight/, after(/^---/, middle));
  const name = after(/^ {2}name:/, after(/^---/, weight));
  const targets: TypingTarget[] = [
    { line: event, character: lines[event].length, word: ',post-install' },
    { line: weight, character: lines[weight].length - 1, word: '05' },
    { line: name, character: lines[name].length, word: '-migrate' },
  ];
  const label = weights >= jobs ? 'all weights distinct' : `${weights} weights`;
  const base = toggleHookValue(`hook-dense 9,200-line template, ${label}`, pathToFileURL(file).href, text);
  return { ...base, chartDir, edit: typingSequence(targets) };
}
