/**
 * `helm-hooks check --render` on the corpus charts that render with their defaults, beside `helm lint` and
 * `helm template` on the same charts with the same helm, and the static `helm-hooks check` (issue 15).
 * `npm run bench:render` (after `npm run build`: `node out/bench/render.js`).
 *
 * The corpus is read-only: each chart is copied to a temporary folder, and the dependencies its Chart.yaml
 * names that are not bundled in its `charts/` are copied in from the corpus when the corpus has a chart of
 * that name from the same repository (bitnami's `common`, `redis`, `postgresql`...; recursively, so a copied
 * `redis` gets its own `common`). A chart whose dependency the corpus lacks is left as it is: helm says why
 * it does not render. Library charts are not rendered (helm refuses to install or template them).
 *
 * Each chart is rendered once first with `helm template` (warm-up, and the gate: a chart that fails there
 * does not render with its defaults, and helm's own reason is kept). Then, per run, for each chart in turn:
 * `helm lint`, `helm template`, `node dist/cli.js check --render --helm HELM`, `node dist/cli.js check`
 * (all with `--format json` for ours), each the wall time of a fresh process. Then the static check of the
 * whole corpus as in "CLI" of BENCHMARKS.md (3 runs), to compare with the figures there.
 *
 * Options: `--runs N` (default 3), `--only TEXT` (charts whose corpus path contains TEXT), `--helm PATH`
 * (default helm 3.18 from the cluster cache), `--static-runs N` (default 3; 0 leaves the whole-corpus run out),
 * `--compare-cli PATH` (another build's cli.js: its static whole-corpus check runs alternately with this
 * build's, so both see the same load; wall time and CPU time of each process).
 * Writes `out/bench/render.md` (the tables) and `out/bench/render.json` (raw figures).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { CORPUS_ROOT } from './corpus';
import { describeMachine, foreignShare, sampleCpu } from './machine';
import { REPO } from './servers';
import { fmtMs, median } from './stats';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function log(msg: string): void {
  process.stderr.write(`[render] ${msg}\n`);
}

const CACHE = process.env.HELM_HOOKS_CLUSTER_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'helm-hooks', 'cluster');
const HELM = path.resolve(arg('--helm') ?? path.join(CACHE, 'helm-3.18.0', 'bin', 'helm'));
const RUNS = Number(arg('--runs') ?? 3);
const STATIC_RUNS = Number(arg('--static-runs') ?? 3);
const ONLY = arg('--only');
const COMPARE_CLI = arg('--compare-cli') === undefined ? undefined : path.resolve(arg('--compare-cli') ?? '');
const CLI = path.join(REPO, 'dist', 'cli.js');
const TIMEOUT_MS = 180_000;

interface Dependency {
  name: string;
  repository?: string;
}

interface CorpusChart {
  /** Corpus path, e.g. `bitnami/airflow`. */
  id: string;
  dir: string;
  name: string;
  library: boolean;
  dependencies: Dependency[];
}

function readChart(dir: string, id: string): CorpusChart | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'));
  } catch {
    return undefined;
  }
  const c = (doc ?? {}) as { name?: unknown; type?: unknown; dependencies?: unknown };
  const deps = Array.isArray(c.dependencies) ? (c.dependencies as Dependency[]).filter((d) => typeof d?.name === 'string') : [];
  return { id, dir, name: typeof c.name === 'string' ? c.name : path.basename(dir), library: c.type === 'library', dependencies: deps };
}

