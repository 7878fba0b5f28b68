// Issue 14 items 10 and 12, and issue 17 (gate input): `gate --out` at an existing file, a deeply nested hand-edited
// results.json and a wrongly shaped one are one-line user errors (exit 2) that print no verdict and write nothing.
// Drives the compiled binary asynchronously.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as runCli, CLI, expectOneLineError as expectUserError } from '../helpers/spawn.js';

const cli = (args: string[], timeoutMs = 60_000) => runCli(args, undefined, { timeoutMs });
/** The shared one-line user-error check, and no verdict printed either. */
function expectOneLineError(r: { code: number | null; out: string; err: string }, text: string | RegExp): void {
  expectUserError(r, text);
  expect(r.out).toBe('');
}

let dir = '';
const p = (f: string) => join(dir, f);
let results = '';

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build"`);
  dir = mkdtempSync(join(tmpdir(), 'sa-gate-in-'));
  const rows = (n: number, off: number) => 'age,grp,y\n' + Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'z'][(i * 5 + off) % 2]}`).join('\n') + '\n';
  writeFileSync(p('real.csv'), rows(120, 0));
  writeFileSync(p('holdout.csv'), rows(60, 1));
  writeFileSync(p('synth.csv'), rows(120, 2));
  const r = await cli(['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--sections', 'fidelity', '--quiet', '--out', p('audit')]);
  expect(r.code, r.err).toBe(0);
  results = p('audit/results.json');
}, 90_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gate input', () => {
  it('a valid results.json is judged and --out written (control)', async () => {
    const r = await cli(['gate', results, '--out', p('ci-ok')]);
    expect(r.err).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(r.out).toMatch(/policy "default"/);
    expect(readdirSync(p('ci-ok')).sort()).toEqual(['junit.xml', 'summary.md']);
  });

  it('gate --out at an existing file gives the same one-line error as audit --out', async () => {
    writeFileSync(p('afile'), 'keep me\n');
    const g = await cli(['gate', results, '--out', p('afile')]);
    expectOneLineError(g, 'afile: cannot create the output folder (EEXIST)');
    const a = await cli(['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--sections', 'fidelity', '--quiet', '--out', p('afile')]);
    expect(a.code).toBe(2);
    expect(g.err.replace(/^synthaudit gate: /, '')).toBe(a.err.replace(/^synthaudit: /, ''));
    expect(readFileSync(p('afile'), 'utf8')).toBe('keep me\n');
  });

  it('a deeply nested results.json is a one-line error, not a stack overflow', async () => {
    const doc = JSON.parse(readFileSync(results, 'utf8'));
    let deep = '1';
    for (let i = 0; i < 20000; i++) deep = `{"a":${deep}}`;
    const text = JSON.stringify(doc).replace(/^\{/, `{"extra":${deep},`);
    writeFileSync(p('deep.json'), text);
    expectOneLineError(await cli(['gate', p('deep.json'), '--out', p('ci-deep')]), 'deep.json: nested deeper than 64 levels');
    expect(existsSync(p('ci-deep'))).toBe(false);
    // arrays too
    let arr = '0';
    for (let i = 0; i < 20000; i++) arr = `[${arr}]`;
    writeFileSync(p('deep2.json'), JSON.stringify(doc).replace(/^\{/, `{"extra":${arr},`));
    expectOneLineError(await cli(['gate', p('deep2.json')]), 'nested deeper than 64 levels');
  });

  it('a wrongly shaped results.json is a one-line error naming the first mismatches, and nothing is written', async () => {
    const doc = JSON.parse(readFileSync(results, 'utf8'));
    doc.data.columns = 'oops';
    delete doc.fidelity.summary;
    doc.fidelity.marginals = [1, 2, 3];
    writeFileSync(p('bad.json'), JSON.stringify(doc));
    const r = await cli(['gate', p('bad.json'), '--out', p('ci-bad')]);
    expectOneLineError(r, /bad\.json: does not match schema\/results\.schema\.json; written by synthaudit [\d.]+: data\.columns: must be array/);
    expect(existsSync(p('ci-bad'))).toBe(false);
    // the same with a folder that exists: nothing new in it
    const r2 = await cli(['gate', p('bad.json'), '--out', p('ci-ok')]);
    expect(r2.code).toBe(2);
    expect(readdirSync(p('ci-ok')).sort()).toEqual(['junit.xml', 'summary.md']);
  });
});
