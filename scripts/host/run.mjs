// The host tier: runs the mocha suite test/host (compiled to out/test/host) inside a real VS Code extension host.
//
//   node scripts/host/run.mjs --vsix FILE [--only RUN] [--timeout SECONDS]   what CI runs
//   node scripts/host/run.mjs --work-tree [--only editor|cluster]             fast mode for development
// RUN: editor, cluster, beside-after, beside-before.
//
// Users install the .vsix, so every run tests that: the package is installed into a clean extensions folder
// (--install-extension), with an empty stub as the development extension so the installed copy is the one under
// test. A file the package lacks fails the run. Four runs: the editor features; the release view, logs, helm test
// and lens against the local cluster; and twice beside a stand-in for the Kubernetes extension (its own language
// `helm` and `source.helm` grammar), installed once sorting after helm-hooks, once before (beside-after,
// beside-before; .vsix only, as a development extension always registers last). --work-tree loads the extension
// from the work tree instead (no packaging); it is never what the tier reports as the package's result.
//
// Launcher: the offline VS Code server route (code-server + Node 24 + Chromium, provisioned by provision.mjs) by
// default; @vscode/test-electron when HELM_HOOKS_VSCODE_PATH names a local VS Code or HELM_HOOKS_HOST_LAUNCHER=electron.
//
// Prints mocha's output, one line per run, and closes with `host: N passed, N failed`. Anything that keeps a run
// from reporting its counts (not provisioned, server or browser failing, timeout) is printed and counted as a failure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactsDir, launcherName, repoRoot } from './config.mjs';
import { runElectron } from './electron.mjs';
import { installVsix, runOffline } from './offline.mjs';

/** The suite marks its own lines (test/host/util.ts, say()); everything else the workbench logs goes to the log file. */
const OUT_MARK = '@@helm-hooks-host:out ';

function printSuiteOutput(text) {
  for (const line of text.split('\n')) {
    const at = line.indexOf(OUT_MARK);
    if (at >= 0) process.stdout.write(`${line.slice(at + OUT_MARK.length)}\n`);
  }
}

const RUNS = ['editor', 'cluster', 'beside-after', 'beside-before'];

/**
 * The helm the editor run renders charts with (the rendered plan): HELM_HOOKS_TEST_HELM, else helm 3.18 of the
 * cluster cache (scripts/cluster/provision.sh). Passed on even when missing: the suite then fails, never skips.
 */
function editorHelm() {
  if (process.env.HELM_HOOKS_TEST_HELM) return process.env.HELM_HOOKS_TEST_HELM;
  const cache = process.env.HELM_HOOKS_CLUSTER_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'helm-hooks', 'cluster');
  return path.join(cache, 'helm-3.18.0', 'bin', 'helm');
}

function parseArgs(argv) {
  const o = { vsix: undefined, workTree: false, only: undefined, timeout: 480 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') o.vsix = path.resolve(argv[++i]);
    else if (a === '--work-tree') o.workTree = true;
    else if (a === '--only') o.only = argv[++i];
    else if (a === '--timeout') o.timeout = Number(argv[++i]);
    else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  if ((o.vsix === undefined) === !o.workTree) {
    console.error('give either --vsix FILE (the installed package, as CI runs it) or --work-tree (development)');
    process.exit(2);
  }
  if (o.only !== undefined && !RUNS.includes(o.only)) {
    console.error(`--only takes ${RUNS.join(', ')}, not ${o.only}`);
    process.exit(2);
  }
  if (o.workTree && o.only?.startsWith('beside-')) {
    console.error(`--only ${o.only} needs --vsix: a development extension registers after every installed one`);
    process.exit(2);
  }
  return o;
}

function makeDirs(label) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `helm-hooks-host-${label}-`));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    serverData: path.join(root, 'server-data'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

/** The fixture workspace, copied so tests may write into it, with settings that keep the workbench quiet. */
function prepareWorkspace(dirs) {
  fs.cpSync(path.join(repoRoot, 'test', 'host', 'fixtures', 'workspace'), dirs.workspace, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'editor.hover.delay': 100,
    // Room for the editor in screenshots: the secondary side bar would stand empty.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  fs.mkdirSync(path.join(dirs.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  for (const d of [path.join(dirs.userData, 'User'), path.join(dirs.home, '.local', 'share', 'code-server', 'User')]) {
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'settings.json'), JSON.stringify(settings, null, 2));
  }
}

/** What a person would see: the launcher's page, saved as a PNG, with a few facts read from the workbench's DOM. */
async function takeScreenshot(page, png) {
  const info = { taken: false };
  try {
    fs.mkdirSync(path.dirname(png), { recursive: true });
    await page.waitForTimeout(500);
    Object.assign(
      info,
      await page.evaluate(() => ({
        squiggles: document.querySelectorAll('.squiggly-error').length,
        hover: [...document.querySelectorAll('.monaco-hover')].map((e) => e.textContent).join('\n'),
        problems: [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => e.textContent).join('\n'),
        statusBar: document.querySelector('#workbench\\.parts\\.statusbar')?.textContent ?? '',
      })),
    );
    await page.screenshot({ path: png });
    info.taken = true;
  } catch (e) {
    info.error = String(e);
  }
  fs.writeFileSync(`${png}.json`, JSON.stringify(info));
}

