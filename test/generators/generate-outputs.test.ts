// Issue 17 (outputs): `generate` never writes over its input (by real path: relative, symlinked, hard-linked), nor
// --out over --save; `audit --out` never writes over an input; categories an external generator invents are a counted
// warning per column (without the values); --rows is capped. Drives the compiled binary asynchronously.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync, symlinkSync, linkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../src/generators/command.js';
import { cli as runCli, CLI, expectOneLineError } from '../helpers/spawn.js';

const cli = (args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) => runCli(args, opts.cwd, { timeoutMs: opts.timeoutMs ?? 60_000 });

let dir = '';
const p = (f: string) => join(dir, f);
const table = 'age,grp,y\n' + Array.from({ length: 120 }, (_, i) => `${20 + ((i * 7) % 50)},${['a', 'b', 'c'][i % 3]},${['x', 'z'][(i * 5) % 2]}`).join('\n') + '\n';
const gen = ['generate', '--generator', 'identity', '--rows', '20', '--quiet'];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build"`);
  dir = mkdtempSync(join(tmpdir(), 'sa-gen-out-'));
  writeFileSync(p('t.csv'), table);
  mkdirSync(p('sub'));
  symlinkSync(p('t.csv'), p('sub/link.csv'));
  linkSync(p('t.csv'), p('hard.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate refuses to overwrite its input', () => {
  it('--out or --save naming the input (as given, relative, through a symlink, a hard link) is a one-line error and the table is untouched', async () => {
    const cases: [string[], string][] = [
      [['--input', p('t.csv'), '--out', p('t.csv')], '--out would overwrite the --input file'],
      [['--input', 't.csv', '--out', './sub/../t.csv'], '--out would overwrite the --input file'],
      [['--input', p('sub/link.csv'), '--out', p('t.csv')], '--out would overwrite the --input file'],
      [['--input', p('t.csv'), '--out', p('sub/link.csv')], '--out would overwrite the --input file'],
      [['--input', p('hard.csv'), '--out', p('t.csv')], '--out would overwrite the --input file'],
      [['--input', p('t.csv'), '--out', p('o.csv'), '--save', p('t.csv')], '--save would overwrite the --input file'],
      [['--input', p('t.csv'), '--out', p('o.csv'), '--save', p('o.csv')], '--out and --save name the same file'],
    ];
    for (const [args, msg] of cases) {
      const r = await cli([...gen, ...args], { cwd: dir });
      expectOneLineError(r, msg);
      expect(readFileSync(p('t.csv'), 'utf8')).toBe(table);
    }
    expect(existsSync(p('o.csv'))).toBe(false);
    // --load and --out the same model file
    const ok = await cli([...gen, '--input', p('t.csv'), '--out', p('o2.csv'), '--save', p('m.json')]);
    expect(ok.code, ok.err).toBe(0);
    const model = readFileSync(p('m.json'), 'utf8');
    expectOneLineError(await cli(['generate', '--load', p('m.json'), '--rows', '5', '--out', p('m.json'), '--quiet']), '--out would overwrite the --load file');
    expect(readFileSync(p('m.json'), 'utf8')).toBe(model);
  }, 120_000);

  it('audit --out never writes over an input table', async () => {
    mkdirSync(p('aud'));
    writeFileSync(p('aud/summary.md'), table); // a table that happens to be called summary.md, inside --out
    const r = await cli(['audit', '--real', p('aud/summary.md'), '--holdout', p('t.csv'), '--synthetic', p('t.csv'), '--sections', 'fidelity', '--quiet', '--out', p('aud')]);
    expectOneLineError(r, '--out (summary.md) would overwrite the --real file');
    expect(readFileSync(p('aud/summary.md'), 'utf8')).toBe(table);
    expect(existsSync(p('aud/results.json'))).toBe(false);
  }, 60_000);

  it('--rows above 10,000,000 is a one-line error stating the cap, before anything is written', async () => {
    const r = await cli([...gen, '--input', p('t.csv'), '--rows', '2000000000', '--out', p('newdir/big.csv')], { timeoutMs: 30_000 });
    expectOneLineError(r, '--rows must be at most 10,000,000 (got 2000000000)');
    expect(existsSync(p('newdir'))).toBe(false);
    const help = await cli(['generate', '--help']);
    expect(help.out).toContain('rows to sample (1 to 10,000,000)');
  }, 60_000);
});

describe('categories an external generator invents', () => {
  it('are a warning naming the column and the count (not the values), even with --quiet', async () => {
    // copies the input but puts an invented label in the first 7 rows of grp
    writeFileSync(p('invent.js'), `
const fs = require('fs');
const [input, output, rows] = process.argv.slice(2);
const lines = fs.readFileSync(input, 'utf8').trim().split('\\n');
const out = [lines[0]];
for (let i = 0; i < Number(rows); i++) {
  const f = lines[1 + (i % (lines.length - 1))].split(',');
  if (i < 7) f[1] = 'Atlantis-secret';
  out.push(f.join(','));
}
fs.writeFileSync(output, out.join('\\n') + '\\n');
`);
    const r = await cli(['generate', '--generator', 'command', '--generator-cmd', `${shellQuote(process.execPath)} ${shellQuote(p('invent.js'))} {input} {output} {rows}`, '--input', p('t.csv'), '--rows', '30', '--out', p('inv.csv'), '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('warning: column "grp": 7 of 30 cells are categories the input table does not have; they are written as empty cells\n');
    expect(r.err + r.out).not.toContain('Atlantis');
    const rows = readFileSync(p('inv.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.filter((l) => l.split(',')[1] === '')).toHaveLength(7);
    // a generator that invents nothing gives no warning
    const ok = await cli([...gen, '--input', p('t.csv'), '--out', p('ok.csv')]);
    expect(ok.err).toBe('');
  }, 60_000);
});
