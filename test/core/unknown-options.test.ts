// A typo in any option name is an error, never silently ignored: the audit's own keys, every section's keys and every
// nested mapping (pMSE, each attack, the shadow vulnerability, the generator spec), the matchers' expectations, the config
// file and the CLI flags; each message suggests the nearest known name ("--tagret" -> "--target").
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, runAudit } from '../../src/app/audit.js';
import { UserError } from '../../src/errors.js';
import { closest, editDistance, knownHint } from '../../src/suggest.js';
import { parseArgs, type OptionSpec } from '../../src/app/args.js';
import { checkFidelityOptions, type FidelityOptions } from '../../metrics/fidelity/index.js';
import { checkUtilityOptions } from '../../metrics/utility/options.js';
import { checkPrivacyOptions, PRIVACY_SUBOPTION_KEYS } from '../../attacks/options.js';
import { validateConfig } from '../../src/app/config.js';
import { haveFidelity, resistMembershipInference } from '../../src/app/vitest.js';
import { baseResult, fidelitySection, privacySection } from '../reports/fixtures.js';
import { assertCliBuilt, cli } from '../helpers/spawn.js';
import { userErrorOf } from '../helpers/errors.js';

const userError = (f: () => unknown): string => userErrorOf(f).message;

describe('nearest-name suggestions', () => {
  it('edit distance counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('target', 'target')).toBe(0);
    expect(editDistance('tagret', 'target')).toBe(1); // transposition
    expect(editDistance('generater', 'generator')).toBe(1); // substitution
    expect(editDistance('bootstap', 'bootstrap')).toBe(1); // insertion
    expect(editDistance('seeds', 'seed')).toBe(1); // deletion
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, not full Damerau (which gives 2)
  });

  it('suggests only a name within a typo\'s reach, case-insensitively, the earlier of equally near names', () => {
    expect(closest('tagret', ['seed', 'target', 'sections'])).toBe('target');
    expect(closest('ntrees', ['nTrees', 'maxDepth'])).toBe('nTrees');
    expect(closest('frobnicate', ['seed', 'target'])).toBeUndefined();
    expect(closest('ab', ['abc', 'abd'])).toBe('abc');
    expect(closest('xyz', ['abc'])).toBeUndefined();
    expect(knownHint('generater', ['confidence', 'generator'])).toBe(' (did you mean "generator"? known: confidence, generator)');
    expect(knownHint('zzz', ['a', 'b'])).toBe(' (known: a, b)');
  });
});

