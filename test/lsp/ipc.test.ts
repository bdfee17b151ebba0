import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { createProtocolConnection, InitializeRequest, IPCMessageReader, IPCMessageWriter, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { SERVER } from './serverProcess';

describe('language server over node IPC (how VS Code starts it)', () => {
  it('initializes and publishes diagnostics', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => conn.onNotification(PublishDiagnosticsNotification.type, resolve));
    conn.listen();
    try {
      await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'untitled:job.yaml', languageId: 'helm', version: 1, text: 'kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: crd-install\n' },
      });
      const p = await Promise.race([published, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no diagnostics over IPC')), 5000))]);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['removed-hook-event']);
    } finally {
      conn.dispose();
      child.kill();
    }
  });
});
