// command: an external generator (SDV, synthpop, an in-house model) run from a command template, exchanging CSV through a
// temporary folder: {input} {output} {rows} {seed} are substituted (paths shell-quoted); its output is loaded and encoded over the Domain.
//
// fit() only keeps the training rows; sample(n) writes them to input.csv, runs the command (fit + generate in one call, as
// most tools work), reads output.csv. The command runs in its own process group under a small node wrapper so that a
// time-out kills it and everything it started; its stderr is streamed and only the last lines are kept. The folder is
// private (0700) and removed on every exit path, Ctrl-C and SIGTERM included (src/tempdir.ts). sampleAsync() does the
// same without blocking the event loop. Time-out, non-zero exit (with the last stderr lines), missing, malformed or
// wrongly sized output each raise a UserError naming the command. The claim is 'none': we cannot check what it does.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, isUserError } from '../errors.js';
import { encode, type Domain, type Encoded } from '../domain.js';
import type { Rng } from '../rng.js';
import { loadTable, toCsv } from '../table.js';
import { CHILD_PGID_FILE, installCleanupHandlers, makeTempDir, removeTempDir } from '../tempdir.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim, SampleOptions } from './generator.js';
import { checkSameDomain, decodeTable, encodedFromJSON, encodedToJSON, optNumber, type EncodedJSON } from './common.js';

const KNOWN = ['command', 'timeout', 'cwd', 'claim'];
export const DEFAULT_COMMAND_TIMEOUT_S = 600;
const TIMEOUT_MARK = '__SYNTHAUDIT_TIMEOUT__';
const SIGNAL_MARK = '__SYNTHAUDIT_SIGNAL__';
/** Lines of the command's stderr kept (each cut at 500 characters): never the whole stream. */
export const STDERR_TAIL_LINES = 20;