describe('the CLI flags', () => {
  const specs: OptionSpec[] = [
    { name: 'real', type: 'string', help: '' },
    { name: 'synthetic', type: 'string', help: '' },
    { name: 'target', type: 'string', help: '' },
    { name: 'seed', type: 'number', help: '' },
  ];
  it('an unknown flag names the nearest known one (was: no suggestion for --tagret)', () => {
    expect(() => parseArgs(['--tagret', 'income'], specs, 'audit')).toThrow('unknown option --tagret for "synthaudit audit" (did you mean --target?); see synthaudit audit --help');
    expect(() => parseArgs(['--seeed=3'], specs, 'audit')).toThrow('(did you mean --seed?)');
    expect(() => parseArgs(['--syn', 'x.csv'], specs, 'audit')).toThrow('(did you mean --synthetic?)'); // a prefix
    expect(() => parseArgs(['--bogus'], specs, 'audit')).toThrow(/^unknown option --bogus for "synthaudit audit"; see/);
  });

  it('the compiled CLI says "did you mean --target?" for --tagret, exit 2, one line', async () => {
    assertCliBuilt();
    const r = await cli(['audit', '--real', 'a.csv', '--tagret', 'income'], undefined, { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['synthaudit: unknown option --tagret for "synthaudit audit" (did you mean --target?); see synthaudit audit --help']);
  }, 120_000);
});

describe('library options: unknown keys are errors at every level', () => {
  const missing = join(tmpdir(), 'synthaudit-no-such-file.csv');
  const base = { real: missing, holdout: missing, synthetic: missing };

  it('audit({ privacy: { generater } }) fails before any table is read, suggesting "generator" (was silently ignored)', async () => {
    const run = audit({ ...base, target: 'income', privacy: { generater: { name: 'marginal-dp', options: { epsilon: 1 } } } });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow('unknown privacy option "generater" (did you mean "generator"? known: confidence, fprs, secret, quasiIdentifiers, attacks, distance, domias, inference, modelInference, singlingOut, linkability, qiMatch, generator, shadow, shadowAia)');
  });

  it('the audit\'s own keys and every section\'s keys', async () => {
    await expect(runAudit({ ...base, targte: 'income' } as never)).rejects.toThrow('unknown audit option "targte" (did you mean "target"?');
    await expect(runAudit({ ...base, fidelity: { bootstap: 10 } })).rejects.toThrow('unknown fidelity option "bootstap" (did you mean "bootstrap"?');
    await expect(runAudit({ ...base, utility: { bootstraps: 10 } })).rejects.toThrow('unknown utility option "bootstraps" (did you mean "bootstrap"?');
    await expect(runAudit({ ...base, privacy: { atacks: 10 } })).rejects.toThrow('unknown privacy option "atacks" (did you mean "attacks"?');
  });

  it('nested mappings: pMSE, every attack, the shadow vulnerability, the generator spec', () => {
    expect(userError(() => checkFidelityOptions({ pmse: { permutatons: 30 } } as FidelityOptions))).toBe('unknown fidelity option "pmse.permutatons" (did you mean "permutations"? known: permutations, folds, minLeaf, maxDepth, maxLeafNodes, logisticAuc, logistic, tree)');
    for (const [k, known] of Object.entries(PRIVACY_SUBOPTION_KEYS)) {
      expect(userError(() => checkPrivacyOptions({ [k]: { zzTypo: 1 } }))).toBe(`unknown option "zzTypo" in privacy.${k} (known: ${known.join(', ')})`);
    }
    expect(userError(() => checkPrivacyOptions({ distance: { histogramBinz: 10 } }))).toContain('in privacy.distance (did you mean "histogramBins"?');
    expect(userError(() => checkPrivacyOptions({ shadow: { vulnerability: { kk: 2 } } }))).toBe('unknown option "kk" in privacy.shadow.vulnerability (did you mean "k"? known: k, maxCandidates, maxReference)');
    expect(userError(() => checkPrivacyOptions({ generator: { name: 'marginal-dp', option: { epsilon: 1 } } }))).toBe('unknown option "option" in privacy.generator (did you mean "options"? known: name, options)');
    expect(userError(() => checkUtilityOptions({ models: [{ type: 'forest', ntrees: 10 }] }))).toContain('unknown option "ntrees" for forest');
  });

  it('option values of the wrong type where a typo check alone would pass: booleans', () => {
    expect(userError(() => checkFidelityOptions({ matrices: 'no' } as unknown as FidelityOptions))).toBe('fidelity option "matrices" must be true or false (got "no")');
    expect(userError(() => checkFidelityOptions({ pmse: { tree: 0 } } as unknown as FidelityOptions))).toBe('fidelity option "pmse.tree" must be true or false (got 0)');
  });

  it('valid options still pass', () => {
    expect(() => checkFidelityOptions({ bootstrap: 0, matrices: false, pmse: { permutations: 20, tree: true, logistic: false } })).not.toThrow();
    expect(() => checkPrivacyOptions({ generator: { name: 'independent', options: {} }, shadow: { vulnerability: { k: 3 } }, distance: { histogramBins: 5 } })).not.toThrow();
  });
});

describe('the config file suggests the nearest key', () => {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sa-unknown-'))));
  it('top-level and section keys', () => {
    const cfg = join(dir, 'c.yml');
    writeFileSync(cfg, '');
    expect(userError(() => validateConfig({ tagret: 'income' }, cfg))).toContain('unknown config key "tagret" (did you mean "target"?');
    expect(userError(() => validateConfig({ privacy: { generater: 'independent' } }, cfg))).toContain('unknown privacy option "generater" (did you mean "generator"?');
    expect(userError(() => validateConfig({ fidelity: { pmse: { foldz: 3 } } }, cfg))).toContain('unknown fidelity option "pmse.foldz" (did you mean "folds"?');
  });
});

describe('the vitest matchers\' expectations', () => {
  const result = () => ({ ...baseResult(), fidelity: fidelitySection(), privacy: privacySection() }) as any;
  it('a misspelt threshold is an error, not a check silently left out', () => {
    // before: maxMean2wayTVD was ignored and the matcher passed on the 1-way TVD alone
    expect(() => haveFidelity(result(), { maxMeanTVD: 1, maxMean2wayTVD: 0.0001 } as never)).toThrow('toHaveFidelity: unknown option "maxMean2wayTVD" (did you mean "maxMean2WayTVD"? known: maxMeanTVD, maxMean2WayTVD)');
    expect(() => haveFidelity(result(), { maxMeanTvd: 1 } as never)).toThrow('toHaveFidelity: unknown option "maxMeanTvd" (did you mean "maxMeanTVD"?');
    expect(() => haveFidelity(result(), {} as never)).toThrow('toHaveFidelity: maxMeanTVD is required');
    expect(() => resistMembershipInference(result(), { maxAuc: 0.6 } as never)).toThrow('toResistMembershipInference: unknown option "maxAuc" (did you mean "maxAUC"?');
    expect(() => resistMembershipInference(result(), { maxAUC: '0.6' } as never)).toThrow('toResistMembershipInference: maxAUC must be a number (got "0.6")');
    expect(() => resistMembershipInference(result(), { maxAUC: 0.6, useUpperBound: 'yes' } as never)).toThrow('useUpperBound must be true or false');
    expect(haveFidelity(result(), { maxMeanTVD: 1, maxMean2WayTVD: 1 }).pass).toBe(true);
  });
});
