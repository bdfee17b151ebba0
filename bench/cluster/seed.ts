import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api, createNamespace, decodeRelease, expectStatus, helm } from '../../test/cluster/cluster';
import { isRecord } from '../../test/cluster/kubelet/api';
import { createRecordSecret, helmEncode } from '../../test/cluster/layer';

/** A chart whose release has five hooks (two pre-install, two post-install, one test), all quick. */
function writeChart(dir: string): string {
  const chart = path.join(dir, 'five-hooks');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: five-hooks\nversion: 1.0.0\n');
  const hook = (name: string, event: string, weight: number): string =>
    [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      `  name: {{ .Release.Name }}-${name}`,
      '  annotations:',
      `    helm.sh/hook: ${event}`,
      `    helm.sh/hook-weight: "${weight}"`,
      'spec:',
      '  backoffLimit: 0',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '        - name: main',
      '          image: busybox:1.36',
      '          command: ["/bin/sh", "-c", "echo ok"]',
      '',
    ].join('\n');
  const hooks: [string, string, number][] = [
    ['migrate', 'pre-install', -5],
    ['seed', 'pre-install', 0],
    ['notify', 'post-install', 0],
    ['warm', 'post-install', 5],
    ['smoke', 'test', 0],
  ];
  hooks.forEach(([n, e, w]) => fs.writeFileSync(path.join(chart, 'templates', `${n}.yaml`), hook(n, e, w)));
  fs.writeFileSync(path.join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: b\n');
  return chart;
}

/**
 * `count` releases with five hooks each, spread over `namespaces` namespaces. One is installed by the
 * real helm 3; the others are copies of its record under other names (installing a thousand releases
 * with helm would take an hour here), so every record has Helm's real shape and size.
 */
export async function seedReleases(count: number, namespaces: number, log: (m: string) => void): Promise<{ names: { namespace: string; name: string }[]; recordBytes: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hh-scale-'));
  const chart = writeChart(tmp);
  const nsNames = Array.from({ length: namespaces }, (_, i) => `scale-${i}`);
  for (const ns of nsNames) await createNamespace(ns);
  const r = await helm(3, ['install', 'seed', chart, '--namespace', nsNames[0], '--timeout', '120s']);
  if (r.code !== 0) throw new Error(`helm install seed failed: ${r.stderr}`);
  const k = api();
  try {
    const got = expectStatus(await k.call('GET', `/api/v1/namespaces/${nsNames[0]}/secrets/sh.helm.release.v1.seed.v1`), 200);
    if (!isRecord(got.json) || !isRecord(got.json.data) || typeof got.json.data.release !== 'string') throw new Error('the seed record has no data.release');
    const json = decodeRelease(got.json.data.release);
    const hooks = json.hooks?.length ?? 0;
    log(`seed record: ${hooks} hooks, ${got.json.data.release.length} bytes as stored`);
    const names: { namespace: string; name: string }[] = [{ namespace: nsNames[0], name: 'seed' }];
    let next = 0;
    const make = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= count - 1) return;
        const name = `rel-${String(i).padStart(4, '0')}`;
        const namespace = nsNames[(i + 1) % namespaces];
        await createRecordSecret(namespace, name, 1, helmEncode(JSON.stringify({ ...json, name, namespace })));
        names.push({ namespace, name });
      }
    };
    await Promise.all(Array.from({ length: 8 }, make));
    return { names, recordBytes: got.json.data.release.length };
  } finally {
    k.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