/** Every chart two levels down in the corpus (`repo/chart`), sorted. */
function corpusCharts(): CorpusChart[] {
  const out: CorpusChart[] = [];
  for (const repo of fs.readdirSync(CORPUS_ROOT, { withFileTypes: true })) {
    if (!repo.isDirectory()) continue;
    for (const c of fs.readdirSync(path.join(CORPUS_ROOT, repo.name), { withFileTypes: true })) {
      if (!c.isDirectory()) continue;
      const dir = path.join(CORPUS_ROOT, repo.name, c.name);
      const chart = fs.existsSync(path.join(dir, 'Chart.yaml')) ? readChart(dir, `${repo.name}/${c.name}`) : undefined;
      if (chart) out.push(chart);
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The corpus folder a dependency's repository points to (the corpus holds three upstream repositories). */
function corpusRepoOf(repository: string | undefined): string | undefined {
  if (repository === undefined) return undefined;
  if (/bitnami/.test(repository)) return 'bitnami';
  if (/prometheus-community/.test(repository)) return 'prometheus-community';
  if (/kubernetes\.github\.io\/ingress-nginx/.test(repository)) return 'ingress-nginx';
  return undefined;
}

/**
 * Copies into `copyDir/charts/` each dependency not already there that the corpus has; recursively.
 * Returns the corpus ids copied in (`bitnami/common`...).
 */
function supplyDependencies(copyDir: string, deps: readonly Dependency[], byId: ReadonlyMap<string, CorpusChart>, depth = 0): string[] {
  const copied: string[] = [];
  if (depth > 5) return copied;
  const chartsDir = path.join(copyDir, 'charts');
  const present = (name: string): boolean =>
    fs.existsSync(path.join(chartsDir, name)) || (fs.existsSync(chartsDir) && fs.readdirSync(chartsDir).some((f) => f.startsWith(`${name}-`) && /\.(tgz|tar\.gz)$/.test(f)));
  for (const d of deps) {
    if (present(d.name)) continue;
    const repo = corpusRepoOf(d.repository);
    const src = repo === undefined ? undefined : byId.get(`${repo}/${d.name}`);
    if (src === undefined) continue;
    fs.mkdirSync(chartsDir, { recursive: true });
    const target = path.join(chartsDir, d.name);
    fs.cpSync(src.dir, target, { recursive: true });
    copied.push(src.id);
    copied.push(...supplyDependencies(target, src.dependencies, byId, depth + 1));
  }
  return copied;
}

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

const helmHome = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bench-helm-home-'));
/** helm with its own empty config, cache and data folders (no repositories, no plugins), for all three tools. */
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  HELM_CACHE_HOME: path.join(helmHome, 'cache'),
  HELM_CONFIG_HOME: path.join(helmHome, 'config'),
  HELM_DATA_HOME: path.join(helmHome, 'data'),
};

function timed(file: string, args: string[], cwd: string): Timed {
  const t0 = performance.now();
  const r = spawnSync(file, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: TIMEOUT_MS });
  const ms = performance.now() - t0;
  if (r.error) return { ms, code: null, stdout: '', stderr: r.error.message };
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** helm's own reason for a failure: its `Error:` line (Helm 3) or last line. */
function helmReason(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '');
  const err = lines.find((l) => l.startsWith('Error:') || l.startsWith('Error: '));
  return (err ?? lines.pop() ?? '(no message)').trim();
}

type Tool = 'render' | 'template' | 'lint' | 'static';
const TOOLS: Tool[] = ['render', 'template', 'lint', 'static'];

interface ChartResult {
  id: string;
  copied: string[];
  templates: number;
  times: Record<Tool, number[]>;
  codes: Record<Tool, (number | null)[]>;
  renderFindings?: number;
  staticFindings?: number;
  problems: string[];
}

function countTemplates(dir: string): number {
  let n = 0;
  const walk = (d: string, under: boolean): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), under || e.name === 'templates');
      else if (under && /\.(ya?ml|tpl)$/i.test(e.name)) n++;
    }
  };
  walk(dir, false);
  return n;
}

function findingsOf(stdout: string): number | undefined {
  try {
    return (JSON.parse(stdout) as { findings: unknown[] }).findings.length;
  } catch {
    return undefined;
  }
}

function range(v: readonly number[]): string {
  return v.length === 0 ? 'n/a' : `${fmtMs(Math.min(...v))}–${fmtMs(Math.max(...v))}`;
}

interface StaticRun {
  wallMs: number;
  /** CPU time of the process (user + sys), from this process's reaped-children counters (10 ms ticks). */
  cpuMs: number;
  code: number | null;
  files?: number;
  findings?: number;
}

