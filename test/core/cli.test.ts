import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, cli, expectOneLineError as expectUserError } from '../helpers/spawn.js';
import { sharedPath } from '../helpers/data.js';

/** Per test: several CLI runs, each killed after 120 s (test/helpers/spawn.ts); generous for a busy 2-core machine. */
const TIMEOUT = 300_000;

// Drives the compiled binary (npm test runs tsc first), as a user would.

let dir = '';
beforeAll(() => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sa-cli-'));
  const rows = (n: number, off: number) =>
    Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'y'][(i * 5 + off) % 2]}`).join('\n');
  writeFileSync(join(dir, 'real.csv'), 'age,grp,label\n' + rows(200, 0) + '\n');
  writeFileSync(join(dir, 'holdout.csv'), 'age,grp,label\n' + rows(100, 1) + '\n');
  writeFileSync(join(dir, 'synth.csv'), 'age,grp,label\n' + rows(200, 2) + '\n');
  writeFileSync(join(dir, 'ragged.csv'), 'age,grp,label\n30,a,x\n31,b\n');
  writeFileSync(join(dir, 'nocol.csv'), 'age,grp\n30,a\n');
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'badnum.csv'), 'age,grp,label\n30,a,x\nthirty,b,y\n');
});

describe('CLI', () => {
  it('--help explains commands and each command has its own help with examples', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: synthaudit <command>');
    expect(r.out).toContain('audit');
    const a = await cli(['audit', '--help']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('--synthetic FILE');
    expect(a.out).toContain('Examples:');
  }, TIMEOUT);

  it('user mistakes exit 2 with one line naming file, column and row', async () => {
    expectUserError(await cli(['frobnicate']), 'unknown command "frobnicate"');
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv')]), 'audit needs --holdout, --synthetic');
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'ragged.csv'), '--quiet']), 'ragged.csv, row 2: expected 3 fields, found 2');
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'nocol.csv'), '--quiet']), 'nocol.csv, column "label": the synthetic table has no column "label"');
    expectUserError(await cli(['audit', '--real', join(dir, 'empty.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'synth.csv'), '--quiet']), 'empty.csv: empty file: no header row');
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'badnum.csv'), '--synthetic', join(dir, 'synth.csv'), '--quiet']), 'badnum.csv, column "age", row 2: a value (6 characters: letters; value hidden) is not numeric');
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'synth.csv'), '--target', 'nope', '--quiet']), 'column "nope": --target names a column that is not in the real table');
    expectUserError(await cli(['audit', '--bogus']), 'unknown option --bogus');
    // an output folder that is really a file
    expectUserError(await cli(['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'synth.csv'), '--sections', 'fidelity', '--quiet', '--out', join(dir, 'real.csv')]), 'real.csv: cannot create the output folder (EEXIST)');
    expectUserError(await cli(['gate', join(dir, 'nope.json')]), 'results file not found');
    expectUserError(await cli(['audit', '--seed', 'abc']), 'option --seed expects a number, got "abc"');
  }, TIMEOUT);

  it('the audit writes results.json, and the same seed gives byte-identical results', async () => {
    const base = ['audit', '--real', join(dir, 'real.csv'), '--holdout', join(dir, 'holdout.csv'), '--synthetic', join(dir, 'synth.csv'), '--target', 'label', '--quiet', '--sections', 'fidelity', '--seed', '5'];
    const a = await cli([...base, '--out', join(dir, 'o1')]);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const b = await cli([...base, '--out', join(dir, 'o2')]);
    expect(b.code).toBe(0);
    const ra = readFileSync(join(dir, 'o1', 'results.json'));
    const rb = readFileSync(join(dir, 'o2', 'results.json'));
    expect(ra.equals(rb)).toBe(true);
    const res = JSON.parse(ra.toString());
    expect(res.meta.seed).toBe(5);
    expect(res.meta.inputs.map((x: any) => x.rows)).toEqual([200, 100, 200]);
  }, TIMEOUT);
});

describe('release gate end to end (German credit)', () => {
  it('audit --policy and gate exit 0 on a policy the audit passes and 1 on one it fails; junit.xml parses', async () => {
    const { parseXml, findAll } = await import('../reports/xml.js');
    const out = join(dir, 'gc');
    writeFileSync(join(dir, 'pass.yml'), 'name: lenient\nrules:\n  - fidelity.marginals.tvd.mean < 0.5\n  - privacy.distance.mia.auc < 0.9\n');
    writeFileSync(join(dir, 'fail.yml'), 'name: strict\nrules:\n  - fidelity.marginals.tvd.mean < 0.5\n  - fidelity.pairs.tvd.mean < 0.001\n');
    const base = ['audit', '--real', sharedPath('german_credit', 'train'), '--holdout', sharedPath('german_credit', 'holdout'), '--synthetic', sharedPath('german_credit', 'holdout'), '--quiet', '--sections', 'fidelity,privacy', '--out', out];
    const pass = await cli([...base, '--policy', join(dir, 'pass.yml')]);
    expect(pass.err).toBe('');
    expect(pass.code).toBe(0);
    const junit = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(findAll(junit, 'testcase')).toHaveLength(2);
    expect(findAll(junit, 'failure')).toHaveLength(0);
    const fail = await cli([...base, '--policy', join(dir, 'fail.yml')]);
    expect(fail.code).toBe(1);
    expect(fail.out).toContain('FAIL');
    expect(findAll(parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')), 'failure')).toHaveLength(1);
    // re-judge the saved results without recomputing
    expect((await cli(['gate', join(out, 'results.json'), '--policy', join(dir, 'pass.yml')])).code).toBe(0);
    expect((await cli(['gate', join(out, 'results.json'), '--policy', join(dir, 'fail.yml'), '--out', join(dir, 'gate-out')])).code).toBe(1);
    expect(existsSync(join(dir, 'gate-out', 'junit.xml'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="verdict"');
  }, TIMEOUT);
});
