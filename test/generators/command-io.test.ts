// Issue 14 items 0d and 9: the command generator's temporary folder (a copy of the real training rows) is private and is
// removed when the run is interrupted (SIGINT / SIGTERM, in `generate` and in an audit's shadow-model workers), and a
// command that writes a lot to stderr runs (its stderr is streamed, only the last lines are kept for the message).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/rng.js';
import { createGenerator } from '../../src/generators/index.js';
import { shellQuote } from '../../src/generators/command.js';
import { UserError } from '../../src/errors.js';
import { germanTrain } from './util.js';
import { cli as runCli, CLI, type RunResult } from '../helpers/spawn.js';
import { userErrorOf } from '../helpers/errors.js';

/** The CLI with extra environment variables; `onStart` may signal it. */
const cli = (args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, onStart?: (pid: number) => void): Promise<RunResult> =>
  runCli(args, undefined, { env: { ...process.env, ...env }, timeoutMs, onStart });

/** What a promise rejects with (undefined when it resolves). */
const rejectionOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (x: unknown) => x);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// A slow external generator: notes that it started (and the modes of its input folder and file), then would write an
// "alive" marker after 2 s and run for a minute if nobody killed it.
const SLOW = `
const fs = require('fs');
const [input, output, markers] = process.argv.slice(2);
const dir = require('path').dirname(input);
const mode = (p) => (fs.statSync(p).mode & 0o777).toString(8);
fs.writeFileSync(markers + '/started-' + process.pid, JSON.stringify({ dir, dirMode: mode(dir), fileMode: mode(input), rows: fs.readFileSync(input, 'utf8').split('\\n').length }));
setTimeout(() => fs.writeFileSync(markers + '/alive-' + process.pid, 'alive'), 2000);
setTimeout(() => {}, 60000);
`;
// Writes `mb` MB to stderr, then either resamples its input (ok) or fails with a last line.
const LOUD = `
const fs = require('fs');
const [input, output, rows, mb, mode] = process.argv.slice(2);
const chunk = 'x'.repeat(1023) + '\\n';
const block = chunk.repeat(1024);
let left = Number(mb);
function more() {
  while (left > 0) {
    left--;
    if (!process.stderr.write(block)) return process.stderr.once('drain', more);
  }
  if (mode === 'bar') { let s = ''; for (let i = 1; i <= 50000; i++) s += '\\r step ' + i + '/50000 ' + '#'.repeat(i % 40); process.stderr.write(s + '\\rRuntimeError: disk full\\n'); process.exitCode = 4; return; }
  if (mode === 'fail') { process.stderr.write('step 1 of 2\\nstep 2 of 2\\nValueError: boom at the end\\n'); process.exitCode = 3; return; }
  const lines = fs.readFileSync(input, 'utf8').trim().split('\\n');
  const out = [lines[0]];
  for (let i = 0; i < Number(rows); i++) out.push(lines[1 + (i % (lines.length - 1))]);
  fs.writeFileSync(output, out.join('\\n') + '\\n');
}
more();
`;

