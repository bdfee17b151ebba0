import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, fileUri, open, recordMetric, say } from '../util';

/** Module paths of the cluster library; none may be loaded (or bundled into the client) before the cluster view opens. */
const CLUSTER_LIBRARY = /[\\/]@kubernetes[\\/]client-node[\\/]/;

describe('activation', function () {
  it('activates on a chart template in the fixture workspace', async () => {
    const editor = await open(fileUri('chart/templates/configmap.yaml'));
    assert.equal(editor.document.languageId, 'helm', 'files under templates/ get the helm language');
    const ext = await activeExtension();
    const api = ext.exports;
    assert.ok(api, 'activate() returns the extension API');
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.client.isRunning(), 'the language client is running');
    assert.equal(api.client.initializeResult?.serverInfo?.name, 'helm-hooks');
    const serverMs = api.serverStartMs();
    assert.equal(typeof serverMs, 'number', 'the server start time is known once ready');
    say(`      activation: ${api.activationMs.toFixed(1)} ms in activate(); language server running after ${serverMs?.toFixed(1)} ms`);
    recordMetric('activationMs', Number(api.activationMs.toFixed(1)));
    recordMetric('serverStartMs', Number(serverMs?.toFixed(1)));
  });

  it('loads no cluster library at activation, and bundles none into the client', async () => {
    const ext = await activeExtension();
    const loaded = Object.keys(require.cache).filter((m) => CLUSTER_LIBRARY.test(m));
    assert.deepEqual(loaded, [], 'modules of @kubernetes/client-node loaded in the extension host');
    assert.equal(ext.exports.clusterLoaded(), false, 'dist/cluster.js (the cluster layer) was loaded at activation');
    assert.ok(!Object.keys(require.cache).some((m) => m.endsWith(`${path.sep}dist${path.sep}cluster.js`)), 'dist/cluster.js is in the module cache');
    // The bundle's source map lists every module esbuild put into dist/client.js. The package ships no maps, so
    // the build's map is read, once the installed client is shown to be that build's.
    const main = path.join(ext.extensionPath, 'dist', 'client.js');
    const built = path.join(process.env.HELM_HOOKS_REPO ?? '', 'dist', 'client.js');
    assert.ok(fs.readFileSync(main).equals(fs.readFileSync(built)), `${main} is the build in ${built}`);
    const map = JSON.parse(fs.readFileSync(`${built}.map`, 'utf8')) as { sources: string[] };
    assert.ok(map.sources.some((s) => s.includes('vscode-languageclient')), 'the source map lists bundled modules');
    assert.deepEqual(map.sources.filter((s) => CLUSTER_LIBRARY.test(s)), [], 'cluster library modules bundled into dist/client.js');
    recordMetric('clusterModulesAtActivation', loaded.length);
    recordMetric('clientBundleBytes', fs.statSync(main).size);
    assert.ok(vscode.extensions.getExtension('helm-hooks.helm-hooks')?.isActive);
  });
});
