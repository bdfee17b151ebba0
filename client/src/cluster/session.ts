import { HookCapture } from './capture/hookCapture';
import { CaptureStoreApi } from './capture/types';
import { HookDiagnoser } from './diagnosis';
import { limitCredentialPlugins, loadKubeconfig, KubeTarget, target } from './kube/config';
import { ApiConnection } from './kube/http';
import { ClusterProblem } from './kube/problems';
import { ReleaseStore } from './releases/store';
import { Driver } from './types';

export interface SessionOptions {
  /** Kubeconfig files (the helmHooks.kubeconfig setting); empty: KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string | undefined;
  /** The context picked in the UI; undefined: the kubeconfig's current-context. */
  context: string | undefined;
  /** One namespace; undefined: all namespaces. */
  namespace: string | undefined;
  drivers: Driver[];
  requestTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Where hook runs are captured while they run (off when undefined: the setting, or Restricted Mode). */
  capture?: { store: CaptureStoreApi; onProblem?: (message: string) => void; lingerMs?: number };
}

/** One kube context opened for reading releases: what it points at, the contexts to switch to, its store. */
export interface ClusterSession {
  target: KubeTarget;
  contexts: string[];
  store: ReleaseStore;
  /** Why hooks failed, read on demand from the cluster's own evidence (see diagnosis/). */
  diagnosis: HookDiagnoser;
  /** Follows the hooks that run while the session is open (see capture/); undefined when capture is off. */
  capture: HookCapture | undefined;
  /** Stops watching; a capture under way is flushed and left for the next session to resume. */
  dispose(): Promise<void>;
}

/** Opens the context; a problem with the kubeconfig itself throws a ClusterProblem the view shows. */
export function openSession(opts: SessionOptions): ClusterSession {
  const loaded = loadKubeconfig({ explicit: opts.kubeconfig, env: opts.env });
  limitCredentialPlugins(loaded.config, opts.requestTimeoutMs);
  const t = target(loaded, opts.context);
  const conn = new ApiConnection(loaded.config, t);
  const store = new ReleaseStore(conn, { namespace: opts.namespace, drivers: opts.drivers, requestTimeoutMs: opts.requestTimeoutMs });
  const diagnosis = new HookDiagnoser(conn, opts.requestTimeoutMs);
  const capture =
    opts.capture === undefined
      ? undefined
      : new HookCapture(conn, store, opts.capture.store, { context: t.context, timeoutMs: opts.requestTimeoutMs, onProblem: opts.capture.onProblem, lingerMs: opts.capture.lingerMs });
  capture?.start();
  return {
    target: t,
    contexts: loaded.contexts,
    store,
    diagnosis,
    capture,
    dispose: async () => {
      store.dispose();
      diagnosis.clear();
      await capture?.dispose();
    },
  };
}

export { ClusterProblem };
