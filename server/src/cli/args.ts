import { parseArgs as parseCommandLine, ParseArgsConfig } from 'node:util';
import { RULE_BY_CODE, Severity } from '../../../engine';

export type Format = 'text' | 'json' | 'sarif';
export type PlanFormat = 'text' | 'json' | 'markdown';

/** How to render with the real helm: `--values`, `--set`, `--helm`, `--kube-version`, `--timeout`. */
export interface RenderArgs {
  values: string[];
  set: string[];
  helm: string | undefined;
  kubeVersion: string | undefined;
  timeoutSeconds: number;
}

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: Format;
  strict: boolean;
  severities: Record<string, Severity | 'off'>;
  color: boolean;
  /** Set with --render: the charts are also rendered with the real helm. */
  render: RenderArgs | undefined;
}

export interface PlanArgs {
  command: 'plan';
  chart: string;
  format: PlanFormat;
  render: RenderArgs;
}

export type Args = CheckArgs | PlanArgs | { command: 'help' } | { command: 'version' } | { command: 'rules' };

export class UsageError extends Error {}

export const USAGE = `Usage: helm-hooks check [PATH...] [options]
       helm-hooks check --render [--values FILE]... [--set K=V]... [--helm PATH] [--kube-version V] [PATH...]
       helm-hooks plan CHART [--values FILE]... [--set K=V]... [--helm PATH] [--format text|json|markdown]
       helm-hooks rules

Checks the Helm hook annotations of chart templates. PATH is a chart folder, a folder holding charts, or
a template file. Without PATH: the chart in the working folder, else the bundled example chart.

Options:
  --format text|json|sarif   output format (default: text; sarif is SARIF 2.1.0 for code scanning)
  --strict                   exit 1 on warnings too, not only on errors
  --rule CODE=LEVEL          set a rule's severity: error, warning, information, hint or off (repeatable)
  --no-color                 plain text output
  --render                   also render each chart with the real helm (helm template) and check what it renders
  -f, --values FILE          values file for rendering (repeatable; the chart's values.yaml always applies)
  --set K=V                  value for rendering, as helm's --set (repeatable)
  --helm PATH                the helm binary (default: helm on PATH); Helm 3.12 or later, or Helm 4
  --kube-version V           Kubernetes version helm renders for (helm's --kube-version)
  --timeout SECONDS          stop helm after this long (default 120)
  -h, --help                 this help
  --version                  the version
  --                         the end of options: every argument after it is a PATH

plan prints the order Helm runs CHART's hooks in, per event, as rendered with the given values.

Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 bad usage, unreadable input, or
helm could not render (missing, too old, a missing dependency, timed out).`;

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

const OPTIONS = {
  format: { type: 'string' },
  strict: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  render: { type: 'boolean' },
  values: { type: 'string', multiple: true, short: 'f' },
  set: { type: 'string', multiple: true },
  helm: { type: 'string' },
  'kube-version': { type: 'string' },
  timeout: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

export function parseArgs(argv: readonly string[], isTty: boolean): Args {
  const args: CheckArgs = { command: 'check', paths: [], format: 'text', strict: false, severities: {}, color: isTty && !process.env.NO_COLOR, render: undefined };
  const render: RenderArgs = { values: [], set: [], helm: undefined, kubeVersion: undefined, timeoutSeconds: 120 };
  let renderFlags = false;
  let format: string | undefined;
  let rest = argv;
  const plan = argv[0] === 'plan';
  if (argv[0] === 'check' || plan) rest = argv.slice(1);
  else if (argv[0] === 'rules') return { command: 'rules' };
  else if (argv[0] === 'help') return { command: 'help' };
  // Not strict: node's own errors name no fix, and would not say that `--strict=false` is refused rather than read as false.
  const { tokens } = parseCommandLine({ args: [...rest], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') {
      args.paths.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    if (!isOption(t.name)) throw new UsageError(`unknown option ${t.rawName}`);
    const option: { type: 'string' | 'boolean' } = OPTIONS[t.name];
    if (option.type === 'boolean' && t.value !== undefined) {
      throw new UsageError(`${t.rawName} takes no value (got "${t.rawName}=${t.value}"): write ${t.rawName} to turn it on, or leave it out`);
    }
    if (option.type === 'string' && t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
    const value = t.value ?? '';
    switch (t.name) {
      case 'help':
        return { command: 'help' };
      case 'version':
        return { command: 'version' };
      case 'strict':
        args.strict = true;
        break;
      case 'no-color':
        args.color = false;
        break;
      case 'format':
        format = value;
        break;
      case 'render':
        args.render = render;
        break;
      case 'values':
        render.values.push(value);
        renderFlags = true;
        break;
      case 'set':
        if (!/^[^=]+=/.test(value)) throw new UsageError(`--set ${value}: write KEY=VALUE`);
        render.set.push(value);
        renderFlags = true;
        break;
      case 'helm':
        render.helm = value;
        renderFlags = true;
        break;
      case 'kube-version':
        render.kubeVersion = value;
        renderFlags = true;
        break;
      case 'timeout': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--timeout ${value}: a whole number of seconds`);
        render.timeoutSeconds = n;
        renderFlags = true;
        break;
      }
      case 'rule': {
        const [code, level] = value.split('=');
        if (!RULE_BY_CODE.has(code)) throw new UsageError(`unknown rule "${code}": see helm-hooks rules`);
        if (level === undefined || !LEVELS.has(level)) throw new UsageError(`--rule ${value}: the level must be error, warning, information, hint or off`);
        args.severities[code] = level as Severity | 'off';
        break;
      }
    }
  }
  if (plan) {
    if (args.paths.length !== 1) throw new UsageError('plan takes one CHART folder');
    if (format !== undefined && format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`unknown plan format "${format}": use text, json or markdown`);
    return { command: 'plan', chart: args.paths[0], format: format ?? 'text', render };
  }
  if (format !== undefined) {
    if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}": use text, json or sarif`);
    args.format = format;
  }
  if (renderFlags && args.render === undefined) throw new UsageError('--values, --set, --helm, --kube-version and --timeout are for rendering: add --render');
  return args;
}
