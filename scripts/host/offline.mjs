// Launcher 1, offline: the VS Code server (npm code-server) on Node 24, its workbench opened in Debian's Chromium
// through playwright-core. The suite runs in the server's extension host, exactly as under @vscode/test-electron.
// See ../shared/notes/real-vscode-host.md for why each flag is here.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromiumPath, completeMarker, hostPaths } from './config.mjs';

const SERVER_START_MS = 60_000;

/** The server's environment: its own HOME, TMPDIR and XDG folders, no inherited VS Code or npm variables. */
function serverEnv(dirs, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_') || /^npm_/i.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.tmp,
    // code-server's product default is open-vsx.org; an empty gallery turns the marketplace off (no lookups).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function serverArgs(dirs) {
  return [
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
}

/** Installs a .vsix into the run's extensions folder with the server's own CLI (`--install-extension`). */
export function installVsix(vsix, dirs, log) {
  const p = hostPaths();
  const r = spawnSync(p.nodeBin, [p.serverMain, ...serverArgs(dirs), '--install-extension', vsix, '--force'], {
    env: serverEnv(dirs, {}),
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  log(`--install-extension ${vsix}: exit ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  if (r.status !== 0) throw new Error(`installing ${path.basename(vsix)} into the VS Code server failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/**
 * Writes to `file` what the workbench's token inspector (editor.action.inspectTMScopes) shows: the token's text
 * and its TextMate scopes, outermost first. The extension API has no way to read TextMate scopes, and
 * `_workbench.captureSyntaxTokens` exists only in desktop builds (and guesses the language from the file's
 * basename, which misses `templates/**` patterns), so the suite asks the page.
 */
async function readTokenInspector(page, file) {
  let answer;
  try {
    answer = await page.evaluate(() => {
      const widget = document.querySelector('.token-inspect-widget');
      if (!widget) return { open: false };
      // the widget lists scopes innermost first, one text node each
      const text = (el) => (el ? [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent) : null);
      return { open: true, token: text(widget.querySelector('h2.tiw-token'))?.[0] ?? null, scopes: text(widget.querySelector('.tiw-metadata-scopes'))?.reverse() ?? null };
    });
  } catch (e) {
    answer = { open: false, error: String(e) };
  }
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
  fs.renameSync(`${file}.tmp`, file);
}

/** Starts the server in its own process group on 127.0.0.1 with a port it picks; resolves with { port, stop }. */
function startServer(dirs, env, log) {
  const p = hostPaths();
  const args = [
    p.serverMain,
    '--host', '127.0.0.1',
    '--port', '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    ...serverArgs(dirs),
  ];
  const proc = spawn(p.nodeBin, args, { detached: true, env: serverEnv(dirs, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  const exitedP = new Promise((resolve) => proc.once('exit', (code, signal) => {
    exited = true;
    resolve(code ?? signal);
  }));

  const stop = async () => {
    if (exited) return;
    const kill = (sig) => {
      try {
        process.kill(-proc.pid, sig);
      } catch {
        /* group already gone */
      }
    };
    kill('SIGTERM');
    const done = await Promise.race([exitedP.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    kill('SIGKILL'); // whatever is left in the group (extension host, language server)
    if (!done) await Promise.race([exitedP, new Promise((r) => setTimeout(r, 2000))]);
  };

  const port = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not report a port within ${SERVER_START_MS / 1000} s`)), SERVER_START_MS);
    const onData = (d) => {
      const s = d.toString();
      log(s);
      out += s;
      const m = /Extension host agent listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => log(d.toString()));
    exitedP.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited (${code}) before listening:\n${out.split('\n').slice(-20).join('\n')}`));
    });
  });
  return { proc, port, stop };
}

/**
 * Runs the suite once. `extensionPath` is the extension under development (the repo, or a stub when testing an
 * installed .vsix); `suite` the compiled module exporting run(). Resolves with { exitCode, reason } once the
 * extension host exits, the run times out or something fails to start; always stops what it started.
 */
export async function runOffline({ extensionPath, suite, workspace, dirs, env, timeoutMs, log, onLog, screenshots }) {
  if (!fs.existsSync(completeMarker)) return { exitCode: 1, reason: `the VS Code host is not provisioned: run node scripts/host/provision.mjs` };
  if (!fs.existsSync(chromiumPath)) return { exitCode: 1, reason: `no Chromium at ${chromiumPath}: apt-get install chromium, or set HELM_HOOKS_CHROMIUM` };
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    return { exitCode: 1, reason: `playwright-core is not installed (npm ci): ${e.message}` };
  }

  const server = startServer(dirs, env, log);
  let browser;
  let timer;
  const onSignal = () => {
    void server.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const port = await server.port;
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(suite)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await playwright.chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      env: { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: path.join(dirs.home, '.config'), XDG_CACHE_HOME: path.join(dirs.home, '.cache') },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => log(`[page error] ${e.stack ?? e}\n`));
    page.on('console', (m) => log(`[page ${m.type()}] ${m.text()}\n`));

    const exit = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => {
        resolve({ exitCode: Number(code) });
      });
      timer = setTimeout(() => resolve({ exitCode: 1, reason: `timed out after ${timeoutMs / 1000} s waiting for the extension host to finish` }), timeoutMs);
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      log(`[automation ${type}] ${JSON.stringify(args).slice(0, 2000)}`);
      const text = Array.isArray(args) ? format(...args) : String(args);
      onLog(text, type);
      // The suite asks for a picture of what a person sees: `@@helm-hooks-host:screenshot <request file>`.
      const m = /@@helm-hooks-host:screenshot (\S+)/.exec(text);
      if (m && screenshots) void screenshots(page, m[1]);
      // ... or for the token under the cursor as the Inspect Editor Tokens and Scopes widget shows it.
      const t = /@@helm-hooks-host:inspect (\S+)/.exec(text);
      if (t) void readTokenInspector(page, t[1]);
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return await exit;
  } catch (e) {
    return { exitCode: 1, reason: e.message };
  } finally {
    clearTimeout(timer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (browser) await browser.close().catch(() => undefined);
    await server.stop();
  }
}
