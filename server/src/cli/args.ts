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

Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 bad usage or unreadable input.`;

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function parseArgs(argv: readonly string[], isTty: boolean): Args {
  const args: CheckArgs = { command: 'check', paths: [], format: 'text', strict: false, severities: {}, color: isTty && !process.env.NO_COLOR };
  let i = 0;
  if (argv[0] === 'check') i = 1;
  else if (argv[0] === 'rules') return { command: 'rules' };
  else if (argv[0] === 'help') return { command: 'help' };
  const value = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const v = argv[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq === -1 ? a : a.slice(0, eq);
    const inline = eq === -1 ? undefined : a.slice(eq + 1);
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--version':
        return { command: 'version' };
      case '--strict':
        args.strict = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '--format': {
        const f = value(flag, inline);
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}": use text, json or sarif`);
        args.format = f;
        break;
      }
      case '--rule': {
        const spec = value(flag, inline);
        const [code, level] = spec.split('=');
        if (!RULE_BY_CODE.has(code)) throw new UsageError(`unknown rule "${code}": see helm-hooks rules`);
        if (level === undefined || !LEVELS.has(level)) throw new UsageError(`--rule ${spec}: the level must be error, warning, information, hint or off`);
        args.severities[code] = level as Severity | 'off';
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  return args;
}