/** With a .vsix, an empty stub is the development extension: the host then runs the installed copy. */
const STUB = path.join(repoRoot, 'test', 'host', 'fixtures', 'vsix-runner');

export async function runOnce({ label, title, mode, vsix, timeoutMs, extraEnv = {}, installFirst = [], installAfter = [] }) {
  const extensionPath = vsix ? STUB : repoRoot;
  const launcher = launcherName();
  const dirs = makeDirs(label);
  const resultFile = path.join(dirs.root, 'result.json');
  fs.mkdirSync(artifactsDir, { recursive: true });
  const serverLog = path.join(artifactsDir, `${label}-host.log`);
  fs.writeFileSync(serverLog, '');
  const log = (s) => fs.appendFileSync(serverLog, s.endsWith('\n') ? s : `${s}\n`);
  const started = Date.now();
  prepareWorkspace(dirs);
  const env = {
    HELM_HOOKS_HOST_MODE: mode,
    HELM_HOOKS_HOST_INSTALLED: vsix ? '1' : '',
    HELM_HOOKS_HOST_RESULT: resultFile,
    HELM_HOOKS_HOST_ARTIFACTS: artifactsDir,
    HELM_HOOKS_HOST_EXTENSIONS_DIR: dirs.extensions,
    HELM_HOOKS_HOST_LAUNCHER_NAME: launcher,
    HELM_HOOKS_REPO: repoRoot,
    ...extraEnv,
    ...(launcher === 'offline' ? { HELM_HOOKS_HOST_SCREENSHOTS: '1', HELM_HOOKS_HOST_INSPECT: '1' } : {}),
  };
  const suite = path.join(repoRoot, 'out', 'test', 'host', 'index.js');
  console.log(`\n--- ${title} (${launcher} launcher) ---`);
  let outcome;
  if (!fs.existsSync(suite)) {
    outcome = { exitCode: 1, reason: `${path.relative(repoRoot, suite)} is missing: build first (npm run build)` };
  } else if (launcher === 'electron') {
    outcome = await runElectron({ extensionPath, suite, workspace: dirs.workspace, dirs, env, vsix, log, onOutput: printSuiteOutput });
  } else if (launcher === 'offline') {
    try {
      for (const v of [...installFirst, ...(vsix ? [vsix] : []), ...installAfter]) installVsix(v, dirs, log);
      outcome = await runOffline({
        extensionPath,
        suite,
        workspace: dirs.workspace,
        dirs,
        env,
        timeoutMs,
        log,
        onLog: printSuiteOutput,
        screenshots: takeScreenshot,
      });
    } catch (e) {
      outcome = { exitCode: 1, reason: e.message };
    }
  } else {
    outcome = { exitCode: 1, reason: `unknown HELM_HOOKS_HOST_LAUNCHER ${launcher} (offline or electron)` };
  }

  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    counts = undefined;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  fs.rmSync(dirs.root, { recursive: true, force: true });
  if (!counts) {
    const reason = outcome.reason ?? `the extension host exited with ${outcome.exitCode} without reporting test counts`;
    console.log(`host: cannot run ${title}: ${reason}\n  (log: ${path.relative(repoRoot, serverLog)})`);
    return { passes: 0, failures: 1, pending: 0 };
  }
  if (outcome.reason) console.log(`host: ${title}: ${outcome.reason}`);
  const broken = outcome.exitCode !== 0 && counts.failures === 0 ? 1 : 0; // exited badly though every test passed
  if (broken) console.log(`host: ${title}: the extension host exited with ${outcome.exitCode}`);
  const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
  console.log(`${title}: ${counts.passes} passed, ${counts.failures} failed${skipped} in ${seconds} s`);
  return { passes: counts.passes, failures: counts.failures + broken, pending: counts.pending };
}

/**
 * The release view in a real VS Code against the local cluster (scripts/cluster), seeded by the real helm.
 * A cluster that cannot start fails this run loudly: it is never skipped.
 */
