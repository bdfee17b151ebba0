import { parseArgs as parseCommandLine, ParseArgsConfig } from 'node:util';
import { RULE_BY_CODE, Severity } from '../../../engine';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: Format;
  strict: boolean;
  severities: Record<string, Severity | 'off'>;
  color: boolean;
}

export type Args = CheckArgs | { command: 'help' } | { command: 'version' } | { command: 'rules' };

export class UsageError extends Error {}

export const USAGE = `Usage: helm-hooks check [PATH...] [options]
       helm-hooks rules

Checks the Helm hook annotations of chart templates. PATH is a chart folder, a folder holding charts, or
a template file. Without PATH: the chart in the working folder, else the bundled example chart.

Options:
  --format text|json|sarif   output format (default: text; sarif is SARIF 2.1.0 for code scanning)
  --strict                   exit 1 on warnings too, not only on errors
  --rule CODE=LEVEL          set a rule's severity: error, warning, information, hint or off (repeatable)
  --no-color                 plain text output
  -h, --help                 this help
  --version                  the version
  --                         the end of options: every argument after it is a PATH

Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 bad usage or unreadable input.`;

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

const OPTIONS = {
  format: { type: 'string' },
  strict: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

export function parseArgs(argv: readonly string[], isTty: boolean): Args {
  const args: CheckArgs = { command: 'check', paths: [], format: 'text', strict: false, severities: {}, color: isTty && !process.env.NO_COLOR };
  let rest = argv;
  if (argv[0] === 'check') rest = argv.slice(1);
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
        if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new UsageError(`unknown format "${value}": use text, json or sarif`);
        args.format = value;
        break;
      case 'rule': {
        const [code, level] = value.split('=');
        if (!RULE_BY_CODE.has(code)) throw new UsageError(`unknown rule "${code}": see helm-hooks rules`);
        if (level === undefined || !LEVELS.has(level)) throw new UsageError(`--rule ${value}: the level must be error, warning, information, hint or off`);
        args.severities[code] = level as Severity | 'off';
        break;
      }
    }
  }
  return args;
}
