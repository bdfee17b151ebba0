// Launcher 2: desktop VS Code through @vscode/test-electron, on a machine that has VS Code or can download it.
//   HELM_HOOKS_VSCODE_PATH=/path/to/code      a local VS Code executable (no download)
//   HELM_HOOKS_HOST_LAUNCHER=electron          download VS Code (HELM_HOOKS_VSCODE_VERSION, default stable) into the cache
// Same suite module (run()) and the same environment as the offline launcher.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { cacheRoot } from './config.mjs';

/** A stream that hands complete lines to `onLine`. */
function lines(onLine) {
  let rest = '';
  return new Writable({
    write(chunk, _enc, cb) {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) onLine(p);
      cb();
    },
    final(cb) {
      if (rest) onLine(rest);
      cb();
    },
  });
}

export async function runElectron({ extensionPath, suite, workspace, dirs, env, vsix, log, onOutput }) {
  let te;
  try {
    te = await import('@vscode/test-electron');
  } catch (e) {
    return { exitCode: 1, reason: `@vscode/test-electron is not installed (npm ci): ${e.message}` };
  }
  let vscodeExecutablePath = process.env.HELM_HOOKS_VSCODE_PATH;
  if (vscodeExecutablePath && !fs.existsSync(vscodeExecutablePath)) {
    return { exitCode: 1, reason: `HELM_HOOKS_VSCODE_PATH is ${vscodeExecutablePath}, which does not exist` };
  }
  try {
    if (!vscodeExecutablePath) {
      vscodeExecutablePath = await te.downloadAndUnzipVSCode({
        version: process.env.HELM_HOOKS_VSCODE_VERSION || 'stable',
        cachePath: path.join(cacheRoot, 'vscode-test'),
      });
    }
  } catch (e) {
    return {
      exitCode: 1,
      reason: `could not download VS Code (${e.message}). Offline, unset HELM_HOOKS_HOST_LAUNCHER to use the VS Code server route, or set HELM_HOOKS_VSCODE_PATH to a local VS Code.`,
    };
  }
  const profile = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (vsix) {
    const [cli, ...cliArgs] = te.resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const r = spawnSync(cli, [...cliArgs, ...profile, '--install-extension', vsix, '--force'], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
      timeout: 120_000,
    });
    log(`--install-extension ${vsix}: exit ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
    if (r.status !== 0) return { exitCode: 1, reason: `installing ${path.basename(vsix)} into VS Code failed:\n${r.stdout}${r.stderr}` };
  }
  // Linux without a display: desktop VS Code needs one (run under xvfb-run).
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('no DISPLAY: desktop VS Code may fail to start; run the tests under xvfb-run\n');
  }
  try {
    const exitCode = await te.runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suite,
      extensionTestsEnv: env,
      stdout: lines((l) => {
        log(l);
        onOutput(l);
      }),
      stderr: lines((l) => log(l)),
      launchArgs: [workspace, ...profile, '--disable-telemetry', '--disable-chromium-sandbox'],
    });
    return { exitCode };
  } catch (e) {
    return { exitCode: typeof e.code === 'number' ? e.code : 1, reason: e.code === undefined ? e.message : undefined };
  }
}
