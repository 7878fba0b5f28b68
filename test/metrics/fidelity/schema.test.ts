// schema/results.schema.json#/definitions/FidelityResult (generated from the types; draft-07, ajv 8) describes what fidelity() returns, with and without pMSE and checks.
import { definitionValidator } from '../../../reports/json.js';
import { describe, expect, test } from 'vitest';
import { fidelity } from '../../../metrics/fidelity/index.js';
import { loadShared, subsample } from '../../helpers/data.js';
import { makeCtx, tableOf } from './ctx.js';

// the FidelityResult part of schema/results.schema.json (generated from the result types)
const validate = definitionValidator('FidelityResult');
const check = (x: unknown) => {
  const ok = validate(JSON.parse(JSON.stringify(x)));
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
  expect(ok).toBe(true);
};

describe('fidelity schema', () => {
  test('German credit subsample with pMSE, constraints and intervals validates', () => {
    const real = subsample(loadShared('german_credit', 'train'), 400, 1);
    const syn = subsample(loadShared('german_credit', 'train'), 300, 2);
    const r = fidelity(makeCtx(real, loadShared('german_credit', 'holdout'), syn), { bootstrap: 10, bootstrapPairs: 5, constraints: ['age >= 18', 'duration > 0 -> credit_amount > 0'], pmse: { permutations: 20, folds: 3 } });
    check(r);
    expect('skipped' in r.pmse).toBe(false);
  });
  test('a tiny table without numeric pairs, intervals or pMSE validates, and a broken result does not', () => {
    const t = tableOf('t.csv', { a: ['x', 'y', 'x', 'y', 'z', 'x'], b: ['p', 'p', 'q', 'q', 'p', 'q'], n: [1.5, 2, 3, 4, 5, 6] });
    const r = fidelity(makeCtx(t, t, t), { bootstrap: 0, bootstrapPairs: 0, pmse: false });
    check(r);
    expect(r.numeric.pearson).toBeNull();
    const broken = JSON.parse(JSON.stringify(r));
    broken.columns[0].tvd.value = 'zero';
    expect(validate(broken)).toBe(false);
    // results v2: a v1 field beside a measure, or a baseline of another kind, is not the fidelity shape
    const v1Field = JSON.parse(JSON.stringify(r));
    v1Field.columns[0].tvd.floor = 0;
    expect(validate(v1Field)).toBe(false);
    const otherKind = JSON.parse(JSON.stringify(r));
    otherKind.marginals.tvd.mean.baseline.kind = 'ideal';
    expect(validate(otherKind)).toBe(false);
  });
});
