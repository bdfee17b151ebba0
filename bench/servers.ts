import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigAnswer, LspClient } from './lspClient';

/** The language servers under test, and how to answer their settings requests. */

export const REPO = path.resolve(__dirname, '..', '..');
const YLS_BIN = path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const NO_DELAY_PRELOAD = path.join(__dirname, 'ylsNoDelay.js');

export interface ServerKind {
  label: string;
  languageId: 'helm' | 'yaml';
  /** Whether its publishDiagnostics carry the document version (so replies can be matched exactly). */
  versioned: boolean;
  start(): LspClient;
}

const helmHooksConfig: ConfigAnswer = (item) => (item.section === 'helmHooks' ? { diagnostics: { enable: true, debounceMs: 0 } } : null);

/** Settings as VS Code would send them, with network features (schema store, CRD store) off. */
const yamlConfig: ConfigAnswer = (item) => {
  switch (item.section) {
    case 'yaml':
      return {
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        schemas: {},
        customTags: [],
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        maxItemsComputed: 5000,
      };
    case 'http':
      return { proxy: '', proxyStrictSSL: false };
    case 'editor':
      return { tabSize: 2, detectIndentation: false };
    default:
      return {};
  }
};

export const HELM_HOOKS: ServerKind = {
  label: 'helm-hooks',
  languageId: 'helm',
  versioned: true,
  start: () => new LspClient('helm-hooks', process.execPath, [path.join(REPO, 'dist', 'server.js'), '--stdio'], helmHooksConfig),
};

/** yaml-language-server exactly as shipped: it waits a fixed 200 ms after each change before validating. */
export const YAML_LS: ServerKind = {
  label: 'yaml-language-server',
  languageId: 'yaml',
  versioned: false,
  start: () => new LspClient('yaml-language-server', process.execPath, [YLS_BIN, '--stdio'], yamlConfig),
};

/** yaml-language-server with its fixed 200 ms validation delay set to 0, to compare the work itself. */
export const YAML_LS_NO_DELAY: ServerKind = {
  label: 'yaml-language-server (delay 0)',
  languageId: 'yaml',
  versioned: false,
  start: () => new LspClient('yaml-language-server (delay 0)', process.execPath, ['--require', NO_DELAY_PRELOAD, YLS_BIN, '--stdio'], yamlConfig),
};

/** Version of yaml-language-server under test. */
export function yamlLsVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')) as { version: string }).version;
}