async function runAgainstCluster(vsix, timeoutMs) {
  const title = `release view against the local cluster, ${vsix ? `installed ${path.basename(vsix)}` : 'the work tree'}`;
  const clusterLog = path.join(artifactsDir, 'cluster-seed.log');
  const log = (s) => fs.appendFileSync(clusterLog, s.endsWith('\n') ? s : `${s}\n`);
  let seeded;
  try {
    const { startSeededCluster, SEED } = await import('./cluster.mjs');
    const started = Date.now();
    seeded = await startSeededCluster(log);
    console.log(`\nlocal cluster at ${seeded.info.server}, seeded with helm 3 and 4 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return await runOnce({
      label: 'cluster',
      title,
      mode: 'cluster',
      vsix,
      timeoutMs,
      extraEnv: { KUBECONFIG: seeded.info.adminKubeconfig, HELM_HOOKS_HOST_CLUSTER: JSON.stringify({ seed: SEED, server: seeded.info.server, helm: { 3: seeded.info.binaries.helm3, 4: seeded.info.binaries.helm4 }, api: { caFile: seeded.info.caFile, token: seeded.info.tokens.admin } }) },
    });
  } catch (e) {
    console.log(`host: cannot run ${title}: ${e.message}\n  (log: ${path.relative(repoRoot, clusterLog)})`);
    return { passes: 0, failures: 1, pending: 0 };
  } finally {
    await seeded?.stop().catch((e) => console.log(`host: stopping the local cluster failed: ${e.message}`));
  }
}

const STANDIN = path.join(repoRoot, 'test', 'host', 'fixtures', 'standin-helm');

/** Packages the stand-in under `publisher` with vsce, as a real extension is packaged; returns the .vsix path. */
function packageStandin(publisher, into) {
  const dir = path.join(into, `${publisher}-src`);
  fs.cpSync(STANDIN, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...manifest, publisher }, null, 2));
  const out = path.join(into, `${publisher}.${manifest.name}-${manifest.version}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`vsce package of the stand-in failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return { vsix: out, id: `${publisher}.${manifest.name}` };
}

/**
 * Our package beside the stand-in for the Kubernetes extension. VS Code registers installed extensions in the order
 * of their folder names (`<publisher>.<name>-<version>`) and the last `source.helm` grammar wins: `after` installs it
 * as `zz-standin` (its grammar wins, as the real `ms-kubernetes-tools` does), `before` as `aa-standin` (ours wins).
 * Each is installed on the side of our package that contradicts the folder order, so install order cannot pass for it.
 */
async function runBeside(where, vsix, timeoutMs) {
  const mode = `beside-${where}`;
  const title = `beside a stand-in Kubernetes extension sorting ${where} helm-hooks, installed ${path.basename(vsix)}`;
  if (launcherName() !== 'offline') {
    console.log(`host: cannot run ${title}: it reads token scopes from the workbench page, which only the offline launcher drives`);
    return { passes: 0, failures: 1, pending: 0 };
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `helm-hooks-standin-${where}-`));
  try {
    const standin = packageStandin(where === 'after' ? 'zz-standin' : 'aa-standin', scratch);
    return await runOnce({
      label: mode,
      title,
      mode,
      vsix,
      timeoutMs,
      installFirst: where === 'after' ? [standin.vsix] : [],
      installAfter: where === 'before' ? [standin.vsix] : [],
      extraEnv: { HELM_HOOKS_HOST_STANDIN: JSON.stringify({ id: standin.id, baseGrammar: where === 'after' ? 'standin' : 'ours' }) },
    });
  } catch (e) {
    console.log(`host: cannot run ${title}: ${e.message}`);
    return { passes: 0, failures: 1, pending: 0 };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const timeoutMs = o.timeout * 1000;
  // Fresh artifacts for this run: logs, screenshots, metrics.json.
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const total = { passes: 0, failures: 0, pending: 0 };
  const add = (r) => {
    total.passes += r.passes;
    total.failures += r.failures;
    total.pending += r.pending;
  };
  let vsix;
  if (o.vsix) {
    if (!fs.existsSync(o.vsix)) {
      console.log(`host: ${o.vsix} does not exist (npm run package builds it)`);
      console.log('\nhost: 0 passed, 1 failed');
      process.exit(1);
    }
    vsix = o.vsix;
    const size = fs.statSync(vsix).size;
    console.log(`\n${path.relative(repoRoot, vsix)}: ${size} bytes (${(size / 1048576).toFixed(2)} MB), installed into each run`);
  } else {
    console.log('\nhost: --work-tree: the extension is loaded from the work tree, not the package users install');
  }
  const from = vsix ? `installed ${path.relative(repoRoot, vsix)}` : 'the work tree';
  if (o.only === undefined || o.only === 'editor') add(await runOnce({ label: 'editor', title: `editor features, ${from}`, mode: 'editor', vsix, timeoutMs, extraEnv: { HELM_HOOKS_TEST_HELM: editorHelm() } }));
  if (o.only === undefined || o.only === 'cluster') add(await runAgainstCluster(vsix, timeoutMs));
  for (const where of ['after', 'before']) {
    if (!vsix || (o.only !== undefined && o.only !== `beside-${where}`)) continue;
    add(await runBeside(where, vsix, timeoutMs));
  }
  const pictures = fs.readdirSync(artifactsDir).filter((f) => f.endsWith('.png'));
  if (pictures.length > 0) console.log(`\nwhat a person sees: ${pictures.map((f) => path.relative(repoRoot, path.join(artifactsDir, f))).join(', ')}`);
  const skipped = total.pending ? `, ${total.pending} skipped` : '';
  console.log(`\nhost: ${total.passes} passed, ${total.failures} failed${skipped}`);
  process.exit(total.failures > 0 || total.pending > 0 ? 1 : 0);
}

// Run as a script; bench/host/package.mjs imports runOnce to time the installed package.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
