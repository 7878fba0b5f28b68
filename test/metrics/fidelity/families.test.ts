// The fidelity section as a registry of metric families (issue 10 item 6): each family fills one part of the result,
// the section runs them in order, and a family that reads a part computed by another runs after it.
import { describe, expect, test } from 'vitest';
import { FIDELITY_METRICS, FidelityRun, fidelity, pairLayout, runFamilies, type FidelityMetric, type FidelitySettings } from '../../../metrics/fidelity/index.js';
import { makeCtx, tableOf } from './ctx.js';

const real = tableOf('real.csv', { a: ['x', 'y', 'x', 'y', 'z', 'x', 'y', 'x'], b: ['p', 'p', 'q', 'q', 'p', 'q', 'p', 'p'], n: [1.5, 2, 3, 4, 5, 6, 7, 8], k: [10, 20, 10, 30, 20, 10, 40, 50] });
const syn = tableOf('syn.csv', { a: ['x', 'x', 'x', 'y', 'z', 'z', 'y', 'x'], b: ['q', 'p', 'q', 'q', 'p', 'p', 'p', 'q'], n: [1, 2.5, 3, 4, 9, 6, 7, 2], k: [10, 10, 10, 30, 20, 20, 40, 50] });
const hold = tableOf('hold.csv', { a: ['y', 'y', 'x', 'y', 'z', 'x', 'x', 'x'], b: ['p', 'q', 'q', 'q', 'p', 'q', 'p', 'q'], n: [2, 2, 3, 5, 5, 6, 8, 8], k: [20, 20, 10, 30, 20, 10, 40, 40] });
const settings: FidelitySettings = { B: 6, B2: 4, level: 0.95, alpha: 0.5, worstN: 10, matrixLimit: 60, matrixKeep: 20, pairsKept: 100, maxEx: 5 };

function newRun() {
  const ctx = makeCtx(real, hold, syn, 3);
  return { ctx, run: new FidelityRun(ctx, { bootstrap: 6, bootstrapPairs: 4, pmse: false }, settings, pairLayout(ctx.domain.columns.map((c) => c.nCodes))) };
}

describe('fidelity metric families', () => {
  test('the registry names every part of the result once, the summary (which reads the others) last', () => {
    const names = FIDELITY_METRICS.map((f) => f.name);
    expect([...names].sort()).toEqual(['checks', 'columns', 'coverage', 'cramersV', 'marginals', 'numeric', 'pairs', 'pmse', 'summary']);
    expect(names[names.length - 1]).toBe('summary');
  });

  test('running the families on a run gives the parts fidelity() returns', () => {
    const whole = fidelity(makeCtx(real, hold, syn, 3), { bootstrap: 6, bootstrapPairs: 4, pmse: false });
    const parts = runFamilies(newRun().run);
    for (const k of Object.keys(parts) as (keyof typeof parts)[]) expect(parts[k], k).toEqual(whole[k]);
  });

  test('one family runs on its own (the marginals read only the shared counts and replicates)', () => {
    const { run } = newRun();
    const marginals = FIDELITY_METRICS.find((f) => f.name === 'marginals')!;
    const parts = runFamilies(newRun().run);
    expect(marginals.run(run)).toEqual(parts.marginals);
    expect(run.parts).toEqual({}); // run() returns its part; only runFamilies stores it
  });

  test('a family that reads a part before it is computed fails naming the part', () => {
    const reordered: FidelityMetric[] = [FIDELITY_METRICS.find((f) => f.name === 'summary')!, ...FIDELITY_METRICS.filter((f) => f.name !== 'summary')];
    expect(() => runFamilies(newRun().run, reordered)).toThrow('fidelity: the "marginals" part is read before its family ran');
  });
});
