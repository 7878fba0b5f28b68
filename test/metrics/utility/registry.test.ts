// The utility section as a typed list of metrics (issue 10 item 2): each UTILITY_METRICS entry fills one key of
// UtilityResult from the shared run (metrics/utility/run.ts), independently of the others.

import { describe, expect, it } from 'vitest';
import { utility, prepareUtility, UTILITY_METRICS, type UtilityResult } from '../../../metrics/utility/index.js';
import { loadShared } from '../../helpers/data.js';
import { makeCtx } from './fixtures.js';

const SMALL_ZOO = [{ type: 'logistic', C: 1 }, { type: 'tree', maxDepth: 3 }, { type: 'naive-bayes' }];

describe('utility metrics registry', () => {
  const real = loadShared('german_credit', 'train');
  const holdout = loadShared('german_credit', 'holdout');
  const opts = { bootstrap: 20, models: SMALL_ZOO, importanceRepeats: 1 };

  it('names each metric part of the result once, in report order', () => {
    expect(UTILITY_METRICS.map((m) => m.name)).toEqual(['baseline', 'models', 'ranking', 'featureImportance', 'inferential']);
  });

  it('the section result is its header plus exactly the parts the metrics return; each part is the same when the metrics run alone or in reverse order', () => {
    const synthetic = loadShared('german_credit', 'holdout');
    const r = utility(makeCtx(real, holdout, synthetic, 'class', 3, opts)) as UtilityResult;
    expect(Object.keys(r).sort()).toEqual(['bootstrap', 'classes', 'conventions', 'higherIsBetter', 'metrics', 'positiveClass', 'primaryMetric', 'rows', 'target', 'task', 'verdicts', ...UTILITY_METRICS.map((m) => m.name)].sort());
    for (const m of [...UTILITY_METRICS].reverse()) {
      const run = prepareUtility(makeCtx(real, holdout, synthetic, 'class', 3, opts));
      if ('skipped' in run) throw new Error(run.reason);
      expect(JSON.stringify(m.run(run)), m.name).toBe(JSON.stringify(r[m.name]));
    }
    // a sanity check that the parts are not empty: TSTR beside TRTR for each of the three models
    expect(r.models.map((x) => x.tstr.rocAuc.baseline?.kind)).toEqual(['real', 'real', 'real']);
  });
});
