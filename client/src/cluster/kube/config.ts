import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientNode, KubeConfig } from './clientNode';
import { ClusterProblem } from './problems';

/** Where the kubeconfig comes from: an explicit list (a setting), else KUBECONFIG, else ~/.kube/config. */
export interface KubeconfigSource {
  /** Files joined with the platform's path delimiter, as in KUBECONFIG; empty or undefined: the default. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** The context the views show: what helm must be told (`--kube-context`, `--kubeconfig`) to see the same. */
export interface KubeTarget {
  files: string[];
  context: string;
  cluster: string;
  server: string;
  user: string;
  /** The context's namespace, else `default` (as kubectl and helm use). */
  namespace: string;
}

export interface LoadedKubeconfig {
  config: KubeConfig;
  files: string[];
  contexts: string[];
  /** The file's current-context, or undefined when none is set. */
  current: string | undefined;
}

/** The kubeconfig files to read, in precedence order, and whether they came from the user's choice. */
export function kubeconfigFiles(src: KubeconfigSource = {}): string[] {
  const env = src.env ?? process.env;
  const list = src.explicit?.trim() ? src.explicit : env.KUBECONFIG;
  if (list !== undefined && list.trim() !== '') return list.split(path.delimiter).filter((f) => f.trim() !== '').map((f) => expandHome(f.trim(), src.home));
  return [path.join(src.home ?? os.homedir(), '.kube', 'config')];
}

/**
 * Reads and merges the kubeconfig files as kubectl does: for a cluster, user or context named in several
 * files the first file wins, and so does the first current-context set. Files that do not exist are
 * skipped (kubectl does the same); none at all is a problem the view explains.
 */
export function loadKubeconfig(src: KubeconfigSource = {}): LoadedKubeconfig {
  const files = kubeconfigFiles(src);
  const present = files.filter((f) => fs.existsSync(f));
  if (present.length === 0) {
    throw new ClusterProblem('no-kubeconfig', `No kubeconfig found (looked for ${files.join(', ')}). Set KUBECONFIG or the helmHooks.kubeconfig setting.`);
  }
  const clusters = new Map<string, unknown>();
  const users = new Map<string, unknown>();
  const contexts = new Map<string, unknown>();
  let current: string | undefined;
  for (const file of present) {
    const one = new clientNode.KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (err) {
      throw new ClusterProblem('bad-kubeconfig', `Cannot read kubeconfig ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (current === undefined && one.getCurrentContext()) current = one.getCurrentContext();
  }
  const config = new clientNode.KubeConfig();
  config.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: current ?? '',
  });
  return { config, files: present, contexts: [...contexts.keys()], current };
}

/**
 * Points `loaded.config` at `context` (the user's pick in the UI, else the file's current-context) and
 * says where that leads. The kubeconfig files themselves are never written.
 */
export function target(loaded: LoadedKubeconfig, context: string | undefined): KubeTarget {
  const name = context !== undefined && loaded.contexts.includes(context) ? context : loaded.current;
  if (name === undefined || name === '') {
    throw new ClusterProblem(
      'no-context',
      loaded.contexts.length === 0 ? `The kubeconfig (${loaded.files.join(', ')}) has no contexts.` : 'The kubeconfig sets no current-context: pick a context.',
    );
  }
  const ctx = loaded.config.getContextObject(name);
  if (ctx === null) throw new ClusterProblem('no-context', `Context ${name} is not in the kubeconfig.`);
  const cluster = loaded.config.getCluster(ctx.cluster);
  if (cluster === null) throw new ClusterProblem('bad-kubeconfig', `Context ${name} names cluster ${ctx.cluster}, which the kubeconfig does not define.`);
  if (loaded.config.getUser(ctx.user) === null && ctx.user) {
    throw new ClusterProblem('bad-kubeconfig', `Context ${name} names user ${ctx.user}, which the kubeconfig does not define.`);
  }
  loaded.config.setCurrentContext(name);
  return {
    files: loaded.files,
    context: name,
    cluster: cluster.name,
    server: cluster.server,
    user: ctx.user,
    namespace: ctx.namespace || 'default',
  };
}

function expandHome(file: string, home: string | undefined): string {
  return file === '~' || file.startsWith('~/') ? path.join(home ?? os.homedir(), file.slice(1)) : file;
}

/**
 * client-node runs exec credential plugins without a time limit, and a plugin that hangs (waiting for a
 * login that never comes) would live as long as the editor. Its processes are spawned with a deadline
 * here: the plugin is killed when it passes it, and the request fails with a clear message.
 */
export function limitCredentialPlugins(config: KubeConfig, timeoutMs: number): void {
  const authenticators = (config as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of authenticators) {
    if (typeof a === 'object' && a !== null && 'execFn' in a) {
      (a as { execFn: typeof spawn }).execFn = ((command: string, args: readonly string[], options: object) =>
        spawn(command, args ?? [], { ...options, timeout: timeoutMs, killSignal: 'SIGKILL' })) as typeof spawn;
    }
  }
}
