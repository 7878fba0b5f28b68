// Hostile-user cases for the CLI: each mistake found by trying to break it exits 2 with one line naming file/column/row,
// and each valid-but-odd input (tiny tables, values near the float range, config seed/bins) runs. Drives the compiled binary.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCliBuilt, cli, expectOneLineError as expectUserError } from '../helpers/spawn.js';

/** Per test: several CLI runs, each killed after 120 s (test/helpers/spawn.ts); generous for a busy 2-core machine. */
const TIMEOUT = 300_000;

let dir = '';
const p = (f: string) => join(dir, f);
let base: string[] = [];

beforeAll(() => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sa-cli-hostile-'));
  const rows = (n: number, off: number) =>
    Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'y'][(i * 5 + off) % 2]}`).join('\n');
  writeFileSync(p('real.csv'), 'age,grp,label\n' + rows(120, 0) + '\n');
  writeFileSync(p('holdout.csv'), 'age,grp,label\n' + rows(60, 1) + '\n');
  writeFileSync(p('synth.csv'), 'age,grp,label\n' + rows(120, 2) + '\n');
  base = ['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--quiet'];
});

const cfg = (name: string, text: string) => {
  writeFileSync(p(name), text);
  return p(name);
};
const meta = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).meta;

describe('CLI under hostile input', () => {
  it('seed and bins from the config file are used unless a flag overrides them', async () => {
    const c = cfg('seedbins.yml', 'seed: 7\nbins: 5\n');
    const a = await cli([...base, '--sections', 'fidelity', '--config', c, '--out', p('sb1')]);
    expect(a.code).toBe(0);
    expect(meta(p('sb1')).seed).toBe(7);
    expect(meta(p('sb1')).options.bins).toBe(5);
    const b = await cli([...base, '--sections', 'fidelity', '--config', c, '--seed', '9', '--bins', '4', '--out', p('sb2')]);
    expect(b.code).toBe(0);
    expect(meta(p('sb2')).seed).toBe(9);
    expect(meta(p('sb2')).options.bins).toBe(4);
  }, TIMEOUT);

  it('config values of the wrong type are one-line errors naming the config file', async () => {
    const run = (name: string, text: string, sections = 'fidelity') => cli([...base, '--sections', sections, '--target', 'label', '--config', cfg(name, text), '--out', p('cfgout')]);
    expectUserError(await run('c1.yml', 'bins: "x"\n'), 'c1.yml: config key "bins" must be an integer >= 2 (got "x")');
    expectUserError(await run('c2.yml', 'missing: 5\n'), 'c2.yml: config key "missing" must be a list of strings'); // was a TypeError
    expectUserError(await run('c3.yml', 'kinds: [1]\n'), 'c3.yml: config key "kinds" must be a mapping');
    expectUserError(await run('c4.yml', 'seed: 1.5\n'), 'c4.yml: config key "seed" must be an integer from 0 to 4294967295');
    expectUserError(await run('c5.yml', 'fidelity: {nope: 1}\n'), 'c5.yml: unknown fidelity option "nope"');
    expectUserError(await run('c6.yml', 'fidelity: {bootstrap: -1}\n'), 'c6.yml: fidelity option "bootstrap" must be an integer >= 0 (got -1)');
    // privacy options are checked even when privacy is not among the sections run (a typo should not wait for the run that needs it)
    expectUserError(await run('c7.yml', 'privacy: {attacks: -1}\n'), 'c7.yml: privacy option "attacks" must be an integer >= 1'); // was a RangeError in privacy
    expectUserError(await run('c8.yml', 'privacy: {confidence: 2}\n'), 'c8.yml: privacy option "confidence" must be a number in (0, 1)');
    expectUserError(await run('c9.yml', 'utility: 5\n'), 'c9.yml: config key "utility" must be a mapping');
    expectUserError(await run('c10.yml', 'exclude: label\n'), 'c10.yml: config key "exclude" must be a list of column names');
  }, TIMEOUT);

  it('column names in the options must exist (and the secret cannot be a quasi-identifier)', async () => {
    const run = (name: string, text: string) => cli([...base, '--sections', 'privacy', '--target', 'label', '--config', cfg(name, text), '--out', p('colout')]);
    expectUserError(await run('q1.yml', 'privacy: {quasiIdentifiers: [nope]}\n'), 'real.csv, column "nope": privacy.quasiIdentifiers names a column that is not in the real table');
    expectUserError(await run('q2.yml', 'privacy: {quasiIdentifiers: [label]}\n'), 'real.csv, column "label": privacy.quasiIdentifiers includes the secret column');
    expectUserError(await run('q3.yml', 'exclude: [nope]\n'), 'real.csv, column "nope": exclude names a column that is not in the real table');
  }, TIMEOUT);

  it('seeds outside the RNG\'s 32-bit range are refused up front by audit, generate and demo', async () => {
    for (const s of ['-5', '1.5', '1e20']) {
      expectUserError(await cli([...base, '--sections', 'fidelity', `--seed=${s}`, '--out', p('seedout')]), `--seed must be an integer from 0 to 4294967295`);
    }
    expectUserError(await cli(['generate', '--generator', 'independent', '--input', p('real.csv'), '--rows', '5', '--out', p('g.csv'), '--seed', '1.5', '--quiet']), '--seed must be an integer');
    expectUserError(await cli(['demo', '--seed', '-5', '--out', p('demo'), '--quiet']), '--seed must be an integer');
  }, TIMEOUT);

  it('generate creates the folders of --out and --save, and --load works without --generator', async () => {
    const model = p('m/n/model.json');
    const a = await cli(['generate', '--generator', 'independent', '--input', p('real.csv'), '--rows', '7', '--out', p('g1/g2/s.csv'), '--save', model, '--quiet']);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    expect(readFileSync(p('g1/g2/s.csv'), 'utf8').trim().split('\n')).toHaveLength(8);
    const b = await cli(['generate', '--load', model, '--rows', '4', '--out', p('g3/s.csv'), '--quiet']);
    expect(b.err).toBe(''); // the default --generator used to count as given: "--load uses the saved model as it is; drop --generator"
    expect(b.code).toBe(0);
    expect(readFileSync(p('g3/s.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  }, TIMEOUT);

  it('audit mistakes that would only surface late (or write into the current folder) fail before the run', async () => {
    expectUserError(await cli([...base, '--sections', 'fidelity', '--generator', 'nope', '--out', p('x')]), '--generator: unknown generator "nope"');
    expectUserError(await cli([...base, '--sections', '', '--out', p('x')]), '--sections names no section');
    expectUserError(await cli([...base, '--sections', 'fidelity', '--out', '']), '--out needs a folder path');
    expectUserError(await cli(['gate', p('none.json'), '--out', '']), '--out needs a folder path');
    expectUserError(await cli([...base, '--out', join(p('real.csv'), 'sub')]), 'real.csv/sub: cannot create the output folder (ENOTDIR)');
    const nested = p('a/b/c');
    expect((await cli([...base, '--sections', 'fidelity', '--out', nested])).code).toBe(0);
    expect(existsSync(join(nested, 'results.json'))).toBe(true);
  }, TIMEOUT);

  it('a 3-row, 1-column table runs every section: attacks that cannot run say why', async () => {
    writeFileSync(p('t1.csv'), 'x\n1\n2\n3\n');
    writeFileSync(p('t2.csv'), 'x\n2\n3\n4\n');
    const r = await cli(['audit', '--real', p('t1.csv'), '--holdout', p('t2.csv'), '--synthetic', p('t1.csv'), '--target', 'x', '--quiet', '--out', p('tiny')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(readFileSync(p('tiny/results.json'), 'utf8'));
    expect(res.privacy.domias.reason).toContain('DOMIAS needs at least 4 holdout rows'); // was an internal error
    expect(res.privacy.inference.reason).toContain('is the only analysed column'); // was "gowerSpace: no columns"
  }, TIMEOUT);

  it('numeric values near the float range (+-1.7e308, -0) are audited, not an internal error', async () => {
    const vals = ['1.7e308', '-1.7e308', '1e300', '-0', '0', '3.5', '12.25', '-7.5', '1e10', '42.125'];
    const t = (n: number, off: number) => 'v,g,label\n' + Array.from({ length: n }, (_, i) => `${vals[(i * 3 + off) % vals.length]},${'ab'[i % 2]},${'xy'[(i >> 1) % 2]}`).join('\n') + '\n';
    writeFileSync(p('hr.csv'), t(80, 0));
    writeFileSync(p('hh.csv'), t(40, 1));
    writeFileSync(p('hs.csv'), t(80, 2));
    writeFileSync(p('hcfg.yml'), 'kinds: {v: numeric}\nfidelity: {bootstrap: 5, bootstrapPairs: 2}\nutility: {bootstrap: 5}\n');
    const r = await cli(['audit', '--real', p('hr.csv'), '--holdout', p('hh.csv'), '--synthetic', p('hs.csv'), '--target', 'label', '--sections', 'fidelity,utility', '--config', p('hcfg.yml'), '--quiet', '--out', p('huge')]);
    expect(r.err).toBe(''); // was "logistic: numeric column v has the non-finite value NaN" (the real mean overflowed)
    expect(r.code).toBe(0);
    const res = JSON.parse(readFileSync(p('huge/results.json'), 'utf8'));
    expect(res.data.columns.find((c: any) => c.name === 'v').kind).toBe('numeric');
    expect(res.utility.models.length).toBeGreaterThan(0);
  }, TIMEOUT);
});
