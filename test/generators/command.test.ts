// The command adapter: a fake node generator written to a temp folder; the good path, and each failure mode (time-out,
// non-zero exit with its last stderr line, missing output, malformed output, wrong columns, wrong row count) as a UserError naming the command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/rng.js';
import { createGenerator } from '../../src/generators/index.js';
import { expandTemplate, shellQuote } from '../../src/generators/command.js';
import { expectValidSample, germanTrain } from './util.js';
import { userErrorOf } from '../helpers/errors.js';

const FAKE = `
const fs = require('fs');
const a = process.argv.slice(2);
const arg = (k) => a[a.indexOf(k) + 1];
const mode = arg('--mode');
const input = arg('--in'), output = arg('--out'), rows = Number(arg('--rows')), seed = Number(arg('--seed'));
if (mode === 'sleep') {
  // would leave a marker if it were not killed
  setTimeout(() => fs.writeFileSync(arg('--marker'), 'alive'), 1500);
  setTimeout(() => {}, 60000);
  return;
}
if (mode === 'fail') { process.stderr.write('loading data\\nRuntimeError: CUDA out of memory\\n'); process.exit(3); }
if (mode === 'nooutput') process.exit(0);
if (mode === 'malformed') { fs.writeFileSync(output, 'a,b\\n"unterminated,1\\n'); process.exit(0); }
const lines = fs.readFileSync(input, 'utf8').trim().split('\\n');
const header = lines[0];
const body = lines.slice(1);
let s = seed >>> 0;
const next = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s; };
const out = [];
for (let i = 0; i < rows; i++) out.push(body[next() % body.length]);
if (mode === 'dropcol') { fs.writeFileSync(output, header.split(',').slice(1).join(',') + '\\n' + out.map((l) => l.split(',').slice(1).join(',')).join('\\n') + '\\n'); process.exit(0); }
if (mode === 'fewer') out.pop();
fs.writeFileSync(output, header + '\\n' + out.join('\\n') + '\\n');
fs.writeFileSync(output + '.seed', String(seed));
`;

let dir = '';
let script = '';
const cmd = (mode: string, extra = '') => `${shellQuote(process.execPath)} ${shellQuote(script)} --mode ${mode} --in {input} --out {output} --rows {rows} --seed {seed}${extra}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'synthaudit-cmdtest-'));
  script = join(dir, 'fake.js');
  writeFileSync(script, FAKE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(template: string, options: Record<string, unknown> = {}, n = 50) {
  const data = germanTrain();
  const g = createGenerator({ name: 'command', options: { command: template, ...options } }, data.domain).fit(data, new Rng(1));
  return g.sample(n, new Rng(2));
}

describe('command generator', () => {
  it('runs the template, passes rows and seed, and encodes its CSV over the domain', () => {
    const data = germanTrain();
    const s = run(cmd('ok'), {}, 120);
    expect(s.n).toBe(120);
    expectValidSample(s, data.domain, { allowUnseen: true });
    // the fake resamples training rows: every sampled credit_amount is a real one
    const j = data.domain.index.get('credit_amount')!;
    const real = new Set(Array.from(data.values[j]!));
    for (let i = 0; i < s.n; i++) expect(real.has(s.values[j]![i])).toBe(true);
    // same rng => same seed => same output
    const t = run(cmd('ok'), {}, 120);
    expect(Array.from(t.codes[0])).toEqual(Array.from(s.codes[0]));
    const g = createGenerator({ name: 'command', options: { command: cmd('ok') } }, data.domain);
    expect(g.claim().kind).toBe('none');
  });

  it('quotes substituted paths for the shell', () => {
    expect(expandTemplate('x {input} {output} {rows} {seed}', { input: "/tmp/a b/it's.csv", output: '/o.csv', rows: 5, seed: 7 })).toBe(`x '/tmp/a b/it'\\''s.csv' '/o.csv' 5 7`);
  });

  it('a time-out is a UserError, and the command and its children are killed', async () => {
    const marker = join(dir, 'marker.txt');
    // a compound command, so the shell forks the node process instead of exec-ing it
    const e = userErrorOf(() => run(`cd ${shellQuote(dir)} && ${cmd('sleep', ` --marker ${shellQuote(marker)}`)}`, { timeout: 0.3 }));
    expect(e.message).toContain('timed out after 0.3 s');
    expect(e.message).toContain('fake.js');
    await new Promise((r) => setTimeout(r, 2000));
    expect(existsSync(marker)).toBe(false);
  });

  it('a non-zero exit names the command, the code and the last stderr line', () => {
    const e = userErrorOf(() => run(cmd('fail')));
    expect(e.message).toMatch(/generator command ".*fake\.js.*" exited with code 3: RuntimeError: CUDA out of memory/);
  });

  it('missing, malformed, column-less and short outputs each give their message', () => {
    expect(userErrorOf(() => run(cmd('nooutput'))).message).toMatch(/generator command ".*" did not write its output file/);
    expect(userErrorOf(() => run(cmd('malformed'))).message).toMatch(/generator command ".*" wrote a malformed output: output\.csv.*unterminated quoted field/);
    expect(userErrorOf(() => run(cmd('dropcol'))).message).toMatch(/wrote an output without the column "checking_status"/);
    expect(userErrorOf(() => run(cmd('fewer'))).message).toMatch(/wrote 49 rows, but 50 were asked for/);
    expect(userErrorOf(() => run(`${shellQuote(process.execPath)} -e "process.exit(0)"`)).message).toMatch(/must contain \{output\}/);
    expect(userErrorOf(() => run('definitely-not-a-command-xyz {output}')).message).toMatch(/exited with code 127/);
  });
});

describe('command generator timeout (review finding)', () => {
  it('a timeout beyond setTimeout\'s range (about 24.8 days) is refused up front instead of firing at once', () => {
    const d = germanTrain();
    expect(userErrorOf(() => createGenerator({ name: 'command', options: { command: 'x {input} {output}', timeout: 3e6 } }, d.domain)).message).toMatch(/timeout/);
    expect(() => createGenerator({ name: 'command', options: { command: 'x {input} {output}', timeout: 2_000_000 } }, d.domain)).not.toThrow();
  });
});
