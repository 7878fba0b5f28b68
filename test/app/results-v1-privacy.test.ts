// privacyV1toV2 against the real thing: the results-v1 fixture (German credit, made on main before results v2) converted
// must deep-equal the privacy section this code writes for the same inputs, options and seed; plus hand-made v1 nodes.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { audit } from '../../src/app/index.js';
import { renderJson } from '../../reports/json.js';
import { redactExamples } from '../../reports/redact.js';
import { privacyV1toV2 } from '../../src/app/results-v1/privacy.js';
import { withoutAddedAfterV1 } from '../helpers/results-v1.js';

const F = 'test/fixtures/data/german_credit';
const V1 = 'test/fixtures/results-v1';

describe('privacyV1toV2', () => {
  it('converts the v1 fixture into exactly the privacy section written now (same inputs, --shadow-sets 40, default seed)', async () => {
    const v1 = JSON.parse(gunzipSync(readFileSync(`${V1}/german-results-v1.json.gz`)).toString('utf8'));
    // the options `audit --target class --generator independent --shadow-sets 40` builds (src/app/commands.ts)
    const result = await audit({
      real: `${F}/train.csv.gz`,
      holdout: `${F}/holdout.csv.gz`,
      synthetic: `${V1}/german-synthetic.csv.gz`,
      target: 'class',
      sections: ['privacy'],
      privacy: { generator: { name: 'independent', options: {} }, shadow: { nTrainSets: 20, nTestSets: 20 } },
    });
    // as `audit --out` writes results.json (examples redacted, 6 significant digits, non-finite as null)
    const v2 = JSON.parse(renderJson(redactExamples(result))).privacy;
    expect(v2.distance.mia.auc.baseline).toEqual({ kind: 'chance', value: 0.5 });
    // every key but those v1 never had (listed in test/helpers/results-v1.ts, each checked present in v2)
    expect(privacyV1toV2(v1.privacy)).toEqual(withoutAddedAfterV1(v2, 'privacy'));
  });

  it('moves lo/hi into interval and ideal / a numeric baseline into a baseline with its kind, keeping detail fields', () => {
    const v1 = {
      distance: {
        dcrShare: { value: 0.7, lo: 0.6, hi: 0.8, closerToTrain: 7, closerToHoldout: 3, ties: 0, ideal: 0.5, trainRows: 5, holdoutRows: 5, pValue: 0.17 },
        dcrSharePermutation: { value: 0.7, lo: 0.65, hi: 0.75, baseline: 0.5, nullMean: 0.49, nullSd: 0.02, permutations: 100, pValue: 0.01, method: 'm' },
        exactCopies: {
          train: { value: 0.1, lo: 0.05, hi: 0.2, count: 10, n: 100 },
          holdout: { value: 0, lo: 0, hi: 0.04, count: 0, n: 100 },
          holdoutInTrain: { value: 0.02, lo: 0.01, hi: 0.07, count: 2, n: 100 },
          trainInHoldout: { value: 0.03, lo: 0.01, hi: 0.08, count: 3, n: 100 },
          duplicates: { train: { rows: 0, groups: 0 }, holdout: { rows: 0, groups: 0 } },
          trainExcess: { value: 0.08, lo: 0.01, hi: 0.15, baseline: 0, copies: 10, n: 100, rate: 0.1, freshRate: 0.02, freshCopies: 2, freshN: 100, pValue: 0.02, method: 'f' },
        },
        mia: { auc: { value: 0.6, lo: 0.5, hi: 0.7, se: 0.05 }, tprAtFpr: [{ fpr: 0.01, tpr: 0.03, achievedFpr: 0.01, lo: 0.01, hi: 0.09, resolvable: true }], baseline: { auc: 0.5, note: 'n' } },
      },
      domias: { skipped: true, reason: 'too few holdout rows' },
      inference: { secret: 's', train: { value: 0.6, lo: 0.5, hi: 0.7, successes: 60, attacks: 100 }, control: { value: 0.5, lo: 0.4, hi: 0.6, successes: 50, attacks: 100 }, randomGuess: { value: 0.3, lo: 0.2, hi: 0.4, successes: 30, attacks: 100 }, risk: null },
      linkability: { train: { value: 0.2, lo: 0.1, hi: 0.3, successes: 2, attacks: 10 }, control: { value: 0.1, lo: 0, hi: 0.2, successes: 1, attacks: 10 }, risk: { value: 0.11, error: 0.2, lo: -0.09, hi: 0.31, clipped: { value: 0.11, lo: 0, hi: 0.31 } } },
    };
    const v2 = privacyV1toV2(v1) as Record<string, any>;
    expect(v2.distance.dcrShare).toEqual({ value: 0.7, interval: [0.6, 0.8], baseline: { kind: 'ideal', value: 0.5 }, better: 'lower', closerToTrain: 7, closerToHoldout: 3, ties: 0, trainRows: 5, holdoutRows: 5, pValue: 0.17 });
    expect(v2.distance.dcrSharePermutation).toEqual({ value: 0.7, interval: [0.65, 0.75], baseline: { kind: 'chance', value: 0.5 }, better: 'lower', nullMean: 0.49, nullSd: 0.02, permutations: 100, pValue: 0.01, method: 'm' });
    expect(v2.distance.exactCopies.train).toEqual({ value: 0.1, interval: [0.05, 0.2], baseline: { kind: 'holdout', value: 0.02, interval: [0.01, 0.07] }, better: 'lower', count: 10, n: 100 });
    expect(v2.distance.exactCopies.holdout.baseline).toEqual({ kind: 'holdout', value: 0.03, interval: [0.01, 0.08] });
    expect(v2.distance.exactCopies.holdoutInTrain).toEqual({ value: 0.02, interval: [0.01, 0.07], better: 'lower', count: 2, n: 100 });
    expect(v2.distance.exactCopies.trainExcess).toEqual({ value: 0.08, interval: [0.01, 0.15], baseline: { kind: 'holdout', value: 0 }, better: 'lower', copies: 10, n: 100, rate: 0.1, freshRate: 0.02, freshCopies: 2, freshN: 100, pValue: 0.02, method: 'f' });
    expect(v2.distance.exactCopies.duplicates).toEqual(v1.distance.exactCopies.duplicates);
    expect(v2.distance.mia.auc).toEqual({ value: 0.6, interval: [0.5, 0.7], baseline: { kind: 'chance', value: 0.5 }, better: 'lower', se: 0.05 });
    expect(v2.distance.mia.tprAtFpr).toEqual([{ value: 0.03, interval: [0.01, 0.09], baseline: { kind: 'chance', value: 0.01 }, better: 'lower', fpr: 0.01, achievedFpr: 0.01, resolvable: true }]);
    expect(v2.distance.mia.baseline).toEqual({ auc: 0.5, note: 'n' });
    expect(v2.domias).toEqual({ skipped: true, reason: 'too few holdout rows' });
    expect(v2.inference.train).toEqual({ value: 0.6, interval: [0.5, 0.7], baseline: { kind: 'holdout', value: 0.5, interval: [0.4, 0.6] }, better: 'lower', successes: 60, attacks: 100 });
    expect(v2.inference.control).toEqual({ value: 0.5, interval: [0.4, 0.6], better: 'lower', successes: 50, attacks: 100 });
    expect(v2.inference.randomGuess).toEqual({ value: 0.3, interval: [0.2, 0.4], better: 'lower', successes: 30, attacks: 100 });
    expect(v2.inference.risk).toBeNull();
    expect(v2.linkability.risk).toEqual({
      value: 0.11,
      interval: [-0.09, 0.31],
      baseline: { kind: 'ideal', value: 0 },
      better: 'lower',
      error: 0.2,
      clipped: { value: 0.11, interval: [0, 0.31], baseline: { kind: 'ideal', value: 0 }, better: 'lower' },
    });
    // the input is not modified
    expect(v1.distance.dcrShare.ideal).toBe(0.5);
  });

  it('passes a skipped section through', () => {
    expect(privacyV1toV2({ skipped: true, reason: 'not requested' })).toEqual({ skipped: true, reason: 'not requested' });
  });
});