// Runs argv[1] through the shell in a new process group and streams its stderr, keeping only the last lines, which it
// prints when the command ends. Kills the whole group on time-out, on SIGINT / SIGTERM / SIGHUP, when synthaudit goes
// away (its parent process changes), and once the command has exited (nothing it started outlives it). Writes the
// group id to argv[3] so that synthaudit's own signal handler can kill the group before removing the folder.
const WRAPPER = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [cmd, ms, pgidFile] = process.argv.slice(1);
const c = spawn(cmd, { shell: true, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
const tail = [];
let part = '';
const push = (l) => { if (!l.trim()) return; tail.push(l.length > 500 ? l.slice(0, 500) + '...' : l); if (tail.length > ${STDERR_TAIL_LINES}) tail.shift(); };
c.stderr.setEncoding('utf8');
c.stderr.on('data', (d) => {
  part += d.replace(/\\r/g, '\\n'); // progress bars redraw with a carriage return: each redraw is a line
  let i;
  while ((i = part.indexOf('\\n')) >= 0) { push(part.slice(0, i)); part = part.slice(i + 1); }
  if (part.length > 65536) { push(part); part = ''; }
});
c.stderr.on('error', () => {});
const killGroup = () => { try { process.kill(-c.pid, 'SIGKILL'); } catch (e) {} };
if (c.pid) { try { fs.writeFileSync(pgidFile, String(c.pid)); } catch (e) {} }
let timedOut = false;
const t = setTimeout(() => { timedOut = true; killGroup(); }, Number(ms));
const ppid = process.ppid;
const watch = setInterval(() => { if (process.ppid !== ppid) { killGroup(); process.exit(129); } }, 200);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => { killGroup(); process.exit(130); });
let done = false;
const finish = (code, sig) => {
  if (done) return;
  done = true;
  clearTimeout(t);
  clearInterval(watch);
  killGroup();
  if (part) push(part);
  let text = tail.join('\\n');
  if (timedOut) text += '\\n${TIMEOUT_MARK}';
  else if (sig) text += '\\n${SIGNAL_MARK} ' + sig;
  process.stderr.write(text + '\\n', () => process.exit(timedOut ? 124 : sig ? 125 : code === null ? 1 : code));
};
let ended = false;
let exited = null;
c.stderr.on('end', () => { ended = true; if (exited) finish(exited[0], exited[1]); });
c.on('error', (e) => { push(String(e && e.message)); finish(127, null); });
c.on('exit', (code, sig) => {
  exited = [code, sig];
  // let the rest of stderr arrive, but do not wait for processes that inherited the pipe
  if (ended) finish(code, sig);
  else setTimeout(() => finish(code, sig), 500);
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

/** The command's last stderr line, and up to two lines before it, for a one-line message. */
function stderrTail(s: string): string {
  const cut = (l: string) => (l.length > 300 ? l.slice(0, 300) + '...' : l);
  const lines = s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(TIMEOUT_MARK) && !l.startsWith(SIGNAL_MARK));
  if (!lines.length) return '';
  const before = lines.slice(-3, -1).map(cut);
  return cut(lines[lines.length - 1]) + (before.length ? ` (before it: ${before.join(' | ')})` : '');
}

interface RunResult {
  status: number | null;
  stderr: string;
  error?: NodeJS.ErrnoException;
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
    this.timeoutS = optNumber('command', o, 'timeout', { min: 0, exclusiveMin: true, max: 2_147_483 }) /* setTimeout's limit, about 24.8 days */ ?? DEFAULT_COMMAND_TIMEOUT_S;
    if (o.cwd !== undefined && typeof o.cwd !== 'string') throw new UserError('generator command: option cwd must be a folder path');
    this.cwd = o.cwd as string | undefined;
    // a user may state what their generator claims; we report it, marked as unverified
    this.claimed = o.claim as PrivacyClaim | undefined;
    this.spec = { name: 'command', options: { ...o } };
    installCleanupHandlers(); // Ctrl-C must not leave a copy of the training rows in the temporary folder
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

  /** Write the training rows to a private folder and expand the command; the caller runs it and calls finish(). */
  private prepare(n: number, rng: Rng): { dir: string; cmd: string; output: string; pgidFile: string; ms: number } {
    if (!this.data) throw new Error('command: sample() before fit()');
    const seed = rng.nextU32();
    const dir = makeTempDir();
    try {
      const input = join(dir, 'input.csv');
      const output = join(dir, 'output.csv');
      writeFileSync(input, toCsv(decodeTable(this.data, 'input.csv')), { mode: 0o600 });
      const cmd = expandTemplate(this.template, { input, output, rows: n, seed });
      return { dir, cmd, output, pgidFile: join(dir, CHILD_PGID_FILE), ms: Math.round(this.timeoutS * 1000) };
    } catch (e) {
      removeTempDir(dir);
      throw e;
    }
  }

  /**
   * Run the command and read its output. Synchronous (for shadow-model worker threads, where blocking is harmless); the
   * command's stderr is streamed by the wrapper, which hands back only its last lines, so any amount of output is fine.
   */
  sample(n: number, rng: Rng): Encoded {
    const p = this.prepare(n, rng);
    try {
      const r = spawnSync(process.execPath, ['-e', WRAPPER, p.cmd, String(p.ms), p.pgidFile], {
        cwd: this.cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 4 * 1024 * 1024,
        timeout: p.ms + 30_000,
        killSignal: 'SIGKILL',
      });
      return this.finish({ status: r.status, stderr: r.stderr ?? '', error: r.error as NodeJS.ErrnoException | undefined }, p.output, n);
    } finally {
      removeTempDir(p.dir);
    }
  }

  /**
   * The same, without blocking the event loop (the CLI's generate): progress keeps printing (opts.heartbeat is called
   * every second while the command runs) and signal handlers run, so Ctrl-C removes the folder at once.
   */
  async sampleAsync(n: number, rng: Rng, opts: SampleOptions = {}): Promise<Encoded> {
    const p = this.prepare(n, rng);
    try {
      const r = await new Promise<RunResult>((resolve) => {
        const c = spawn(process.execPath, ['-e', WRAPPER, p.cmd, String(p.ms), p.pgidFile], { cwd: this.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        c.stderr.setEncoding('utf8');
        c.stderr.on('data', (d: string) => {
          stderr += d;
          if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); // the wrapper sends a short tail; a guard anyway
        });
        const beat = opts.heartbeat ? setInterval(opts.heartbeat, 1000) : undefined;
        let error: NodeJS.ErrnoException | undefined;
        const guard = setTimeout(() => {
          error = Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' });
          c.kill('SIGKILL');
        }, p.ms + 30_000);
        c.on('error', (e) => (error = e));
        c.on('close', (status) => {
          clearTimeout(guard);
          if (beat) clearInterval(beat);
          resolve({ status, stderr, error });
        });
      });
      return this.finish(r, p.output, n);
    } finally {
      removeTempDir(p.dir);
    }
  }

  private finish(r: RunResult, output: string, n: number): Encoded {
    const stderr = r.stderr;
    if (r.error) {
      if (r.error.code === 'ETIMEDOUT') this.fail(`timed out after ${this.timeoutS} s`);
      this.fail(`could not be run: ${r.error.message}`);
    }
    if (stderr.includes(TIMEOUT_MARK)) this.fail(`timed out after ${this.timeoutS} s`);
    if (r.status !== 0) {
      const sig = /__SYNTHAUDIT_SIGNAL__ (\w+)/.exec(stderr);
      const last = stderrTail(stderr);
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
