import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InitializeRequest } from 'vscode-languageserver/node';
import { EXECUTION_PLAN_REQUEST, ExecutionPlanResult } from '../../engine/protocol/messages';
import { REPO, ServerProcess } from './serverProcess';

const SHOP = path.join(REPO, 'examples', 'shop');
const shop = (rel: string): string => pathToFileURL(path.join(SHOP, rel)).href;

describe('helmHooks/executionPlan over stdio', function () {
  let server: ServerProcess;

  const start = async (workspaceFolders: string[]): Promise<void> => {
    server = new ServerProcess();
    await server.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: workspaceFolders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      capabilities: {},
    });
    await server.conn.sendNotification('initialized', {});
  };
  const plan = (uri: string): Promise<ExecutionPlanResult> => server.conn.sendRequest(EXECUTION_PLAN_REQUEST, { uri });

  afterEach(async () => assert.equal(await server.stop(), 0));

  it('gives the example chart\'s plan: every event in lifecycle order, hooks in Helm\'s order, closed files included', async () => {
    await start([]);
    const p = await plan(shop('templates/hooks/db-migrate-job.yaml'));
    assert.ok(p);
    assert.deepEqual(p.chart, { name: 'shop', uri: pathToFileURL(SHOP).href });
    assert.deepEqual(p.events.map((e) => e.event), ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete', 'test']);
    const names = (event: string): string[] => p.events.find((e) => e.event === event)!.steps.map((s) => `${s.kind} ${s.name}`);
    assert.deepEqual(names('pre-install'), ['ConfigMap {{ include "shop.fullname" . }}-db-migrate', 'Job {{ include "shop.fullname" . }}-db-migrate']);
    // The subchart's hook is part of the release; cache-warm lists post-install twice and runs twice.
    assert.deepEqual(names('post-install'), [
      'Job {{ .Release.Name }}-audit',
      'Pod {{ include "shop.fullname" . }}-cache-warm',
      'Pod {{ include "shop.fullname" . }}-cache-warm',
      'Job {{ include "shop.fullname" . }}-seed-data',
    ]);
    const migrate = p.events[0].steps[1];
    assert.deepEqual(migrate, {
      kind: 'Job',
      name: '{{ include "shop.fullname" . }}-db-migrate',
      weight: -5,
      weightSource: 'literal',
      weightText: '-5',
      deletePolicies: ['before-hook-creation', 'hook-succeeded'],
      path: 'shop/templates/hooks/db-migrate-job.yaml',
      uri: shop('templates/hooks/db-migrate-job.yaml'),
      line: 2,
    });
    assert.deepEqual(p.dropped.map((s) => path.basename(s.path)), ['db-backup-job.yaml', 'notify-job.yaml', 'orders-crd.yaml']);
    assert.deepEqual(p.unplaced, []);
    assert.deepEqual(p.ties.map((t) => `${t.event} ${t.weight} ${t.hooks.length}`), ['post-install 0 2', 'post-upgrade 0 3', 'test 0 2']);
    assert.deepEqual(p.packedSubcharts, []);
  });

  it('renders Markdown with relative links and line anchors to the templates', async () => {
    await start([]);
    const p = await plan(shop('charts/audit/templates/audit-job.yaml'));
    assert.ok(p);
    assert.equal(p.chart.name, 'shop', 'a subchart file gets its parent\'s release');
    assert.match(p.markdown, /^# Hook execution plan: shop\n/);
    assert.ok(p.markdown.includes('| 1 | Job | `{{ .Release.Name }}-audit` | 0 (default) | hook-succeeded | [charts/audit/templates/audit-job.yaml:3](charts/audit/templates/audit-job.yaml#L3) |'));
    assert.ok(p.markdown.includes('[templates/hooks/db-migrate-job.yaml:3](templates/hooks/db-migrate-job.yaml#L3)'));
    assert.match(p.markdown, /## Not run: dropped by Helm/);
  });

  it('lists a tie only where Helm waits for a hook among it, as the diagnostics and the CLI do', async () => {
    const fixture = (chart: string, rel: string): string => pathToFileURL(path.join(REPO, 'test', 'cli', 'fixtures', chart, rel)).href;
    const tieCodes = (d: { diagnostics: { code?: string | number }[] }): (string | number | undefined)[] =>
      d.diagnostics.filter((x) => x.code === 'hook-weight-tie').map((x) => x.code);
    await start([]);
    // 18 Deployment hooks at weight 5: Helm creates them one after another without waiting.
    const worker = fixture('worker-hooks', 'templates/workers/api.yaml');
    assert.deepEqual(tieCodes(await server.open(worker, fs.readFileSync(fileURLToPath(worker), 'utf8'))), []);
    const workers = await plan(worker);
    assert.ok(workers);
    assert.equal(workers.events.find((e) => e.event === 'post-install')?.steps.length, 18);
    assert.deepEqual(workers.ties, []);
    // A Job tied with the ConfigMap it reads.
    const job = fixture('job-configmap-tie', 'templates/migrate-job.yaml');
    assert.deepEqual(tieCodes(await server.open(job, fs.readFileSync(fileURLToPath(job), 'utf8'))), ['hook-weight-tie']);
    const tied = await plan(job);
    assert.deepEqual(tied?.ties.map((t) => `${t.event} ${t.weight} ${t.hooks.map((h) => h.kind).join()}`), ['pre-install -5 Job,ConfigMap', 'pre-upgrade -5 Job,ConfigMap']);
  });

  it('answers null outside any chart, or the workspace\'s only chart', async () => {
    const outside = pathToFileURL(path.join(os.tmpdir(), 'no-chart-here', 'job.yaml')).href;
    await start([]);
    assert.equal(await plan(outside), null);
    assert.equal(await plan('untitled:Untitled-1'), null);
    await server.stop();
    await start([SHOP]);
    assert.equal((await plan(outside))?.chart.name, 'shop');
  });
});
