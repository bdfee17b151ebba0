import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsWhere, fileUri, open, rangeOf, recordMetric, setText, say } from '../util';

/** A ConfigMap of about 1 KB; repeated, it makes a large template with nothing wrong in it. */
function configMap(i: number): string {
  const data = Array.from({ length: 16 }, (_, k) => `  key-${k}: "value ${i}-${k} ${'x'.repeat(32)}"`).join('\n');
  return `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings-${i}\n  labels:\n    app: demo\ndata:\n${data}\n`;
}

const BROKEN_TAIL = ['---', 'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: last', '  annotations:', '    helm.sh/hook: post-instal', ''].join('\n');

/** Bytes no text editor should choke on: NULs, control characters, invalid UTF-8 (a fixed pseudo-random stream). */
function binaryBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('robustness', function () {
  const states: string[] = [];
  let probes = 0;
  let probeEditor: vscode.TextEditor | undefined;

  /** Proves the server still answers, with a diagnostic for the text just typed (a weight it can't parse). */
  async function serverAnswers(): Promise<void> {
    const uri = fileUri('chart/templates/hooks/probe.yaml');
    if (!probeEditor) {
      fs.writeFileSync(uri.fsPath, '');
      probeEditor = await open(uri);
    } else {
      probeEditor = await vscode.window.showTextDocument(probeEditor.document, { preview: false });
    }
    const weight = `${++probes}.5`;
    await setText(probeEditor, ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: probe', '  annotations:', '    helm.sh/hook: post-install', `    helm.sh/hook-weight: "${weight}"`, ''].join('\n'));
    const doc = probeEditor.document;
    await diagnosticsWhere(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'hook-weight-not-integer' && doc.getText(d.range).includes(weight)), `the server to check weight ${weight}`, 30_000);
  }

  before(async () => {
    const ext = await activeExtension();
    ext.exports.client.onDidChangeState((e) => states.push(`${e.oldState}->${e.newState}`));
    await serverAnswers();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('survives a 10 MB template opened in the editor', async function () {
    this.timeout(180_000);
    const uri = fileUri('chart/templates/huge.yaml');
    const parts: string[] = [];
    let size = 0;
    // 10 MB (10,000,000 characters): just under the server's 10 MiB cap on checked files, so all of it is checked.
    for (let i = 0; size < 10_000_000 - BROKEN_TAIL.length; i++) {
      const s = configMap(i);
      parts.push(s);
      size += s.length;
    }
    parts.push(BROKEN_TAIL);
    const text = parts.join('');
    fs.writeFileSync(uri.fsPath, text);
    const lastLine = text.split('\n').length - 2;

    const started = Date.now();
    const editor = await open(uri);
    assert.equal(editor.document.languageId, 'helm');
    assert.equal(editor.document.getText().length, text.length, 'the whole file reached the extension host');
    assert.ok(text.length >= 10_000_000, `${text.length} characters`);
    const broken = (x: vscode.Diagnostic[]): boolean => x.some((d) => codeOf(d) === 'unknown-hook-event');
    const ds = await diagnosticsWhere(uri, broken, 'diagnostics for the 10 MB template', 120_000);
    const ms = Date.now() - started;
    assert.deepEqual(ds.filter((d) => codeOf(d) === 'unknown-hook-event').map((d) => rangeOf(d.range)[0]), [lastLine], 'the broken hook at the end');
    const tailStart = lastLine - BROKEN_TAIL.split('\n').length;
    assert.deepEqual(ds.filter((d) => d.range.start.line < tailStart).map(codeOf), [], 'nothing in the valid ConfigMaps');
    say(`      10 MB template (${(text.length / 1e6).toFixed(1)} MB, ${lastLine + 1} lines): diagnostics ${ms} ms after opening`);
    recordMetric('tenMegabyteFirstDiagnosticsMs', ms);

    // Typing at the end of the large file is checked too.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(lastLine, editor.document.lineAt(lastLine).text.length), 'l')));
    await diagnosticsWhere(uri, (x) => !broken(x), 'the unknown event to clear after fixing the 10 MB template', 120_000);

    await serverAnswers();
    assert.deepEqual(states, [], 'the language client never stopped or restarted the server');
    assert.ok(ext().client.isRunning());
  });

  it('survives a binary file opened in the editor', async function () {
    this.timeout(120_000);
    const bytes = binaryBytes(256 * 1024);
    const uri = fileUri('chart/templates/blob.yaml');
    fs.writeFileSync(uri.fsPath, bytes);
    // What a person does: open it from the explorer. VS Code may show its binary placeholder instead of the text.
    await vscode.commands.executeCommand('vscode.open', uri);
    let asText: vscode.TextDocument | undefined;
    try {
      asText = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(asText, { preview: false });
    } catch (e) {
      say(`      VS Code declines the binary file as text: ${(e as Error).message.split('\n')[0]}`);
    }
    // "Open anyway": the same bytes in a helm document do reach the server, read as Latin-1 and as UTF-8, and once
    // without NULs (a server may skip text with NULs; this garbage goes through its scanner).
    const noNul = Buffer.from(bytes.map((b) => b || 1));
    for (const content of [bytes.toString('latin1'), bytes.toString('utf8'), noNul.toString('latin1')]) {
      const doc = await vscode.workspace.openTextDocument({ language: 'helm', content });
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    await serverAnswers();
    assert.deepEqual(states, [], 'the language client never stopped or restarted the server');
    assert.ok(ext().client.isRunning());
    if (asText) assert.ok(asText.languageId === 'helm' || asText.languageId === 'plaintext');
  });

  function ext(): { client: { isRunning(): boolean } } {
    const e = vscode.extensions.getExtension<{ client: { isRunning(): boolean } }>('helm-hooks.helm-hooks');
    if (!e) throw new Error('extension missing');
    return e.exports;
  }
});
