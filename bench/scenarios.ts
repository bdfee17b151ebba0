import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TemplateFile } from './corpus';
import { generateHookTemplate } from './generate';

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