let dir = '';
let data = '';
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build"`);
  dir = mkdtempSync(join(tmpdir(), 'sa-cmd-io-'));
  writeFileSync(join(dir, 'slow.js'), SLOW);
  writeFileSync(join(dir, 'loud.js'), LOUD);
  const rows = (n: number, off: number) => 'age,grp,y\n' + Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'z'][(i * 5 + off) % 2]}`).join('\n') + '\n';
  data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'real.csv'), rows(120, 0));
  writeFileSync(join(data, 'holdout.csv'), rows(60, 1));
  writeFileSync(join(data, 'synth.csv'), rows(120, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = shellQuote(process.execPath);

/** Run `args` with a fresh TMPDIR, wait for the slow generator to start, send `sig`, and check nothing is left. */
async function interrupted(name: string, args: (markers: string) => string[], sig: NodeJS.Signals): Promise<void> {
  const tmp = join(dir, `tmp-${name}`);
  const markers = join(dir, `markers-${name}`);
  mkdirSync(tmp);
  mkdirSync(markers);
  const started = () => readdirSync(markers).filter((f) => f.startsWith('started-'));
  const r = await cli(args(markers), { TMPDIR: tmp }, 60_000, (pid) => {
    waitFor(() => started().length > 0, 45_000, 'the generator to start')
      .then(() => sleep(200))
      .then(() => process.kill(pid, sig))
      .catch(() => {});
  });
  expect(started().length, r.err).toBeGreaterThan(0);
  const info = JSON.parse(readFileSync(join(markers, started()[0]), 'utf8'));
  // ended by the signal, not by finishing
  expect(r.signal === sig || r.code === 130 || r.code === 128 + (sig === 'SIGINT' ? 2 : 15), `exit ${r.code} ${r.signal}: ${r.err}`).toBe(true);
  // the folder held the real rows, and nothing is left in TMPDIR, at once
  expect(info.dir.startsWith(tmp)).toBe(true);
  expect(info.rows).toBeGreaterThan(10);
  expect(readdirSync(tmp)).toEqual([]);
  // it was private while it existed
  expect(info.dirMode).toBe('700');
  expect(info.fileMode).toBe('600');
  // and the generator (its own process group) was killed: it never wrote its "alive" marker
  await sleep(2500);
  expect(readdirSync(markers).filter((f) => f.startsWith('alive-'))).toEqual([]);
  expect(readdirSync(tmp)).toEqual([]);
}

describe('command generator: interrupted runs leave nothing behind', () => {
  const gen = (markers: string) => [
    'generate', '--generator', 'command', '--input', join(data, 'real.csv'), '--rows', '50', '--out', join(dir, `never-${Math.random()}.csv`), '--quiet',
    '--generator-cmd', `${node} ${shellQuote(join(dir, 'slow.js'))} {input} {output} ${shellQuote(markers)}`,
  ];
  it('generate, SIGINT (Ctrl-C)', () => interrupted('gen-int', gen, 'SIGINT'), 70_000);
  it('generate, SIGTERM', () => interrupted('gen-term', gen, 'SIGTERM'), 70_000);
  it('audit with shadow models on worker threads, SIGTERM', () =>
    interrupted('audit-term', (markers) => [
      'audit', '--real', join(data, 'real.csv'), '--holdout', join(data, 'holdout.csv'), '--synthetic', join(data, 'synth.csv'), '--out', join(dir, 'audit-out'), '--quiet',
      '--sections', 'privacy', '--shadow-sets', '40',
      '--generator-cmd', `${node} ${shellQuote(join(dir, 'slow.js'))} {input} {output} ${shellQuote(markers)}`,
    ], 'SIGTERM'), 70_000);
});

describe('command generator: a command that writes a lot to stderr', () => {
  const make = (mb: number, mode: string) => {
    const d = germanTrain();
    return { d, g: createGenerator({ name: 'command', options: { command: `${node} ${shellQuote(join(dir, 'loud.js'))} {input} {output} {rows} ${mb} ${mode}` } }, d.domain).fit(d, new Rng(1)) };
  };
  it('runs (70 MB of stderr, more than any buffer the old spawnSync allowed), sync and async, with identical results', async () => {
    const { g } = make(70, 'ok');
    const a = g.sample(40, new Rng(2));
    expect(a.n).toBe(40);
    const b = await g.sampleAsync!(40, new Rng(2));
    expect(b.n).toBe(40);
    expect(Array.from(b.codes[0])).toEqual(Array.from(a.codes[0]));
  }, 60_000);
  it('a failure after a lot of stderr gives a one-line message with the last lines', async () => {
    const { g } = make(70, 'fail');
    const e = await rejectionOf(g.sampleAsync!(40, new Rng(2)));
    expect(e).toBeInstanceOf(UserError);
    const m = (e as Error).message;
    expect(m).not.toContain('\n');
    expect(m).toMatch(/exited with code 3: ValueError: boom at the end \(before it: step 1 of 2 \| step 2 of 2\)$/);
    expect(m.length).toBeLessThan(1500);
    expect(userErrorOf(() => g.sample(40, new Rng(2))).message).toBe(m);
  }, 60_000);
  it('a progress bar redrawn with carriage returns does not hide the error after it', async () => {
    const { g } = make(0, 'bar');
    const e = await rejectionOf(g.sampleAsync!(40, new Rng(2)));
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/exited with code 4: RuntimeError: disk full \(before it: step 49999\/50000 #+ \| step 50000\/50000\)$/);
  }, 30_000);
  it('sampleAsync keeps the event loop free (heartbeat runs while the command works)', async () => {
    const { g } = make(0, 'ok');
    // a command that takes ~1.5 s
    const d = germanTrain();
    const slow = createGenerator({ name: 'command', options: { command: `sleep 1.5 && ${node} ${shellQuote(join(dir, 'loud.js'))} {input} {output} {rows} 0 ok` } }, d.domain).fit(d, new Rng(1));
    let beats = 0;
    let timerRan = 0;
    const iv = setInterval(() => timerRan++, 100);
    const s = await slow.sampleAsync!(30, new Rng(3), { heartbeat: () => beats++ });
    clearInterval(iv);
    expect(s.n).toBe(30);
    expect(beats).toBeGreaterThanOrEqual(1);
    expect(timerRan).toBeGreaterThanOrEqual(5);
    expect(g).toBeTruthy();
  }, 30_000);
});
