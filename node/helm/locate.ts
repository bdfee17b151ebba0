import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelmProblem } from './problem';

/** Where the configured path came from, for messages, and how a relative one is read. */
export interface HelmSource {
  /** `helmHooks.helmPath` (the extension's setting) or `--helm` (the CLI's option). */
  name: string;
  /** Folder a relative path is resolved against; without it a relative path is refused. */
  base?: string;
}

const SETTING: HelmSource = { name: 'helmHooks.helmPath' };

/**
 * The helm binary to run: the configured path (the extension's helmHooks.helmPath, the CLI's --helm) when
 * set, else the first `helm` on PATH, as a terminal would find it. Throws a HelmProblem that says where it
 * looked. The extension and the CLI both find helm here.
 */
export function locateHelm(configured: string | undefined, env: NodeJS.ProcessEnv = process.env, source: HelmSource = SETTING): string {
  const wanted = configured?.trim();
  if (wanted) {
    let file = wanted === '~' || wanted.startsWith('~/') ? path.join(os.homedir(), wanted.slice(1)) : wanted;
    if (!path.isAbsolute(file) && source.base !== undefined) file = path.resolve(source.base, file);
    // A relative path would depend on whatever the extension host's working folder happens to be.
    if (!path.isAbsolute(file)) throw new HelmProblem('invalid-input', `${source.name} must be an absolute path to the helm binary (it is "${wanted}").`);
    const origin = source.name.startsWith('--') ? `the ${source.name} option` : `the ${source.name} setting`;
    const why = unusable(file);
    if (why === 'missing') throw new HelmProblem('missing', `helm was not found at ${file} (${origin}).`);
    if (why !== undefined) throw new HelmProblem('not-executable', `${file} (${origin}) ${why}.`);
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
  const how = source.name.startsWith('--') ? `pass ${source.name} PATH` : `set ${source.name} to its full path`;
  throw new HelmProblem('missing', `helm was not found on PATH (${dirs.length} folders searched). Install helm 3 or 4, or ${how}.`);
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
