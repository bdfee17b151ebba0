import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelmProblem } from '../../../../node/helm/problem';

/**
 * The helm binary to run: the configured path (helmHooks.helmPath) when set, else the first `helm` on PATH,
 * as a terminal would find it. Throws a HelmProblem that says where it looked.
 */
export function locateHelm(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const wanted = configured?.trim();
  if (wanted) {
    const file = wanted === '~' || wanted.startsWith('~/') ? path.join(os.homedir(), wanted.slice(1)) : wanted;
    // A relative path would depend on whatever the extension host's working folder happens to be.
    if (!path.isAbsolute(file)) throw new HelmProblem('invalid-input', `helmHooks.helmPath must be an absolute path to the helm binary (it is "${wanted}").`);
    const why = unusable(file);
    if (why === 'missing') throw new HelmProblem('missing', `helm was not found at ${file} (the helmHooks.helmPath setting).`);
    if (why !== undefined) throw new HelmProblem('not-executable', `${file} (the helmHooks.helmPath setting) ${why}.`);
    return file;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '');
  const names = process.platform === 'win32' ? ['helm.exe', 'helm.cmd', 'helm.bat'] : ['helm'];
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (unusable(file) === undefined) return file;
    }
  }
  throw new HelmProblem('missing', `helm was not found on PATH (${dirs.length} folders searched). Install helm 3 or 4, or set helmHooks.helmPath to its full path.`);
}

function unusable(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'missing';
  }
  if (!stat.isFile()) return 'is not a file';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}
