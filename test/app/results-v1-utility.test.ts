// results v1 -> v2 for the utility section: the converter applied to the v1 fixture (German credit, made on main before
// the change) equals the utility section the converted code writes now for the same inputs and seed, and the v2
// section validates against schema/results.schema.json (generated from the types). Plus the converter's rules on hand-made v1 nodes.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { audit } from '../../src/app/index.js';
import { utilityV1toV2, betterOfScore } from '../../src/app/results-v1/utility.js';
import { canonicalize, validateResult } from '../../reports/json.js';

const FIX = resolve(__dirname, '../fixtures');
const DATA = resolve(FIX, 'data/german_credit');

describe('utility results v1 -> v2', () => {
  it('converting the v1 German-credit utility section gives exactly what the v2 code writes (same inputs, same seed)', async () => {
    const v1 = JSON.parse(gunzipSync(readFileSync(resolve(FIX, 'results-v1/german-results-v1.json.gz'))).toString('utf8'));
    const result = await audit({
      real: resolve(DATA, 'train.csv.gz'),
      holdout: resolve(DATA, 'holdout.csv.gz'),
      synthetic: resolve(FIX, 'results-v1/german-synthetic.csv.gz'),
      target: 'class',
      sections: ['utility'],
    });
    const v2 = canonicalize(result);
    expect(validateResult(v2)).toEqual({ valid: true, errors: [] });
    // the converter works on the rounded numbers results.json holds; so does canonicalize
    expect(canonicalize({ utility: utilityV1toV2(v1.utility) }).utility).toEqual(v2.utility);
    // the schema tells the shapes apart: the v1 section, or a TSTR baseline of another kind, does not validate
    expect(validateResult({ ...v2, utility: v1.utility }).valid).toBe(false);
    const bad = structuredClone(v2);
    if (!bad.utility || 'skipped' in bad.utility) throw new Error('utility did not run');
    (bad.utility.models[0].tstr.rocAuc.baseline as { kind: string }).kind = 'holdout';
    expect(validateResult(bad).valid).toBe(false);
    // and the conversion moved something: no v1 spelling is left in the section
    const text = JSON.stringify(v2.utility);
    expect(text).not.toMatch(/"(lower|upper|estimate)":/);
    expect(JSON.stringify(v1.utility)).toMatch(/"lower":/);
  }, 60_000);

  it('maps a bootstrap estimate: interval from lower/upper, TSTR beside its TRTR (kind real), ratio beside 1, direction per score', () => {
    const v1 = {
      baseline: { description: 'd', scores: { logLoss: { value: 0.6, lower: 0.55, upper: 0.65 }, rocAuc: { value: 0.5, lower: 0.5, upper: 0.5 } } },
      models: [
        {
          label: 'm',
          trtr: { logLoss: { value: 0.5, lower: 0.45, upper: 0.55 }, rocAuc: { value: null, lower: null, upper: null, reason: 'undefined: the holdout has a single class' } },
          tstr: { logLoss: { value: 0.7, lower: 0.6, upper: 0.8 }, rocAuc: { value: null, lower: null, upper: null, reason: 'undefined: the holdout has a single class' } },
          ratio: { logLoss: { value: 1.4, lower: null, upper: null, reason: 'no bootstrap replicates requested' }, rocAuc: { value: null, lower: null, upper: null, reason: 'r' } },
        },
      ],
      ranking: { spearman: { value: 0.5, lower: -0.1, upper: 0.9 }, kendallTauB: { value: null, lower: null, upper: null, reason: 'fewer than 2 models' }, sra: { value: 1, lower: 1, upper: 1 } },
      featureImportance: { spearman: { value: -1 }, kendallTauB: { value: null, reason: 'an importance is undefined' }, topOverlap: 0.5 },
      inferential: { applicable: false, reason: 'regression target' },
    };
    const v2 = utilityV1toV2(v1) as typeof v1 & Record<string, unknown>;
    expect(v2.baseline.scores).toEqual({ logLoss: { value: 0.6, interval: [0.55, 0.65], better: 'lower' }, rocAuc: { value: 0.5, interval: [0.5, 0.5], better: 'higher' } });
    const m = v2.models[0];
    expect(m.trtr.logLoss).toEqual({ value: 0.5, interval: [0.45, 0.55], better: 'lower' });
    expect(m.tstr.logLoss).toEqual({ value: 0.7, interval: [0.6, 0.8], better: 'lower', baseline: { kind: 'real', value: 0.5, interval: [0.45, 0.55] } });
    // an undefined TRTR stays visible as the baseline (value null, no interval)
    expect(m.tstr.rocAuc).toEqual({ value: null, better: 'higher', reason: 'undefined: the holdout has a single class', baseline: { kind: 'real', value: null } });
    expect(m.ratio.logLoss).toEqual({ value: 1.4, better: 'lower', reason: 'no bootstrap replicates requested', baseline: { kind: 'real', value: 1 } });
    expect(m.label).toBe('m');
    expect(v2.ranking.spearman).toEqual({ value: 0.5, interval: [-0.1, 0.9], better: 'higher' });
    expect(v2.ranking.kendallTauB).toEqual({ value: null, better: 'higher', reason: 'fewer than 2 models' });
    expect(v2.featureImportance).toEqual({ spearman: { value: -1, better: 'higher' }, kendallTauB: { value: null, better: 'higher', reason: 'an importance is undefined' }, topOverlap: 0.5 });
    expect(v2.inferential).toEqual({ applicable: false, reason: 'regression target' });
    // the input is not modified
    expect(v1.models[0].tstr.logLoss).toEqual({ value: 0.7, lower: 0.6, upper: 0.8 });
  });

  it('maps coefficient fits: estimate -> value, Wald bounds -> interval, se kept; synthetic beside real (kind real) when real was estimated', () => {
    const v1 = {
      inferential: {
        applicable: true,
        coefficients: [
          { name: 'a', real: { estimate: 0.3, se: 0.1, lower: 0.1, upper: 0.5 }, synthetic: { estimate: 0.2, se: 0.1, lower: 0, upper: 0.4 }, overlap: { raw: 0.5, clipped: 0.5 }, signAgree: true },
          { name: 'b', real: null, synthetic: { estimate: 1, se: 1, lower: -1, upper: 3 }, overlap: { raw: null, clipped: null, reason: 'x' }, signAgree: null },
        ],
        meanOverlap: 0.5,
      },
    };
    const v2 = utilityV1toV2(v1) as { inferential: { coefficients: Record<string, unknown>[]; meanOverlap: number } };
    const [a, b] = v2.inferential.coefficients;
    expect(a.real).toEqual({ value: 0.3, interval: [0.1, 0.5], better: 'closer', se: 0.1 });
    expect(a.synthetic).toEqual({ value: 0.2, interval: [0, 0.4], better: 'closer', se: 0.1, baseline: { kind: 'real', value: 0.3, interval: [0.1, 0.5] } });
    expect(a.overlap).toEqual({ raw: 0.5, clipped: 0.5 });
    expect(b.real).toBeNull();
    expect(b.synthetic).toEqual({ value: 1, interval: [-1, 3], better: 'closer', se: 1 });
    expect(v2.inferential.meanOverlap).toBe(0.5);
  });

  it('leaves a skipped section as it is; score directions follow the metric', () => {
    expect(utilityV1toV2({ skipped: true, reason: 'no target' })).toEqual({ skipped: true, reason: 'no target' });
    expect(['accuracy', 'balancedAccuracy', 'macroF1', 'rocAuc', 'r2'].map(betterOfScore)).toEqual(['higher', 'higher', 'higher', 'higher', 'higher']);
    expect(['logLoss', 'mae', 'rmse'].map(betterOfScore)).toEqual(['lower', 'lower', 'lower']);
  });
});
