// The synthaudit command line: audit, demo, generate, gate. Parses flags, runs the library, writes outputs.
// User mistakes print one line and exit 2; a policy failure exits 1; anything else is a bug and says so.

import { UserError, isUserError, formatInternalError, escapeTerminal } from '../errors.js';
import { parseArgs, formatOptions, type OptionSpec } from './args.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands.js';

export interface CommandDef {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  examples: string[];
  run: (args: ReturnType<typeof parseArgs>) => Promise<number>;
}

function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    `synthaudit ${VERSION}: audit synthetic tabular data before release.`,
    '',
    'Is it faithful (fidelity), is it useful (utility), does it leak (privacy)? Every number is set beside the',
    'same number for a holdout sample of the real population: the floor that sampling noise alone gives.',
    '',
    'Usage: synthaudit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    'Run "synthaudit <command> --help" for the options of a command.',
    '',
    'Examples:',
    '  synthaudit demo --out synthaudit-demo',
    '  synthaudit audit --real train.csv --holdout holdout.csv --synthetic synth.csv --target income --out audit/',
    '  synthaudit gate audit/results.json --policy policy.yml',
    '',
    'Exit codes: 0 success / policy passed, 1 policy failed, 2 user error (bad input or options).',
  ].join('\n');
}

function commandHelp(c: CommandDef): string {
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', formatOptions(c.options), '  --help                            show this help', '', 'Examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [cmdName, ...rest] = argv;
  if (!cmdName || cmdName === '--help' || cmdName === '-h' || cmdName === 'help') {
    if (cmdName === 'help' && rest[0]) {
      const c = COMMANDS.find((x) => x.name === rest[0]);
      if (c) {
        process.stdout.write(commandHelp(c) + '\n');
        return 0;
      }
    }
    process.stdout.write(mainHelp() + '\n');
    return cmdName ? 0 : 2;
  }
  if (cmdName === '--version' || cmdName === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === cmdName);
  if (!cmd) throw new UserError(`unknown command "${cmdName}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}); see synthaudit --help`);
  const specs = [...cmd.options, { name: 'help', type: 'boolean' as const, help: 'show help' }];
  const args = parseArgs(rest, specs, cmd.name);
  if (args.values.help) {
    process.stdout.write(commandHelp(cmd) + '\n');
    return 0;
  }
  return cmd.run(args);
}

/** Run the CLI and turn errors into exit codes: user mistakes one line + 2, bugs a stack trace + 3. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`synthaudit: ${escapeTerminal(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`synthaudit: internal error (this is a bug, please report it): ${formatInternalError(e)}\n`);
    return 3;
  }
}
