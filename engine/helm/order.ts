import { HookEvent } from './events';

/** Helm's InstallOrder (pkg/release/v1/util/kind_sorter.go, v4.2): hooks are pre-sorted by it. */
export const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList',
  'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler',
  'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
] as const;

const KIND_RANK = new Map<string, number>(INSTALL_ORDER.map((k, i) => [k, i]));

export interface OrderedHook {
  name: string;
  kind: string;
  weight: number;
  /** Chart-relative template path: Helm reads files in sorted path order. */
  path: string;
  /** Position of the document within its file. */
  index: number;
  events: readonly HookEvent[];
}

/** Go compares strings bytewise (UTF-8), which is code point order; JS `<` compares UTF-16 units. */
function goLess(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function byKind(a: OrderedHook, b: OrderedHook): number {
  const ra = KIND_RANK.get(a.kind);
  const rb = KIND_RANK.get(b.kind);
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if (ra !== undefined) return -1;
  if (rb !== undefined) return 1;
  return goLess(a.kind, b.kind);
}

/**
 * Helm's execution order for one event: files in path order, documents in file order, a stable sort by
 * kind (sortHooksByKind), then a stable sort by weight and name (hookByWeight). Kind therefore only
 * breaks ties of equal weight AND equal name. A hook listing an event twice runs twice.
 */
export function executionOrder<T extends OrderedHook>(hooks: readonly T[], event: HookEvent): T[] {
  const selected: T[] = [];
  const byFile = [...hooks].sort((a, b) => goLess(a.path, b.path) || a.index - b.index);
  for (const h of byFile) for (const e of h.events) if (e === event) selected.push(h);
  selected.sort(byKind);
  selected.sort((a, b) => a.weight - b.weight || goLess(a.name, b.name));
  return selected;
}
