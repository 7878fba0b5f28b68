// Asynchronous child processes for the tests: spawnSync blocks vitest's worker (no timers, no RPC heartbeat) for the
// whole run of the child, which times tests out on a busy machine. This runs the child without blocking, collects
// stdout/stderr, and kills it (SIGKILL) after an explicit timeout, which the caller sets below its test's own timeout.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface RunResult {
  /** exit code (null when killed by a signal) */
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** true when the timeout killed the child */
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** kill the child after this many ms (default 120 s); keep it below the test's own timeout */
  timeoutMs?: number;
  /** written to the child's stdin, which is then closed */
  input?: string;
  /** called with the child's pid once it is spawned (e.g. to signal it) */
  onStart?: (pid: number) => void;
}

export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8'), timedOut });
    });
    child.stdin.on('error', () => {}); // a child that exits without reading stdin
    child.stdin.end(opts.input ?? '');
    if (opts.onStart && child.pid !== undefined) opts.onStart(child.pid);
  });
}

/** The compiled CLI (npm test builds first), run as a user would: `node dist/src/app/cli.js ...args`. */
export const CLI = resolve(__dirname, '../../dist/src/app/cli.js');

export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build" (npm test does it)`);
}

/** Run the compiled CLI asynchronously; default timeout 120 s per call. */
export function cli(args: string[], cwd?: string, opts: Omit<RunOptions, 'cwd'> = {}): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], { ...opts, cwd });
}

/** A user error as the CLI must print it: exit 2, one line on stderr containing `text`, no stack trace. */
export function expectOneLineError(r: { code: number | null; err: string }, text: string | RegExp): void {
  expect(r.err).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
  const lines = r.err.trim().split('\n');
  expect(lines, r.err).toHaveLength(1);
  if (typeof text === 'string') expect(lines[0]).toContain(text);
  else expect(lines[0]).toMatch(text);
  expect(r.code).toBe(2);
}
