// Issue 17: no real value in any output unless asked. A distinctive label that only the holdout has must not appear
// in stdout, stderr or any file of the output folder without --show-examples (it did: the unseen-category notice
// echoed it to stderr, summary.md, the report's notices and results.json).

import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli as runCli, CLI } from '../helpers/spawn.js';

// asynchronous (spawnSync blocked the vitest worker for the whole audit)
const cli = (args: string[]) => runCli(args, undefined, { timeoutMs: 100_000 });

const SECRET = 'SECRET_LABEL_XYZ';
let dir = '';
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build"`);
  dir = mkdtempSync(join(tmpdir(), 'sa-leaks-'));
  const rows = (n: number, off: number, secretEvery = 0) =>
    Array.from({ length: n }, (_, i) => {
      const city = secretEvery && i % secretEvery === 0 ? SECRET : ['north', 'south', 'east'][(i + off) % 3];
      return `${20 + ((i * 7 + off) % 50)},${city},${['x', 'y'][(i * 5 + off) % 2]}`;
    }).join('\n');
  writeFileSync(join(dir, 'real.csv'), 'age,city,label\n' + rows(300, 0) + '\n');
  writeFileSync(join(dir, 'holdout.csv'), 'age,city,label\n' + rows(150, 1, 10) + '\n');
  writeFileSync(join(dir, 'synth.csv'), 'age,city,label\n' + rows(300, 2) + '\n');
  writeFileSync(join(dir, 'badnum.csv'), 'age,city,label\n30,north,x\nSECRET_NUMBER_QQ,south,y\n');
  writeFileSync(join(dir, 'escnum.csv'), 'age,city,label\n30,north,x\n"\x1b]0;owned\x07\x1b[2J\r",south,y\n');
});

function folderText(out: string): Record<string, string> {
  return Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

const base = () => ['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'synth.csv'), '--target', 'label', '--sections', 'fidelity,privacy', '--seed', '3'];

describe('no real values in outputs without --show-examples', () => {
  it('an unseen holdout label appears in no output file, nor on stdout or stderr; the notice gives counts', async () => {
    const out = join(dir, 'out');
    const r = await cli([...base(), '--out', out, '--policy', resolve(__dirname, '../../policies/default.yml')]);
    expect([0, 1]).toContain(r.code);
    expect(r.err).not.toContain(SECRET);
    expect(r.out).not.toContain(SECRET);
    expect(r.err).toMatch(/holdout column "city": 15 of 150 cell\(s\) in categories the real table never had \(labels hidden/);
    const files = folderText(out);
    expect(Object.keys(files).sort()).toEqual(['headlines.csv', 'junit.xml', 'report.html', 'results.json', 'summary.md', 'timings.json']);
    for (const [f, text] of Object.entries(files)) expect(text, f).not.toContain(SECRET);
    const res = JSON.parse(files['results.json']);
    expect(res.data.columns.find((c: any) => c.name === 'city').unseen).toEqual({ holdout: 15, synthetic: 0, examples: [] });
  });
  it('--show-examples puts the label in the report (asked for)', async () => {
    const out = join(dir, 'out-shown');
    const r = await cli([...base().slice(0, -4), '--sections', 'fidelity', '--out', out, '--show-examples', '--quiet']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(SECRET);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain(SECRET);
  });
  it('a non-numeric holdout cell in a numeric column is located (file, column, row) but not printed', async () => {
    const r = await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'badnum.csv'), '--synthetic', join(dir, 'synth.csv'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('badnum.csv, column "age", row 2: a value (16 characters: letters, other characters; value hidden) is not numeric');
    expect(r.err).not.toContain('SECRET_NUMBER_QQ');
  });
  it('terminal control characters in a (synthetic) cell reach stderr escaped, on one line', async () => {
    const r = await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'escnum.csv'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('value "\\x1b]0;owned\\x07\\x1b[2J\\r" is not numeric');
  });
});