/** `node CLI check CORPUS --format json`, a fresh process, as "CLI" in BENCHMARKS.md. */
function staticCorpusRun(cli: string): StaticRun {
  const c0 = sampleCpu();
  const r = timed(process.execPath, [cli, 'check', CORPUS_ROOT, '--format', 'json'], REPO);
  const c1 = sampleCpu();
  let files: number | undefined;
  let findings: number | undefined;
  try {
    const out = JSON.parse(r.stdout) as { findings: unknown[]; summary?: { files?: number } };
    findings = out.findings.length;
    files = out.summary?.files;
  } catch {
    // Reported as n/a.
  }
  const ticks = c0 && c1 ? c1.ours - c0.ours : NaN;
  return { wallMs: r.ms, cpuMs: ticks * 10, code: r.code, files, findings };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function helmVersion(): string {
  return timed(HELM, ['version', '--short'], REPO).stdout.trim();
}

function main(): void {
  if (!fs.existsSync(HELM)) throw new Error(`helm not found at ${HELM} (provision it: bash scripts/cluster/provision.sh, or pass --helm PATH)`);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const all = corpusCharts();
  const byId = new Map(all.map((c) => [c.id, c]));
  const chosen = all.filter((c) => ONLY === undefined || c.id.includes(ONLY));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-bench-render-'));
  const load0 = os.loadavg();
  const cpu0 = sampleCpu();
  const started = new Date();
  log(`${chosen.length} charts, helm ${helmVersion()} at ${HELM}, ${RUNS} runs; copies in ${tmp}`);

  const libraries: string[] = [];
  const failed: { id: string; copied: string[]; reason: string }[] = [];
  const rendered: { chart: CorpusChart; copy: string; result: ChartResult }[] = [];
  try {
    // Copies, dependencies, and the gate (one helm template each, also the warm-up).
    for (const chart of chosen) {
      if (chart.library) {
        libraries.push(chart.id);
        continue;
      }
      const copy = path.join(tmp, chart.id);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.cpSync(chart.dir, copy, { recursive: true });
      const copied = supplyDependencies(copy, chart.dependencies, byId);
      const gate = timed(HELM, ['template', copy], tmp);
      if (gate.code !== 0) {
        failed.push({ id: chart.id, copied, reason: helmReason(gate.stderr).split(tmp + path.sep).join('') });
        log(`${chart.id}: does not render with its defaults: ${failed[failed.length - 1].reason}`);
        continue;
      }
      const times = { render: [], template: [], lint: [], static: [] } as Record<Tool, number[]>;
      const codes = { render: [], template: [], lint: [], static: [] } as Record<Tool, (number | null)[]>;
      rendered.push({ chart, copy, result: { id: chart.id, copied, templates: countTemplates(copy), times, codes, problems: [] } });
    }
    log(`${rendered.length} render, ${failed.length} do not, ${libraries.length} library charts`);

    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      for (const { copy, result } of rendered) {
        const cmds: Record<Tool, [string, string[]]> = {
          lint: [HELM, ['lint', copy]],
          template: [HELM, ['template', copy]],
          render: [process.execPath, [CLI, 'check', '--render', '--helm', HELM, '--format', 'json', copy]],
          static: [process.execPath, [CLI, 'check', '--format', 'json', copy]],
        };
        for (const tool of ['lint', 'template', 'render', 'static'] as Tool[]) {
          const [file, args] = cmds[tool];
          const r = timed(file, args, tmp);
          result.times[tool].push(r.ms);
          result.codes[tool].push(r.code);
          if (tool === 'render') {
            result.renderFindings = findingsOf(r.stdout);
            // Exit 0 or 1 (findings) is a finished check; anything else is not.
            if (r.code !== 0 && r.code !== 1) result.problems.push(`render run ${run + 1}: exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}`);
          } else if (tool === 'static') result.staticFindings = findingsOf(r.stdout);
          else if (tool === 'template' && r.code !== 0) result.problems.push(`template run ${run + 1}: ${helmReason(r.stderr)}`);
        }
      }
      log(`run ${run + 1}/${RUNS}: ${((performance.now() - t0) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(2)}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(helmHome, { recursive: true, force: true });
  }

  // The static check of the whole corpus: this build, and alternately the other build when asked.
  const corpusStatic: StaticRun[] = [];
  const compareStatic: StaticRun[] = [];
  for (let i = 0; i < STATIC_RUNS; i++) {
    if (COMPARE_CLI !== undefined && i % 2 === 1) compareStatic.push(staticCorpusRun(COMPARE_CLI));
    corpusStatic.push(staticCorpusRun(CLI));
    if (COMPARE_CLI !== undefined && i % 2 === 0) compareStatic.push(staticCorpusRun(COMPARE_CLI));
  }
  log(`static corpus check: ${corpusStatic.map((r) => Math.round(r.wallMs)).join(', ')} ms${COMPARE_CLI ? `; other build ${compareStatic.map((r) => Math.round(r.wallMs)).join(', ')} ms` : ''}`);
  const load1 = os.loadavg();
  const foreign = foreignShare(cpu0, sampleCpu());
  const results = rendered.map((r) => r.result);

  // Markdown.
  const md: string[] = [];
  const sumMedians = (t: Tool): number => results.reduce((a, r) => a + median(r.times[t]), 0);
  const ratios = results.map((r) => median(r.times.render) / median(r.times.template));
  md.push(
    `**Machine:** ${describeMachine()}. **helm:** ${helmVersion()} (\`${HELM.replace(os.homedir(), '~')}\`). **Code:** commit ${gitCommit()}.`,
    `**Started** ${started.toISOString()}; **load average (1/5/15 min)** ${load0.map((x) => x.toFixed(2)).join(' / ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' / ')} at the end; other processes ${Number.isFinite(foreign) ? `${Math.round(foreign * 100)}%` : 'n/a'} of the CPU over the run.`,
    '',
    `Charts: ${chosen.length} in the corpus; ${libraries.length} library (not renderable: ${libraries.join(', ') || 'none'}); ${rendered.length} render with their defaults; ${failed.length} do not. ${RUNS} runs per chart and tool.`,
    '',
    '| tool | sum of per-chart medians | median chart | slowest chart (median) |',
    '| --- | --- | --- | --- |',
  );
  const labels: Record<Tool, string> = {
    render: '`helm-hooks check --render`',
    template: '`helm template`',
    lint: '`helm lint`',
    static: '`helm-hooks check` (static)',
  };
  for (const t of TOOLS) {
    const meds = results.map((r) => median(r.times[t]));
    const worst = results.reduce<ChartResult | undefined>((a, r) => (a === undefined || median(r.times[t]) > median(a.times[t]) ? r : a), undefined);
    md.push(`| ${labels[t]} | ${(sumMedians(t) / 1000).toFixed(1)} s | ${fmtMs(median(meds))} | ${worst ? `${fmtMs(median(worst.times[t]))} (${worst.id})` : 'n/a'} |`);
  }
  md.push(
    '',
    `\`check --render\` / \`helm template\` per chart (ratio of medians): median ${median(ratios).toFixed(2)}×, range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×.`,
    '',
  );
  if (corpusStatic.length > 0) {
    const row = (label: string, rs: readonly StaticRun[]): string =>
      `| ${label} | ${rs.map((x) => Math.round(x.wallMs)).join(', ')} | ${fmtMs(median(rs.map((x) => x.wallMs)))} | ${rs.map((x) => Math.round(x.cpuMs)).join(', ')} | ${fmtMs(median(rs.map((x) => x.cpuMs)))} | ${rs[0]?.files ?? 'n/a'} | ${rs[0]?.findings ?? 'n/a'} | ${rs.map((x) => x.code).join(', ')} |`;
    md.push(
      '| static check of the whole corpus (`node dist/cli.js check CORPUS --format json`) | wall, runs (ms) | wall median | CPU, runs (ms) | CPU median | files | findings | exit codes |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row(`this build (${gitCommit().split(' ')[0]})`, corpusStatic),
    );
    if (COMPARE_CLI !== undefined) md.push(row(`\`${COMPARE_CLI}\` (alternating)`, compareStatic));
    md.push('');
  }
  md.push(
    '| chart | templates | copied in | `check --render` median (range) | `helm template` | `helm lint` | static `check` | render / template | findings (render / static) | exit codes (render, lint) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    const cell = (t: Tool): string => `${fmtMs(median(r.times[t]))} (${range(r.times[t])})`;
    const codes = (t: Tool): string => [...new Set(r.codes[t])].join('/');
    md.push(
      `| ${r.id} | ${r.templates} | ${[...new Set(r.copied.map((c) => c.split('/')[1]))].join(', ') || '—'} | ${cell('render')} | ${cell('template')} | ${cell('lint')} | ${cell('static')} | ${(median(r.times.render) / median(r.times.template)).toFixed(2)}× | ${r.renderFindings ?? '?'} / ${r.staticFindings ?? '?'} | ${codes('render')}, ${codes('lint')} |`,
    );
  }
  md.push('', 'Did not render with their defaults (helm template, helm\'s own reason):', '');
  for (const f of failed) md.push(`- **${f.id}**${f.copied.length > 0 ? ` (with ${[...new Set(f.copied.map((c) => c.split('/')[1]))].join(', ')} copied in)` : ''}: \`${f.reason}\``);
  const problems = results.flatMap((r) => r.problems.map((p) => `- ${r.id}: ${p}`));
  if (problems.length > 0) md.push('', 'Problems during the timed runs:', '', ...problems);

  const outDir = path.join(REPO, 'out', 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'render.md'), md.join('\n') + '\n');
  fs.writeFileSync(
    path.join(outDir, 'render.json'),
    JSON.stringify({ helm: HELM, runs: RUNS, started, load: { start: load0, end: load1 }, foreign, libraries, failed, results, corpusStatic, compareCli: COMPARE_CLI, compareStatic }, null, 2),
  );
  process.stdout.write(md.join('\n') + '\n');
  if (problems.length > 0) process.exitCode = 1;
}

main();
