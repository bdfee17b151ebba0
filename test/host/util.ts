// Helpers for tests that run inside the VS Code extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'helm-hooks.helm-hooks';

/**
 * Marks the suite's own output among everything the workbench logs: the launchers print only marked lines
 * (the rest goes to .artifacts/host/<run>-host.log).
 */
export const OUT_MARK = '@@helm-hooks-host:out ';

/** console.log for the suite: printf-style arguments, every line marked. */
export function say(...args: unknown[]): void {
  for (const line of format(...args).split('\n')) console.log(`${OUT_MARK}${line}`);
}
export const SOURCE = 'helm-hooks';

/** The extension's exports (client/src/extension.ts, HelmHooksApi). */
export interface HelmHooksApi {
  readonly activationMs: number;
  readonly ready: Promise<void>;
  serverStartMs(): number | undefined;
  readonly client: LanguageClient;
  readonly releases: vscode.TreeDataProvider<unknown>;
  clusterLoaded(): boolean;
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need the fixture workspace open');
  return folder.uri.fsPath;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), rel));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000, every = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** The extension, once active (this never activates it: its activation events must). */
export async function activeExtension(ms = 30_000): Promise<vscode.Extension<HelmHooksApi>> {
  const ext = vscode.extensions.getExtension<HelmHooksApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  await waitFor(`${EXTENSION_ID} to activate`, () => (ext.isActive ? true : undefined), ms);
  await ext.exports.ready;
  return ext;
}

export function helmDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until this extension's diagnostics for `uri` satisfy `ok`, and returns them. */
export async function diagnosticsWhere(uri: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 20_000): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    return await waitFor(what, () => {
      last = helmDiagnostics(uri);
      return ok(last) ? last : undefined;
    }, ms);
  } catch (e) {
    const seen = last.map((d) => `${codeOf(d)} ${JSON.stringify(rangeOf(d.range))}`).join('; ') || 'none';
    throw new Error(`${(e as Error).message} (diagnostics last seen: ${seen})`);
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

export function rangeOf(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Replaces the whole text of an open document, as typing would (no save). */
export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const ok = await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
  if (!ok) throw new Error(`could not edit ${doc.uri.toString()}`);
}

export interface ScreenshotInfo {
  taken: boolean;
  squiggles?: number;
  hover?: string;
  problems?: string;
  error?: string;
}

/**
 * Asks the launcher for a picture of the workbench, saved as `<artifacts>/<name>.png`, and for a few facts read
 * from its DOM. Undefined when the launcher takes no pictures (desktop VS Code through test-electron).
 */
export async function screenshot(name: string): Promise<ScreenshotInfo | undefined> {
  const dir = process.env.HELM_HOOKS_HOST_ARTIFACTS;
  if (!process.env.HELM_HOOKS_HOST_SCREENSHOTS || !dir) return undefined;
  const png = path.join(dir, `${name}.png`);
  fs.rmSync(`${png}.json`, { force: true });
  console.log(`@@helm-hooks-host:screenshot ${png}`);
  const info = await waitFor(`the screenshot ${png}`, () => (fs.existsSync(`${png}.json`) ? true : undefined), 20_000, 100).then(
    () => JSON.parse(fs.readFileSync(`${png}.json`, 'utf8')) as ScreenshotInfo,
  );
  fs.rmSync(`${png}.json`, { force: true });
  return info;
}

/** Adds figures to `<artifacts>/metrics.json`, under the run's mode, for BENCHMARKS.md. */
export function recordMetric(name: string, value: number | string): void {
  const dir = process.env.HELM_HOOKS_HOST_ARTIFACTS;
  if (!dir) return;
  const file = path.join(dir, 'metrics.json');
  let all: Record<string, Record<string, unknown>> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof all;
  } catch {
    /* first figure */
  }
  const mode = process.env.HELM_HOOKS_HOST_MODE ?? 'editor';
  all[mode] = { ...all[mode], [name]: value, launcher: process.env.HELM_HOOKS_HOST_LAUNCHER_NAME, at: new Date().toISOString() };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

export interface InspectedToken {
  /** The token's text as the inspector shows it (spaces as `·`, tabs as `→`). */
  readonly token: string;
  /** Its TextMate scopes, outermost first. */
  readonly scopes: string[];
}

let inspectRequests = 0;

/**
 * The TextMate token that starts at `position` in `editor` and its scopes, read from the workbench's Inspect Editor
 * Tokens and Scopes widget by the launcher (scripts/host/offline.mjs): the extension API cannot read TextMate scopes.
 * Opens the widget if it is closed; it follows the cursor, so it is left open for the next call.
 */
export async function inspectTokenAt(editor: vscode.TextEditor, position: vscode.Position, ms = 20_000): Promise<InspectedToken> {
  const dir = process.env.HELM_HOOKS_HOST_ARTIFACTS;
  if (!process.env.HELM_HOOKS_HOST_INSPECT || !dir) throw new Error('reading token scopes needs the offline launcher (scripts/host/offline.mjs)');
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  editor.selection = new vscode.Selection(position, position);
  const rest = editor.document.lineAt(position.line).text.slice(position.character);
  let last: unknown;
  const at = `${position.line + 1}:${position.character + 1}`;
  return waitFor(`the token inspector to show the token at ${at}`, async () => {
    const file = path.join(dir, `inspect-${process.pid}-${inspectRequests++}.json`);
    console.log(`@@helm-hooks-host:inspect ${file}`);
    const answer = await waitFor('the launcher to read the token inspector', () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { open: boolean; token?: string | null; scopes?: string[] | null }) : undefined), 10_000, 50);
    fs.rmSync(file, { force: true });
    last = answer;
    if (!answer.open) {
      await vscode.commands.executeCommand('editor.action.inspectTMScopes');
      return undefined;
    }
    const token = answer.token ?? '';
    const plain = token.replace(/·/g, ' ').replace(/→/g, '\t');
    // a token left from the previous position does not start here; the widget recomputes on the cursor move
    if (!answer.scopes?.length || plain.length === 0 || !rest.startsWith(plain)) return undefined;
    return { token, scopes: answer.scopes };
  }, ms, 100).catch((e: Error) => {
    throw new Error(`${e.message} (last seen: ${JSON.stringify(last)})`);
  });
}
