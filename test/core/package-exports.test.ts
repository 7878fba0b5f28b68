// The README's library and vitest example, through the package's own exports ('synthaudit', 'synthaudit/vitest'),
// which resolve to the compiled dist/ (npm test builds first): what a user installing the package gets. The second
// test does what a new user does: `npm pack`, `npm install` of the tarball in an empty folder outside the project,
// then the README's two examples verbatim in that folder.
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { run } from '../helpers/spawn.js';

describe('package exports', () => {
  it('audit() from "synthaudit" and the matchers from "synthaudit/vitest" work as the README shows', async () => {
    const lib = await import('synthaudit');
    await import('synthaudit/vitest');
    const data = resolve(__dirname, '../fixtures/data/german_credit');
    const result = await lib.audit({
      real: resolve(data, 'train.csv.gz'),
      holdout: resolve(data, 'holdout.csv.gz'),
      synthetic: resolve(data, 'holdout.csv.gz'),
      target: 'class',
      seed: 1,
      sections: ['fidelity', 'privacy'],
      privacy: { shadow: false, shadowAia: false, attacks: 100 },
    });
    expect(result.meta.tool).toBe('synthaudit');
    expect(lib.validateResult(JSON.parse(lib.renderJson(result))).errors).toEqual([]);
    // the holdout audited against itself is as faithful as a fresh sample can be
    (expect(result) as any).toHaveFidelity({ maxMeanTVD: 0.2 });
    (expect(result) as any).toPassPolicy(['fidelity.marginals.tvd.mean < 0.2']);
    expect(() => (expect(result) as any).toHaveFidelity({ maxMeanTVD: 0.0001 })).toThrow(/mean 1-way TVD/);
  });
});

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The first ```ts block after a README heading, verbatim. */
function readmeExample(heading: string): string {
  const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = md.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const m = /```ts\n([\s\S]*?)\n```/.exec(md.slice(at));
  if (!m) throw new Error(`README: no ts example under "${heading}"`);
  return m[1] + '\n';
}

/** The first `n` rows after `skip` of a shipped Adult file, cut to `cols` (Adult has no quoted cells). */
function adultCsv(split: 'train' | 'holdout', skip: number, n: number, cols: string[]): string {
  const lines = gunzipSync(readFileSync(join(ROOT, 'data', 'demo', `adult-${split}.csv.gz`))).toString('utf8').split('\n');
  const header = lines[0].split(',');
  const idx = cols.map((c) => header.indexOf(c));
  if (idx.includes(-1)) throw new Error(`adult has no column among ${cols.join(', ')}`);
  const rows = lines.slice(1 + skip, 1 + skip + n).map((l) => l.split(','));
  return [cols, ...rows.map((r) => idx.map((i) => r[i]))].map((r) => r.join(',')).join('\n') + '\n';
}

/** The environment without npm's per-run settings (npm_config_local_prefix would point the install at this project)
 *  and without vitest's worker variables (the consumer's vitest is a run of its own). */
function consumerEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|vitest)/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  env.NO_COLOR = '1';
  env.NODE_ENV = 'production';
  return env;
}

let tmp = '';
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package, installed as a new user would', () => {
  it('npm pack; npm install of the tarball in an empty folder; the README library and vitest examples run there', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'synthaudit-pack-'));
    const env = consumerEnv();
    const show = (r: { code: number | null; out: string; err: string; timedOut: boolean }) => `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n${r.out.slice(-3000)}\n${r.err.slice(-3000)}`;

    // every runtime dependency is imported by the shipped code (an unused one, arquero, made `npm install synthaudit` fail)
    const shipped = ['src', 'metrics', 'attacks', 'reports'].flatMap((d) =>
      (readdirSync(join(ROOT, 'dist', d), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(ROOT, 'dist', d, f), 'utf8')),
    ).join('\n');
    for (const dep of Object.keys(pkg.dependencies)) expect(shipped, `dependency ${dep} is imported by dist/`).toMatch(new RegExp(`from '${dep}(/[^']*)?'`));

    // pack what npm test has just built (dist/), without rebuilding
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, env, timeoutMs: 120_000 });
    expect(packed.code, show(packed)).toBe(0);
    const tarball = join(tmp, packed.out.trim().split('\n').pop()!);
    expect(tarball.endsWith(`synthaudit-${pkg.version}.tgz`)).toBe(true);

    // an empty folder outside the project; the same version pins as the project's own install (the registry can lag a
    // platform package of rollup, which vitest pulls in); the npm cache first, the registry for what it lacks
    const home = join(tmp, 'consumer');
    mkdirSync(home);
    writeFileSync(join(home, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', overrides: pkg.overrides ?? {} }, null, 2));
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `vitest@${pkg.devDependencies.vitest}`], { cwd: home, env, timeoutMs: 360_000 });
    expect(installed.code, show(installed)).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 'node_modules', 'synthaudit', 'package.json'), 'utf8')).version).toBe(pkg.version);

    // the README's library example, verbatim, on small Adult tables (few columns: the shadow-model attacks it runs
    // with the marginal-dp generator refit the generator hundreds of times)
    const lib = join(home, 'lib');
    mkdirSync(lib);
    const few = ['age', 'education', 'sex', 'hours_per_week', 'income'];
    writeFileSync(join(lib, 'train.csv'), adultCsv('train', 0, 300, few));
    writeFileSync(join(lib, 'synth.csv'), adultCsv('train', 1000, 300, few)); // a fresh sample: what a good generator gives
    writeFileSync(join(lib, 'holdout.csv'), adultCsv('holdout', 0, 150, few));
    writeFileSync(join(lib, 'example.mjs'), readmeExample('### Library'));
    const ex = await run(process.execPath, ['example.mjs'], { cwd: lib, env, timeoutMs: 360_000 });
    expect(ex.code, show(ex)).toBe(0);
    expect(ex.out).toMatch(/^mean 2-way TVD 0\.\d+ \(holdout floor 0\.\d+\)$/m);
    expect(ex.out).toMatch(/^distance MIA AUC /m);

    // the README's vitest example, verbatim, run by the consumer's own vitest (no generator: no shadow models)
    const more = ['age', 'workclass', 'sex', 'race', 'hours_per_week', 'income'];
    writeFileSync(join(home, 'train.csv'), adultCsv('train', 0, 2000, more));
    writeFileSync(join(home, 'synth.csv'), adultCsv('train', 2000, 2000, more));
    writeFileSync(join(home, 'holdout.csv'), adultCsv('holdout', 0, 1000, more));
    mkdirSync(join(home, 'policies'));
    copyFileSync(join(home, 'node_modules', 'synthaudit', 'policies', 'default.yml'), join(home, 'policies', 'default.yml'));
    writeFileSync(join(home, 'release.test.ts'), readmeExample('### In a test suite (vitest)'));
    const vt = await run(process.execPath, [join(home, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], { cwd: home, env, timeoutMs: 360_000 });
    expect(vt.code, show(vt)).toBe(0);
    expect(vt.out).toContain('release candidate > is faithful and does not leak');
    expect(vt.out).toMatch(/Tests\s+1 passed \(1\)/);
  }, 900_000);
});
