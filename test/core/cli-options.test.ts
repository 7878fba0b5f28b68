// Section options from the config file (utility, privacy) are checked up front by the config loader and by runAudit:
// a bad value exits 2 with one line naming the config file and the option path, and nothing is written. Drives the compiled CLI.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../src/app/audit.js';
import { UserError } from '../../src/errors.js';
import type { Progress } from '../../src/progress.js';
import { checkUtilityOptions } from '../../metrics/utility/options.js';
import { checkPrivacyOptions } from '../../attacks/options.js';
import { assertCliBuilt, cli } from '../helpers/spawn.js';

/** Per test: several CLI runs, each killed after 120 s (test/helpers/spawn.ts); generous for a busy 2-core machine. */
const TIMEOUT = 300_000;


let dir = '';
const p = (f: string) => join(dir, f);
let base: string[] = [];

beforeAll(() => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sa-cli-options-'));
  const rows = (n: number, off: number) =>
    Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'y'][(i * 5 + off) % 2]}`).join('\n');
  writeFileSync(p('real.csv'), 'age,grp,label\n' + rows(120, 0) + '\n');
  writeFileSync(p('holdout.csv'), 'age,grp,label\n' + rows(60, 1) + '\n');
  writeFileSync(p('synth.csv'), 'age,grp,label\n' + rows(120, 2) + '\n');
  // all sections (the default): a bad utility/privacy option must fail before fidelity runs
  base = ['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--target', 'label', '--quiet'];
});

/** Run the audit with this config; expect exit 2, one line "<config path>: <message>", and no results.json in --out. */
async function expectRejected(name: string, text: string, message: string) {
  const cfg = p(name);
  writeFileSync(cfg, text);
  const out = p(`out-${name}`);
  const r = await cli([...base, '--config', cfg, '--out', out]);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(`synthaudit: ${cfg}: ${message}`);
  expect(r.code).toBe(2);
  expect(existsSync(join(out, 'results.json'))).toBe(false);
}

describe('section options in the config file', () => {
  it('utility options: ranges, model specs and importance model, each naming the file and the option path', async () => {
    await expectRejected('u1.yml', 'utility: {bootstrap: -1}\n', 'utility.bootstrap must be an integer >= 0 (got -1)');
    await expectRejected('u2.yml', 'utility: {confidence: 1}\n', 'utility.confidence must be a number in (0, 1) (got 1)');
    await expectRejected('u3.yml', 'utility: {models: [{type: tree, maxDepth: -2}]}\n', 'utility.models[0].maxDepth must be an integer >= 0 (got -2)');
    await expectRejected('u4.yml', 'utility: {models: [{type: tree}, {type: logistic, C: 0}]}\n', 'utility.models[1].C must be a number > 0 (got 0)');
    await expectRejected('u5.yml', 'utility: {models: [{type: forest, maxFeatures: half}]}\n', 'utility.models[0].maxFeatures must be "sqrt", "log2", "all" or a number > 0 (a share of the features when below 1) (got "half")');
    await expectRejected('u6.yml', 'utility: {models: [{type: boosting, maxLeafNodes: 1}]}\n', 'utility.models[0].maxLeafNodes must be an integer >= 2 (got 1)');
    await expectRejected('u7.yml', 'utility: {models: [{type: tree, depth: 3}]}\n', 'utility.models[0]: unknown option "depth" for tree (use maxDepth, minSamplesLeaf, maxFeatures, criterion)');
    await expectRejected('u8.yml', 'utility: {models: [{type: tree}, {type: tree}]}\n', 'utility.models has duplicate models (tree(depth=none), tree(depth=none))');
    await expectRejected('u9.yml', 'utility: {models: [{type: tree}], importanceModel: 1}\n', 'utility.importanceModel 1 is not a model of the zoo (models: tree(depth=none))');
    await expectRejected('u11.yml', 'utility: {models: [{type: tree, maxDepth: .inf}]}\n', 'utility.models[0].maxDepth must be an integer >= 0 (got Infinity)'); // Infinity cannot be written to results.json
    await expectRejected('u10.json', '{"utility": {"importanceRows": 5}}', 'utility.importanceRows must be an integer >= 10 (got 5)');
  }, TIMEOUT);

  it('privacy options: every attack mapping is checked, unknown keys included', async () => {
    await expectRejected('p1.yml', 'privacy: {shadow: {nTrainSets: 0}}\n', 'privacy.shadow.nTrainSets must be an integer >= 20 (fewer shadow sets give no meaningful interval) (got 0)');
    await expectRejected('p2.yml', 'privacy: {shadowAia: {candidates: 1}}\n', 'privacy.shadowAia.candidates must be an integer >= 2 (got 1)');
    await expectRejected('p3.yml', 'privacy: {distance: {histogramBins: 0}}\n', 'privacy.distance.histogramBins must be an integer >= 1 (got 0)');
    await expectRejected('p4.yml', 'privacy: {distance: {histogramBinz: 10}}\n', 'unknown option "histogramBinz" in privacy.distance (did you mean "histogramBins"? known: columns, maxRows, miaRows, confidence, fprs, histogramBins)');
    await expectRejected('p5.yml', 'privacy: {domias: {density: kde}}\n', 'privacy.domias.density must be "chow-liu" or "knn" (got "kde")');
    await expectRejected('p6.yml', 'privacy: {shadow: {trainSize: 1.5}}\n', 'privacy.shadow.trainSize must be an integer >= 2 (got 1.5)');
    await expectRejected('p7.yml', 'privacy: {shadow: {vulnerability: {k: 0}}}\n', 'privacy.shadow.vulnerability.k must be an integer >= 1 (got 0)');
    await expectRejected('p8.yml', 'privacy: {shadow: {features: [naive, bogus]}}\n', 'privacy.shadow.features must be a non-empty list of feature families (naive, hist, corr, target) (got ["naive","bogus"])');
    await expectRejected('p9.yml', 'privacy: {singlingOut: {nColumns: 0}}\n', 'privacy.singlingOut.nColumns must be an integer >= 1 (got 0)');
    await expectRejected('p10.yml', 'privacy: {linkability: {neighbours: 0}}\n', 'privacy.linkability.neighbours must be an integer >= 1 (got 0)');
    await expectRejected('p11.yml', 'privacy: {inference: {tolerance: -0.1}}\n', 'privacy.inference.tolerance must be a number >= 0 (got -0.1)');
    await expectRejected('p12.yml', 'privacy: {generator: {options: {}}}\n', 'privacy option "generator" must be a generator name or {name, options} (got {"options":{}})');
  }, TIMEOUT);

  it('valid nested options pass the checks and the audit runs', async () => {
    const cfg = p('good.yml');
    writeFileSync(
      cfg,
      [
        'utility: {bootstrap: 0, models: [{type: tree, maxDepth: 4}, {type: logistic, C: 1}], importanceModel: 0, importanceRepeats: 1}',
        'privacy: {attacks: 20, distance: {histogramBins: 5}, domias: false, modelInference: false, singlingOut: {attacks: 5, nColumns: 2}, linkability: {neighbours: 2}, shadow: false, shadowAia: false}',
        'fidelity: {bootstrap: 0, bootstrapPairs: 0, pmse: false}',
        '',
      ].join('\n'),
    );
    const out = p('out-good');
    const r = await cli([...base, '--config', cfg, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(res.utility.models.map((m: { label: string }) => m.label)).toEqual(['tree(depth=4)', 'logistic(C=1)']);
    expect(res.privacy.distance.dcr.syntheticToTrain.histogram.counts).toHaveLength(5);
  }, TIMEOUT);
});

describe('runAudit checks every section\'s options before it reads a table or runs a section', () => {
  it('a bad option fails even when the input files do not exist, and no section is logged', async () => {
    const logs: string[] = [];
    const progress: Progress = { log: (m: string) => void logs.push(m), task: () => ({ tick() {}, done() {} }) };
    const missing = p('does-not-exist.csv');
    for (const [opts, message] of [
      [{ utility: { models: [{ type: 'tree', maxDepth: -2 }] } }, 'utility.models[0].maxDepth must be an integer >= 0 (got -2)'],
      [{ privacy: { shadow: { nTrainSets: 0 } } }, 'privacy.shadow.nTrainSets must be an integer >= 20 (fewer shadow sets give no meaningful interval) (got 0)'],
      [{ fidelity: { bootstrap: -1 } }, 'fidelity option "bootstrap" must be an integer >= 0 (got -1)'],
    ] as const) {
      const run = runAudit({ real: missing, holdout: missing, synthetic: missing, progress, ...(opts as object) });
      await expect(run).rejects.toThrow(UserError);
      await expect(run).rejects.toThrow(message);
    }
    expect(logs).toEqual([]);
  });

  it('the checks accept the documented defaults and valid extremes, and reject non-mappings', async () => {
    expect(() => checkUtilityOptions({})).not.toThrow();
    expect(() => checkUtilityOptions({ models: [{ type: 'boosting', maxDepth: 0, maxLeafNodes: 2, learningRate: 1 }], bootstrap: 0, inferentialC: null })).not.toThrow();
    expect(() => checkPrivacyOptions({ shadow: false, shadowAia: { candidates: 2, nTrainSets: 20 }, generator: 'independent', distance: { fprs: [0.1] } })).not.toThrow();
    expect(() => checkPrivacyOptions({ shadow: 3 })).toThrow('privacy option "shadow" must be false or a mapping of options (got 3)');
    expect(() => checkUtilityOptions({ models: [] })).toThrow('utility.models must be a non-empty list');
  });
});
