import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';
import { Captures } from './views/captures';
import { LastRunLens } from './views/lastRunLens';
import { LastRunProblems } from './views/lastRunProblems';
import { LogDocuments } from './views/logDocuments';
import { clusterModuleLoaded } from './views/releases/clusterModule';
import { RELEASES_VIEW, ReleaseTreeProvider } from './views/releases/provider';
import { RenderedPlanDocuments } from './views/renderedPlans';
import { Rendering } from './views/rendering';

/** Settings that change what the release view reads. */
const RELOADING_SETTINGS = [
  'helmHooks.kubeconfig',
  'helmHooks.namespace',
  'helmHooks.storageDrivers',
  'helmHooks.requestTimeoutSeconds',
  'helmHooks.hookTimeoutSeconds',
  'helmHooks.capture.enable',
  'helmHooks.capture.maxMegabytes',
];

let client: LanguageClient | undefined;
/** The release view's data: deactivate waits for its session to close, so a capture under way is flushed. */
let releasesView: ReleaseTreeProvider | undefined;

/** Documents the server checks: helm templates, and YAML under a templates/ folder (the server confirms Chart.yaml). */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'helm' },
  { scheme: 'untitled', language: 'helm' },
  { scheme: 'file', language: 'yaml', pattern: '**/templates/**' },
];

/** What activate() returns (the extension's exports), for the host tests. */
export interface HelmHooksApi {
  /** Milliseconds spent in activate(): what VS Code waits for before the extension counts as active. */
  readonly activationMs: number;
  /** Resolves once the language server answered `initialize`; commands wait for it. */
  readonly ready: Promise<void>;
  /** Milliseconds from activate() being called to the language server running, once it is. */
  serverStartMs(): number | undefined;
  readonly client: LanguageClient;
  /** The "Helm Release Hooks" view's data, as VS Code reads it. */
  readonly releases: ReleaseTreeProvider;
  /** Whether the cluster layer (and @kubernetes/client-node) was loaded. */
  clusterLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): HelmHooksApi {
  const started = performance.now();
  // A literal path: the package test (test/package) reads it to prove the .vsix ships the file.
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Helm Hooks', { log: true });
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'helmHooks' },
    outputChannel: output,
  };
  const lc = new LanguageClient('helmHooks', 'Helm Hooks', serverOptions, clientOptions);
  client = lc;
  context.subscriptions.push(lc);

  // Starting the server process takes a few hundred ms: the editor must not wait for it to activate us.
  let serverStartMs: number | undefined;
  const ready = lc.start().then(
    () => {
      serverStartMs = performance.now() - started;
    },
    (err: unknown) => {
      output.error(`The Helm Hooks language server did not start: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showErrorMessage('Helm Hooks: the language server did not start. See the "Helm Hooks" output for details.');
      throw err;
    },
  );
  ready.catch(() => undefined);

  // The view's rows come from the cluster layer, loaded only when the view is first drawn.
  // One capture store per extension (created on first use), shared by the view, the lens and the commands.
  const captures = new Captures(context, output);
  const releases = new ReleaseTreeProvider(context, output, captures);
  releasesView = releases;
  context.subscriptions.push(captures);
  context.subscriptions.push(releases, vscode.window.createTreeView(RELEASES_VIEW, { treeDataProvider: releases, showCollapseAll: true }));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RELOADING_SETTINGS.some((s) => e.affectsConfiguration(s))) releases.reload();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => releases.reload()),
  );
  const lastRuns = new LastRunLens(context, releases);
  context.subscriptions.push(lastRuns, vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'helm' }, lastRuns));
  const runProblems = new LastRunProblems(context, releases);
  context.subscriptions.push(runProblems, vscode.languages.registerCodeActionsProvider({ scheme: 'file', language: 'helm' }, runProblems, { providedCodeActionKinds: LastRunProblems.kinds }));

  const logs = new LogDocuments();
  context.subscriptions.push(logs);
  const rendering = new Rendering(context, output);
  const renderedPlans = new RenderedPlanDocuments();
  context.subscriptions.push(rendering, renderedPlans);
  const ctx: Ctx = { extension: context, client: lc, output, ready, releases, captures, logs, rendering, renderedPlans };
  for (const [id, spec] of Object.entries(COMMANDS)) {
    const handler = spec.factory(ctx);
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (spec.needsServer) await ready;
        return handler(...args);
      }),
    );
  }
  return { activationMs: performance.now() - started, ready, serverStartMs: () => serverStartMs, client: lc, releases, clusterLoaded: clusterModuleLoaded };
}

export async function deactivate(): Promise<void> {
  // A window reload mid-run: the capture writes what it read and releases the run, so the next window resumes it.
  const view = releasesView;
  releasesView = undefined;
  const [stopped] = await Promise.allSettled([client?.stop(), view?.shutdown()]);
  client = undefined;
  if (stopped.status === 'rejected') throw stopped.reason;
}
