// command: an external generator (SDV, synthpop, an in-house model) run from a command template, exchanging CSV through a
// temporary folder: {input} {output} {rows} {seed} are substituted (paths shell-quoted); its output is loaded and encoded over the Domain.
//
// fit() only keeps the training rows; sample(n) writes them to input.csv, runs the command (fit + generate in one call, as
// most tools work), reads output.csv. The command runs in its own process group under a small node wrapper so that a
// time-out kills it and everything it started. Time-out, non-zero exit (with the last stderr line), missing, malformed or
// wrongly sized output each raise a UserError naming the command. The claim is 'none': we cannot check what it does.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, isUserError } from '../errors.js';
import { encode, type Domain, type Encoded } from '../domain.js';
import type { Rng } from '../rng.js';
import { loadTable, toCsv } from '../table.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from './generator.js';
import { checkSameDomain, decodeTable, encodedFromJSON, encodedToJSON, optNumber, type EncodedJSON } from './common.js';

const KNOWN = ['command', 'timeout', 'cwd', 'claim'];
export const DEFAULT_COMMAND_TIMEOUT_S = 600;
const TIMEOUT_MARK = '__SYNTHAUDIT_TIMEOUT__';
const SIGNAL_MARK = '__SYNTHAUDIT_SIGNAL__';

// Runs argv[1] through the shell in a new process group; on time-out kills the whole group.
const WRAPPER = `
const { spawn } = require('node:child_process');
const [cmd, ms] = process.argv.slice(1);
const c = spawn(cmd, { shell: true, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
let timedOut = false;
const t = setTimeout(() => { timedOut = true; try { process.kill(-c.pid, 'SIGKILL'); } catch (e) {} }, Number(ms));
c.on('error', (e) => { clearTimeout(t); process.stderr.write(String(e && e.message) + '\\n'); process.exit(127); });
c.on('exit', (code, sig) => {
  clearTimeout(t);
  if (timedOut) { process.stderr.write('\\n${TIMEOUT_MARK}\\n'); process.exit(124); }
  if (sig) { process.stderr.write('\\n${SIGNAL_MARK} ' + sig + '\\n'); process.exit(125); }
  process.exit(code === null ? 1 : code);
});
`;

/** Single-quote a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Substitute {input} {output} {rows} {seed} in a command template (paths quoted for the shell). */
export function expandTemplate(template: string, v: { input: string; output: string; rows: number; seed: number }): string {
  return template
    .replace(/\{input\}/g, shellQuote(v.input))
    .replace(/\{output\}/g, shellQuote(v.output))
    .replace(/\{rows\}/g, String(v.rows))
    .replace(/\{seed\}/g, String(v.seed));
}

function lastLine(s: string): string {
  const lines = s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(TIMEOUT_MARK) && !l.startsWith(SIGNAL_MARK));
  const l = lines.length ? lines[lines.length - 1] : '';
  return l.length > 300 ? l.slice(0, 300) + '...' : l;
}

export class CommandGenerator implements Generator {
  readonly name = 'command';
  readonly spec: GeneratorSpec;
  readonly template: string;
  readonly timeoutS: number;
  private readonly cwd: string | undefined;
  private readonly claimed: PrivacyClaim | undefined;
  private data: Encoded | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new UserError(`generator command: unknown option "${k}" (${KNOWN.join(', ')})`);
    if (typeof o.command !== 'string' || o.command.trim() === '') throw new UserError('generator command: option command (the command template) is required, e.g. "python gen.py --in {input} --out {output} --rows {rows} --seed {seed}"');
    if (!o.command.includes('{output}')) throw new UserError(`generator command "${o.command}": the template must contain {output} (where the command writes its CSV)`);
    this.template = o.command;
    this.timeoutS = optNumber('command', o, 'timeout', { min: 0, exclusiveMin: true }) ?? DEFAULT_COMMAND_TIMEOUT_S;
    if (o.cwd !== undefined && typeof o.cwd !== 'string') throw new UserError('generator command: option cwd must be a folder path');
    this.cwd = o.cwd as string | undefined;
    // a user may state what their generator claims; we report it, marked as unverified
    this.claimed = o.claim as PrivacyClaim | undefined;
    this.spec = { name: 'command', options: { ...o } };
  }

  claim(): PrivacyClaim {
    const base = `external command "${this.template}": its privacy cannot be verified by synthaudit`;
    if (this.claimed && this.claimed.kind === 'dp') return { ...this.claimed, note: `${base}; the DP parameters are as stated by the user` };
    return { kind: 'none', note: base };
  }

  fit(data: Encoded, _rng: Rng): this {
    checkSameDomain('command', this.domain, data);
    this.data = data;
    return this;
  }

  private fail(detail: string): never {
    throw new UserError(`generator command "${this.template}" ${detail}`);
  }

  sample(n: number, rng: Rng): Encoded {
    if (!this.data) throw new Error('command: sample() before fit()');
    const seed = rng.nextU32();
    const dir = mkdtempSync(join(tmpdir(), 'synthaudit-gen-'));
    try {
      const input = join(dir, 'input.csv');
      const output = join(dir, 'output.csv');
      writeFileSync(input, toCsv(decodeTable(this.data, 'input.csv')));
      const cmd = expandTemplate(this.template, { input, output, rows: n, seed });
      const ms = Math.round(this.timeoutS * 1000);
      const r = spawnSync(process.execPath, ['-e', WRAPPER, cmd, String(ms)], {
        cwd: this.cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        timeout: ms + 30_000,
        killSignal: 'SIGKILL',
      });
      const stderr = r.stderr ?? '';
      if (r.error) {
        if ((r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') this.fail(`timed out after ${this.timeoutS} s`);
        this.fail(`could not be run: ${r.error.message}`);
      }
      if (stderr.includes(TIMEOUT_MARK)) this.fail(`timed out after ${this.timeoutS} s`);
      if (r.status !== 0) {
        const sig = /__SYNTHAUDIT_SIGNAL__ (\w+)/.exec(stderr);
        const last = lastLine(stderr);
        if (sig) this.fail(`was killed by ${sig[1]}${last ? `: ${last}` : ''}`);
        this.fail(`exited with code ${r.status}${last ? `: ${last}` : ' (no message on stderr)'}`);
      }
      if (!existsSync(output)) this.fail(`did not write its output file ({output} = ${output})`);
      let t;
      try {
        t = loadTable(output, { label: 'output.csv' });
      } catch (e) {
        if (isUserError(e)) this.fail(`wrote a malformed output: ${e.message}`);
        throw e;
      }
      for (const cd of this.domain.columns) if (!t.columns.includes(cd.name)) this.fail(`wrote an output without the column "${cd.name}"`);
      if (t.nRows !== n) this.fail(`wrote ${t.nRows} rows, but ${n} were asked for ({rows})`);
      try {
        const enc = encode(t, this.domain);
        enc.name = 'synthetic(command)';
        return enc;
      } catch (e) {
        if (isUserError(e)) this.fail(`wrote a malformed output: ${e.message}`);
        throw e;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  toJSON(): GeneratorState {
    if (!this.data) throw new Error('command: toJSON() before fit()');
    return { spec: this.spec, state: { version: 1, rows: encodedToJSON(this.data) } };
  }

  static load(state: GeneratorState, domain: Domain): CommandGenerator {
    const g = new CommandGenerator(state.spec, domain);
    const s = state.state as { rows: EncodedJSON };
    g.data = encodedFromJSON(s.rows, domain, 'command(training rows)');
    return g;
  }
}
