import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

/** The built server (dist/server.js) started over stdio, as an editor starts it. */
export class ServerProcess {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly stderr: string[] = [];
  private readonly waiters: { uri: string; version: number | undefined; matches?: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  settings: unknown = {};

  constructor() {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.latest.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && (w.version === undefined || w.version === p.version) && (w.matches === undefined || w.matches(p))) {
          this.waiters.splice(i, 1);
          w.resolve(p);
        }
      }
    });
    this.conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  async initialize(configuration = true): Promise<InitializeResult> {
    const result = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /**
   * Resolves with the next diagnostics for `uri` (of `version`, if given, and that `matches`, if given: earlier
   * publishes still on their way are passed over); rejects after `ms`.
   */
  nextDiagnostics(uri: string, version?: number, ms = 5000, matches?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${matches ? 'matching ' : ''}diagnostics for ${uri} v${version} within ${ms} ms; stderr: ${this.stderr.join('')}`)), ms);
      this.waiters.push({
        uri,
        version,
        matches,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  async open(uri: string, text: string, languageId = 'helm', version = 1): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, version);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return next;
  }

  async change(uri: string, version: number, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return next;
  }

  async close(uri: string): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return next;
  }

  /** Orderly shutdown; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    const code = await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}
