import { gzipSync } from 'node:zlib';

/**
 * Release records built the way Helm's storage drivers build them (pkg/storage/driver/util.go
 * encodeRelease: JSON -> gzip (best compression) -> base64; the API base64-encodes Secret data again),
 * from release JSON written by hand in the shapes Helm 3.18 and Helm 4 marshal.
 */

export type Json = Record<string, unknown>;

export const T0 = '2026-03-02T10:15:00.123456789Z';
export const T1 = '2026-03-02T10:15:42.5Z';
export const T2 = '2026-03-02T11:16:07.25+01:00';

function jobManifest(name: string, extraMetadata = ''): string {
  return [
    '# Source: shop/templates/hooks/' + name + '.yaml',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    extraMetadata,
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: migrate',
    '          image: shop/migrate:1.4.2',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** `helm install shop` with Helm 3.18: a migration Job that succeeded, a test Pod that never ran. */
export function helm318Release(overrides: Json = {}): Json {
  return {
    name: 'shop',
    info: {
      first_deployed: T0,
      last_deployed: T0,
      deleted: '',
      description: 'Install complete',
      status: 'deployed',
      notes: 'Visit http://shop.example',
    },
    chart: {
      metadata: { name: 'shop', version: '1.4.2', description: 'A shop', apiVersion: 'v2', appVersion: '2.0.1', type: 'application' },
      lock: null,
      templates: [{ name: 'templates/hooks/db-migrate.yaml', data: Buffer.from('kind: Job').toString('base64') }],
      values: { image: { tag: '2.0.1' } },
      schema: null,
      files: null,
    },
    config: { password: 's3cr3t-value' },
    manifest: '---\n# Source: shop/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\nstringData:\n  password: s3cr3t-value\n',
    hooks: [
      {
        name: 'shop-db-migrate',
        kind: 'Job',
        path: 'shop/templates/hooks/db-migrate.yaml',
        manifest: jobManifest('shop-db-migrate', '  namespace: shop-jobs'),
        events: ['pre-install', 'pre-upgrade'],
        last_run: { started_at: T0, completed_at: T1, phase: 'Succeeded' },
        weight: -5,
        delete_policies: ['before-hook-creation'],
      },
      {
        name: 'shop-test-connection',
        kind: 'Pod',
        path: 'shop/templates/tests/test-connection.yaml',
        manifest: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop-test-connection\n  annotations:\n    "helm.sh/hook": test\n',
        events: ['test'],
        last_run: { started_at: '', completed_at: '', phase: '' },
        delete_policies: ['before-hook-creation'],
      },
    ],
    version: 1,
    namespace: 'shop',
    ...overrides,
  };
}

/** `helm upgrade shop` with Helm 4: `apply_method`, zero times omitted, an output log policy. */
export function helm4Release(overrides: Json = {}): Json {
  return {
    name: 'shop',
    info: {
      first_deployed: T0,
      last_deployed: T2,
      description: 'Upgrade complete',
      status: 'deployed',
    },
    chart: {
      metadata: { name: 'shop', version: '1.5.0', apiVersion: 'v2', appVersion: '2.1.0' },
      templates: [],
    },
    manifest: '',
    hooks: [
      {
        name: 'shop-db-migrate',
        kind: 'Job',
        path: 'shop/templates/hooks/db-migrate.yaml',
        manifest: jobManifest('shop-db-migrate'),
        events: ['pre-install', 'pre-upgrade'],
        last_run: { started_at: T1, completed_at: T2, phase: 'Failed' },
        weight: 3,
        delete_policies: ['hook-succeeded'],
        output_log_policies: ['hook-failed'],
      },
      {
        name: 'shop-smoke',
        kind: 'Job',
        path: 'shop/templates/tests/smoke.yaml',
        manifest: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: shop-smoke\n',
        events: ['test'],
        last_run: { phase: '' },
      },
    ],
    version: 2,
    namespace: 'shop',
    apply_method: 'ssa',
    ...overrides,
  };
}

/** Helm's data.release: base64(gzip(JSON)), or base64(JSON) as records from before compression. */
export function helmPayload(release: unknown, opts: { gzip?: boolean } = {}): string {
  const json = Buffer.from(typeof release === 'string' ? release : JSON.stringify(release));
  return (opts.gzip === false ? json : gzipSync(json, { level: 9 })).toString('base64');
}

export function base64(text: string): string {
  return Buffer.from(text, 'latin1').toString('base64');
}

interface StorageOpts {
  release?: string;
  revision?: number;
  namespace?: string;
  status?: string;
  labels?: Record<string, string | undefined>;
}

function metadataOf(opts: StorageOpts): Json {
  const release = opts.release ?? 'shop';
  const revision = opts.revision ?? 1;
  const labels: Record<string, string> = {
    name: release,
    owner: 'helm',
    status: opts.status ?? 'deployed',
    version: String(revision),
    modifiedAt: '1772446500',
  };
  for (const [k, v] of Object.entries(opts.labels ?? {})) {
    if (v === undefined) delete labels[k];
    else labels[k] = v;
  }
  return { name: `sh.helm.release.v1.${release}.v${revision}`, namespace: opts.namespace ?? 'shop', labels };
}

/** A Secret as the API returns it: the Helm payload base64-encoded once more. */
export function secretObject(helmData: string | undefined, opts: StorageOpts = {}): Json {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: metadataOf(opts),
    type: 'helm.sh/release.v1',
    data: helmData === undefined ? {} : { release: base64(helmData) },
  };
}

/** A ConfigMap (`HELM_DRIVER=configmap`): the Helm payload as is. */
export function configMapObject(helmData: string | undefined, opts: StorageOpts = {}): Json {
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: metadataOf(opts),
    data: helmData === undefined ? {} : { release: helmData },
  };
}

/**
 * A release JSON of about `targetBytes`, shaped like a big chart's record: most of the size is chart
 * templates (stored base64) and the rendered manifest, with varied text so gzip cannot squash it.
 */
export function largeRelease(targetBytes: number): Json {
  let seed = 42;
  const word = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return `k${(seed % 100000).toString(36)}`;
  };
  const yamlText = (bytes: number) => {
    const lines: string[] = [];
    let size = 0;
    while (size < bytes) {
      const line = `  ${word()}: "${word()}-${word()}-${word()}"`;
      lines.push(line);
      size += line.length + 1;
    }
    return lines.join('\n');
  };
  const templates: Json[] = [];
  const perTemplate = 64 * 1024;
  for (let i = 0; i * perTemplate * 1.4 < targetBytes * 0.6; i++) {
    templates.push({ name: `templates/generated-${i}.yaml`, data: Buffer.from(yamlText(perTemplate)).toString('base64') });
  }
  const release = helm318Release({ chart: { metadata: { name: 'big', version: '1.0.0', appVersion: '1' }, templates } });
  const base = JSON.stringify(release).length;
  release.manifest = yamlText(Math.max(0, targetBytes - base));
  return release;
}
