// Minimal command-line parsing for the synthaudit CLI: --key value, --key=value, boolean flags, positionals;
// unknown options are user errors with a hint. No dependency.

import { UserError } from '../errors.js';
import { closest } from '../suggest.js';

export interface OptionSpec {
  name: string;
  /** 'string' | 'number' | 'boolean' | 'list' (repeatable string) */
  type: 'string' | 'number' | 'boolean' | 'list';
  help: string;
  arg?: string;
  default?: string | number | boolean;
  /** A default shown in the help but not filled in by parseArgs (when a config file or the callee supplies it). */
  defaultHelp?: string;
}

export interface ParsedArgs {
  positional: string[];
  values: Record<string, string | number | boolean | string[] | undefined>;
}

export function parseArgs(argv: string[], specs: OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: ParsedArgs['values'] = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      let key = a.slice(2);
      let val: string | undefined;
      const eq = key.indexOf('=');
      if (eq >= 0) {
        val = key.slice(eq + 1);
        key = key.slice(0, eq);
      }
      const spec = byName.get(key);
      if (!spec) {
        // nearest flag by edit distance (--tagret -> --target), else one that starts like it (--syn -> --synthetic)
        const near = closest(key, specs.map((s) => s.name)) ?? (key.length >= 3 ? specs.find((s) => s.name.startsWith(key))?.name : undefined);
        throw new UserError(`unknown option --${key} for "synthaudit ${command}"${near ? ` (did you mean --${near}?)` : ''}; see synthaudit ${command} --help`);
      }
      if (spec.type === 'boolean') {
        values[key] = val === undefined ? true : !/^(false|0|no)$/i.test(val);
        continue;
      }
      if (val === undefined) {
        if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) throw new UserError(`option --${key} needs a value (${spec.arg ?? spec.type})`);
        val = argv[++i];
      }
      if (spec.type === 'number') {
        const x = Number(val);
        if (val.trim() === '' || !Number.isFinite(x)) throw new UserError(`option --${key} expects a number, got "${val}"`);
        values[key] = x;
      } else if (spec.type === 'list') {
        const prev = (values[key] as string[] | undefined) ?? [];
        prev.push(val);
        values[key] = prev;
      } else values[key] = val;
    } else if (a === '-h') {
      values.help = true;
    } else positional.push(a);
  }
  for (const s of specs) if (values[s.name] === undefined && s.default !== undefined) values[s.name] = s.default;
  return { positional, values };
}

export function formatOptions(specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const left = `  --${s.name}${s.type === 'boolean' ? '' : ` ${s.arg ?? s.type.toUpperCase()}`}`;
    const shown = s.default !== undefined ? String(s.default) : s.defaultHelp;
    const def = shown !== undefined && s.type !== 'boolean' ? ` (default: ${shown})` : '';
    return [left, s.help + def] as const;
  });
  const w = Math.min(34, Math.max(...rows.map((r) => r[0].length)) + 2);
  return rows.map(([l, r]) => (l.length >= w ? `${l}\n${' '.repeat(w)}${r}` : l.padEnd(w) + r)).join('\n');
}
