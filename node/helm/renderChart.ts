import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chartYamlName, isProbed, parseHelmError, parseHelmVersion, probeTemplate, RenderError, supportedHelm } from '../../engine';
import { runHelm } from './run';
import { untarGz } from './untar';

/** One chart folder of the temporary copy (the root and every subchart, packed ones unpacked). */
interface CopiedChart {
  copyDir: string;
  /** Where its files are shown to the user: the original folder, or `<parent>/charts/x-1.0.0.tgz` for a packed one. */
  shownDir: string;
  /** Helm's path of the chart (`shop`, `shop/charts/audit`), by Chart.yaml names. */
  helmPath: string;
  library: boolean;
}

export interface RenderRequest {
  helm: string;
  /** The root chart folder (never written: helm renders a temporary copy). */
  chartDir: string;
  /** `--values` files, absolute. */
  values: readonly string[];
  /** `--set` assignments, as given. */
  set: readonly string[];
  kubeVersion?: string;
  deadlineMs: number;
  /** helm is stopped when its output passes this many characters. */
  maxOutputChars: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting it stops helm; the result is then a problem saying so. */
  signal?: AbortSignal;
}

/** Where a Helm template path lives on disk, for messages and for reading the template. */
export interface SourceFiles {
  /** The file to show for a Helm path (`shop/templates/x.yaml`); undefined when no chart of the copy has it. */
  shownFile(source: string): string | undefined;
  /** The template's text as helm read it. */
  templateText(source: string): string | undefined;
}

export type RenderResult =
  | ({ ok: true; output: string; stderr: string; nonce: string } & SourceFiles)
  | ({ ok: false; error: RenderError } & SourceFiles)
  /** helm could not run or finish: no template is to blame. */
  | { ok: false; problem: string };

/** `helm version --short`, refused below 3.12. Resolves to the version text, or throws an Error saying why. */
export async function checkHelmVersion(helm: string, env: NodeJS.ProcessEnv = process.env, deadlineMs = 20000): Promise<string> {
  const exit = await runHelm(helm, ['version', '--short'], { env, deadlineMs, graceMs: 1000 }).done;
  if (exit.startProblem) throw new Error(exit.startProblem.message);
  if (exit.timedOut) throw new Error(`${helm} version --short did not answer within ${Math.round(deadlineMs / 1000)} s; stopped it.`);
  if (exit.code !== 0) throw new Error(`${helm} version --short failed (exit ${exit.code ?? exit.signal}): ${exit.stderr.trim().split('\n').pop() ?? ''}`);
  const v = parseHelmVersion(exit.stdout);
  const why = supportedHelm(v, exit.stdout);
  if (why !== undefined) throw new Error(`${why} (${helm}).`);
  return v?.text ?? exit.stdout.trim();
}

const HELMIGNORE_DEFAULT: string[] = [];

/** A small reading of .helmignore (Helm's ignore rules, gitignore-like): globs on the base name, or on the path with a `/`. */
function ignoredBy(chartDir: string): (rel: string, isDir: boolean) => boolean {
  let lines = HELMIGNORE_DEFAULT;
  try {
    lines = fs.readFileSync(path.join(chartDir, '.helmignore'), 'utf8').split('\n');
  } catch {
    // No .helmignore: nothing ignored.
  }
  const rules = lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => {
      const dirOnly = l.endsWith('/');
      const glob = l.replace(/\/$/, '').replace(/^\//, '');
      const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
      return { dirOnly, re, onPath: glob.includes('/') };
    });
  return (rel, isDir) => rules.some((r) => (!r.dirOnly || isDir) && r.re.test(r.onPath ? rel : path.posix.basename(rel)));
}

function filesUnder(dir: string, rel: string, ignored: (rel: string, isDir: boolean) => boolean, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (ignored(`templates/${r}`, e.isDirectory())) continue;
    if (e.isDirectory()) filesUnder(dir, r, ignored, out);
    else if (e.isFile()) out.push(r);
  }
}

/** Copies every chart folder (recursively through charts/), unpacking packed subcharts in the copy. */
function collect(copyDir: string, shownDir: string, parentPath: string | undefined, out: CopiedChart[]): void {
  let chartYaml = '';
  try {
    chartYaml = fs.readFileSync(path.join(copyDir, 'Chart.yaml'), 'utf8');
  } catch {
    return;
  }
  const name = chartYamlName(chartYaml) ?? path.basename(copyDir);
  const helmPath = parentPath === undefined ? name : `${parentPath}/charts/${name}`;
  out.push({ copyDir, shownDir, helmPath, library: /^type:\s*["']?library\b/m.test(chartYaml) });
  const charts = path.join(copyDir, 'charts');
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(charts, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isFile() && /\.(tgz|tar\.gz)$/.test(e.name)) {
      const staging = path.join(charts, `.helm-hooks-unpack-${e.name}`);
      const tops = untarGz(path.join(charts, e.name), staging);
      fs.rmSync(path.join(charts, e.name));
      if (tops.length !== 1) continue;
      let target = path.join(charts, tops[0]);
      if (fs.existsSync(target)) target = path.join(charts, `${tops[0]}-from-${e.name.replace(/\.(tgz|tar\.gz)$/, '')}`);
      fs.renameSync(path.join(staging, tops[0]), target);
      fs.rmSync(staging, { recursive: true, force: true });
      collect(target, path.join(shownDir, 'charts', e.name), helmPath, out);
    } else if (e.isDirectory() && !e.name.startsWith('.helm-hooks-unpack-')) {
      collect(path.join(charts, e.name), path.join(shownDir, 'charts', e.name), helmPath, out);
    }
  }
}

/** The chart (Helm path prefix) a template path belongs to: the longest `<chart>/templates/` prefix. */
function sourceFiles(charts: readonly CopiedChart[], aliases: ReadonlyMap<string, CopiedChart>): SourceFiles {
  const locate = (source: string): { chart: CopiedChart; rel: string } | undefined => {
    let best: { chart: CopiedChart; rel: string; len: number } | undefined;
    const consider = (prefix: string, chart: CopiedChart): void => {
      const p = `${prefix}/templates/`;
      if (source.startsWith(p) && (best === undefined || p.length > best.len)) best = { chart, rel: source.slice(p.length), len: p.length };
    };
    for (const c of charts) consider(c.helmPath, c);
    for (const [prefix, c] of aliases) consider(prefix, c);
    return best;
  };
  // Read now: the copy is removed once helm is done, and messages are made afterwards.
  const cache = new Map<string, string | undefined>();
  const texts = new Map<string, string | undefined>();
  for (const c of charts) {
    const files: string[] = [];
    filesUnder(path.join(c.copyDir, 'templates'), '', () => false, files);
    for (const f of files) {
      try {
        texts.set(path.join(c.copyDir, 'templates', ...f.split('/')), fs.readFileSync(path.join(c.copyDir, 'templates', ...f.split('/')), 'utf8'));
      } catch {
        // Unreadable: mapped to the template's first line.
      }
    }
  }
  return {
    shownFile(source) {
      const at = locate(source);
      return at === undefined ? undefined : path.join(at.chart.shownDir, 'templates', ...at.rel.split('/'));
    },
    templateText(source) {
      if (!cache.has(source)) {
        const at = locate(source);
        cache.set(source, at === undefined ? undefined : texts.get(path.join(at.chart.copyDir, 'templates', ...at.rel.split('/'))));
      }
      return cache.get(source);
    },
  };
}

/**
 * Renders a chart with the real helm (`helm template`, argument array, deadline, output cap), from a
 * temporary copy that holds a probe per chart and subchart (see engine/render/probe.ts). The copy is
 * removed afterwards; the chart folder itself is never written.
 */
export async function renderChart(req: RenderRequest): Promise<RenderResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-render-'));
  try {
    const copy = path.join(tmp, path.basename(req.chartDir));
    fs.cpSync(req.chartDir, copy, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    const charts: CopiedChart[] = [];
    collect(copy, req.chartDir, undefined, charts);
    const nonce = crypto.randomBytes(6).toString('hex');
    charts.forEach((c, k) => {
      if (c.library) return;
      const files: string[] = [];
      filesUnder(path.join(c.copyDir, 'templates'), '', ignoredBy(c.copyDir), files);
      const probed = files.filter(isProbed);
      if (probed.length === 0) return;
      fs.mkdirSync(path.join(c.copyDir, 'templates'), { recursive: true });
      fs.writeFileSync(path.join(c.copyDir, 'templates', `helm-hooks-probe-${nonce}-${k}.yaml`), probeTemplate(`${nonce}-${k}`, probed));
    });

    const args = ['template', copy];
    for (const v of req.values) args.push(`--values=${v}`);
    for (const s of req.set) args.push(`--set=${s}`);
    if (req.kubeVersion !== undefined) args.push(`--kube-version=${req.kubeVersion}`);
    const chunks: string[] = [];
    let size = 0;
    let huge = false;
    let stderr = '';
    const run = runHelm(req.helm, args, {
      env: req.env ?? process.env,
      cwd: req.cwd,
      deadlineMs: req.deadlineMs,
      graceMs: 2000,
      signal: req.signal,
      onOutput: (text, stream) => {
        if (stream === 'stderr') {
          if (stderr.length < 1024 * 1024) stderr += text;
          return;
        }
        size += text.length;
        if (size > req.maxOutputChars) {
          huge = true;
          run.cancel();
        } else chunks.push(text);
      },
    });
    const exit = await run.done;
    if (exit.startProblem) return { ok: false, problem: exit.startProblem.message };
    if (exit.cancelled && !huge) return { ok: false, problem: `helm template was cancelled for ${req.chartDir}.` };
    const seconds = Math.round(req.deadlineMs / 1000);
    if (huge) return { ok: false, problem: `helm template printed more than ${Math.round(req.maxOutputChars / 1048576)} MB for ${req.chartDir}; stopped it (is a loop rendering without end?).` };
    if (exit.timedOut) return { ok: false, problem: `helm template did not finish within ${seconds} s for ${req.chartDir}; stopped it (set a longer --timeout if the chart is that slow).` };
    const output = chunks.join('');
    // A chart may appear under an alias (dependencies[].alias): its probe's path says where.
    const aliases = new Map<string, CopiedChart>();
    const probeSource = new RegExp(`^# Source: (.+)/templates/helm-hooks-probe-${nonce}-(\\d+)\\.yaml$`, 'gm');
    for (let m = probeSource.exec(output); m !== null; m = probeSource.exec(output)) {
      const c = charts[Number(m[2])];
      if (c !== undefined) aliases.set(m[1], c);
    }
    const files = sourceFiles(charts, aliases);
    if (exit.code !== 0) return { ok: false, error: parseHelmError(exit.stderr || stderr), ...files };
    return { ok: true, output, stderr, nonce, ...files };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
