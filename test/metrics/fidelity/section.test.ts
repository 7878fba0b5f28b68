// fidelity(ctx) end to end on the shared Domain codes: exact extremes (identical tables, disjoint supports), a hand-worked
// 2x3 table through the pipeline, the checks, JSON safety and determinism.
import { beforeAll, describe, expect, test } from 'vitest';
import { fidelity, type FidelityResult } from '../../../metrics/fidelity/index.js';
import { loadShared, subsample } from '../../helpers/data.js';
import { makeCtx, tableOf } from './ctx.js';
import { UserError } from '../../../src/errors.js';

/** Every number in a plain-JSON value is finite; no typed arrays, functions or undefined values. */
function assertPlainJson(x: unknown, path = '$'): void {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Error(`${path} is ${x}`);
    return;
  }
  if (Array.isArray(x)) return x.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const [k, v] of Object.entries(x as object)) {
      if (v === undefined) throw new Error(`${path}.${k} is undefined`);
      assertPlainJson(v, `${path}.${k}`);
    }
    return;
  }
  throw new Error(`${path} is not plain JSON (${Object.prototype.toString.call(x)})`);
}

/** A table whose (A, B) contingency table is the given 2x3 counts (rows a1, a2; columns b1, b2, b3), plus a numeric column. */
function fromCounts(name: string, counts: number[]): ReturnType<typeof tableOf> {
  const A: string[] = [];
  const B: string[] = [];
  const X: number[] = [];
  counts.forEach((c, cell) => {
    for (let t = 0; t < c; t++) {
      A.push(cell < 3 ? 'a1' : 'a2');
      B.push(`b${(cell % 3) + 1}`);
      X.push(A.length % 37);
    }
  });
  return tableOf(name, { A, B, X });
}

const REAL = [10, 20, 30, 20, 10, 10];
const SYN = [20, 20, 20, 20, 10, 10];

describe('exact extremes', () => {
  test('identical tables: TVD, KL, JS, Hellinger, |dV|, KS, W1 and correlation differences are all 0', () => {
    const t = loadShared('german_credit', 'train');
    const r = fidelity(makeCtx(t, t, t), { bootstrap: 5, pmse: false });
    for (const c of r.columns) {
      expect(c.tvd.value).toBe(0);
      expect(c.kl.value).toBe(0);
      expect(c.js.value).toBe(0);
      expect(c.hellinger.value).toBe(0);
      expect(c.pairTvdMean.value).toBe(0);
      if (c.kind === 'numeric') {
        expect(c.ks!.value).toBe(0);
        expect(c.wasserstein!.value).toBe(0);
      }
    }
    expect(r.pairs.count).toBe(210); // 21 columns
    expect(r.pairs.tvd.max.value).toBe(0);
    expect(r.pairs.kl.max.value).toBe(0);
    expect(r.cramersV.uncorrected.maxAbsDiff.value).toBe(0);
    expect(r.cramersV.corrected.maxAbsDiff.value).toBe(0);
    expect(r.numeric.pearson!.diff.maxAbsDiff.value).toBe(0);
    expect(r.numeric.spearman!.diff.maxAbsDiff.value).toBe(0);
    expect(r.checks.outOfRange.every((c) => c.below + c.above === 0)).toBe(true);
    expect(r.checks.unseenCategories.every((c) => c.count === 0)).toBe(true);
  });

  test('disjoint categorical supports: TVD 1, JS 1, Hellinger 1; every synthetic cell reported unseen', () => {
    const real = tableOf('real.csv', { c: ['x', 'y', 'x', 'y', 'x', 'y'], d: ['p', 'q', 'p', 'q', 'p', 'q'] });
    const syn = tableOf('syn.csv', { c: ['u', 'v', 'u', 'v', 'u', 'w'], d: ['p', 'q', 'p', 'q', 'p', 'q'] });
    const r = fidelity(makeCtx(real, real, syn), { bootstrap: 0, pmse: false });
    const c = r.columns.find((x) => x.name === 'c')!;
    expect(c.tvd.value).toBe(1);
    expect(c.tvd.baseline?.value).toBe(0);
    expect(c.js.value).toBeCloseTo(1, 12);
    expect(c.hellinger.value).toBeCloseTo(1, 12);
    expect(r.pairs.list[0].tvd.value).toBe(1);
    const u = r.checks.unseenCategories.find((x) => x.column === 'c')!;
    expect(u.count).toBe(6);
    expect(u.examples).toEqual([
      { row: 1, value: 'u' },
      { row: 2, value: 'v' },
      { row: 6, value: 'w' },
    ]);
  });
});

describe('hand-worked 2x3 table through the shared Domain codes', () => {
  let r: FidelityResult;
  let A: FidelityResult['columns'][number];
  let B: FidelityResult['columns'][number];
  let AB: FidelityResult['pairs']['list'][number];
  beforeAll(() => {
    r = fidelity(makeCtx(fromCounts('real.csv', REAL), fromCounts('hold.csv', REAL), fromCounts('syn.csv', SYN)), { bootstrap: 0, pmse: false });
    A = r.columns.find((c) => c.name === 'A')!;
    B = r.columns.find((c) => c.name === 'B')!;
    AB = r.pairs.list.find((p) => p.a === 'A' && p.b === 'B')!;
  });
  test('1-way TVD: A margins equal (60/40), B margins 30/30/40 vs 40/30/30 -> 0.1', () => {
    expect(A.tvd.value).toBe(0);
    expect(B.tvd.value).toBeCloseTo(0.1, 12);
    expect(B.cells).toBe(5); // 3 levels + missing + unseen
  });
  test('2-way TVD = 0.1 and the holdout floor (identical to real) = 0', () => {
    expect(AB.tvd.value).toBeCloseTo(0.1, 12);
    expect(AB.tvd.baseline?.value).toBe(0);
  });
  test('KL smoothing covers every domain cell (incl. missing and unseen codes): 5 cells 1-way, 4 x 5 cells 2-way', () => {
    // B: real (b3 40, b1 30, b2 30, missing 0, unseen 0), syn (b3 30, b1 40, b2 30, 0, 0); + 0.5 each -> totals 102.5
    const kl1 = (40.5 * Math.log(40.5 / 30.5) + 30.5 * Math.log(30.5 / 40.5)) / 102.5;
    expect(B.kl.value).toBeCloseTo(kl1, 12);
    // pair: 20 cells * 0.5 = 10 added -> totals 110; only cells (a1,b1) 10 vs 20 and (a1,b3) 30 vs 20 differ
    const kl2 = (10.5 * Math.log(10.5 / 20.5) + 30.5 * Math.log(30.5 / 20.5)) / 110;
    expect(AB.kl.value).toBeCloseTo(kl2, 12);
  });
  test("Cramér's V over occurring levels equals the hand value on the 2x3 table", () => {
    const chi2 = 475 / 36;
    expect(AB.v.real).toBeCloseTo(Math.sqrt(chi2 / 100), 12);
    const phi2c = chi2 / 100 - 2 / 99;
    expect(AB.vCorrected.real).toBeCloseTo(Math.sqrt(phi2c / (1 - 1 / 99)), 12);
    // synthetic table [[20,20,20],[20,10,10]]: E = [[24,18,18],[16,12,12]]; chi2 = 16/24+4/18+4/18+16/16+4/12+4/12
    const chi2s = 16 / 24 + 4 / 18 + 4 / 18 + 1 + 4 / 12 + 4 / 12;
    expect(AB.v.synthetic).toBeCloseTo(Math.sqrt(chi2s / 100), 12);
    const w = r.cramersV.uncorrected.worst.find((x) => x.a === 'A' && x.b === 'B')!;
    expect(w.diff).toBeCloseTo(Math.sqrt(chi2s / 100) - Math.sqrt(chi2 / 100), 10);
  });
});

describe('fit-for-purpose checks', () => {
  test('out-of-range numeric values and constraint violations with examples; holdout counts as the floor', () => {
    const real = tableOf('real.csv', { age: [20, 30, 40, 50, 60, 25], sex: ['M', 'F', 'M', 'F', 'M', 'F'], rel: ['H', 'W', 'H', 'W', 'H', 'N'] });
    const hold = tableOf('hold.csv', { age: [19, 30, 40, 50, 60, 25], sex: ['M', 'F', 'M', 'F', 'M', 'F'], rel: ['H', 'W', 'H', 'W', 'H', 'N'] });
    const syn = tableOf('syn.csv', { age: [-1, 30, 70, 50, 80, null], sex: ['M', 'M', 'M', 'F', 'M', 'F'], rel: ['H', 'H', 'H', 'W', 'H', 'N'] });
    const r = fidelity(makeCtx(real, hold, syn), { bootstrap: 0, pmse: false, constraints: ['age >= 0', 'rel == "W" -> sex == "F"', 'rel == "H" -> sex == "M"'] });
    const o = r.checks.outOfRange.find((c) => c.column === 'age')!;
    expect(o).toMatchObject({ realMin: 20, realMax: 60, below: 1, above: 2, holdoutCount: 1 });
    expect(o.rate).toBeCloseTo(3 / 6, 12);
    expect(o.examples).toEqual([
      { row: 1, value: -1 },
      { row: 3, value: 70 },
      { row: 5, value: 80 },
    ]);
    const [c1, c2, c3] = r.checks.constraints;
    expect(c1).toMatchObject({ violations: 1, unknown: 1, realViolations: 0 });
    expect(c2).toMatchObject({ violations: 0, unknown: 0 });
    expect(c3).toMatchObject({ violations: 0 });
    const r2 = fidelity(makeCtx(real, hold, syn), { bootstrap: 0, pmse: false, constraints: ['sex == "M"'] });
    expect(r2.checks.constraints[0]).toMatchObject({ violations: 2, realViolations: 3 });
  });
  test('bad options from a config file are one-line UserErrors naming the option', () => {
    const t = tableOf('t.csv', { a: [1, 2, 3, 4, 5, 6.5] });
    const ctx = makeCtx(t, t, t);
    expect(() => fidelity(ctx, { bootstrap: -1 })).toThrow(/fidelity option "bootstrap" must be an integer >= 0 \(got -1\)/);
    expect(() => fidelity(ctx, { ciLevel: 95 })).toThrow(/"ciLevel" must be a number in \(0, 1\)/);
    expect(() => fidelity(ctx, { constraints: 'age >= 0' as unknown as string[] })).toThrow(/"constraints" must be a list of strings/);
    expect(() => fidelity(ctx, { pmse: { permutations: 5 } })).toThrow(/"pmse.permutations" must be an integer >= 20/);
    // options also come through ctx.options.fidelity (the CLI / config path)
    expect(() => fidelity(makeCtx(t, t, t, 7, { fidelity: { klAlpha: 'x' } }))).toThrow(UserError);
  });
  test('a bad constraint is a UserError naming it', () => {
    const t = tableOf('t.csv', { a: [1, 2, 3, 4, 5, 6.5] });
    expect(() => fidelity(makeCtx(t, t, t), { bootstrap: 0, pmse: false, constraints: ['b >= 0'] })).toThrow(/constraint "b >= 0": unknown column "b"/);
  });
});

describe('degenerate shapes', () => {
  test('a single column: no pairs (nulls, no NaN), pMSE still runs', () => {
    const real = tableOf('r.csv', { a: ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'x', 'y', 'x'] });
    const syn = tableOf('s.csv', { a: ['x', 'x', 'x', 'y', 'x', 'x', 'x', 'x', 'y', 'x'] });
    const r = fidelity(makeCtx(real, real, syn), { bootstrap: 10, bootstrapPairs: 10 });
    assertPlainJson(r);
    expect(r.pairs.count).toBe(0);
    expect(r.pairs.tvd.mean.value).toBeNull();
    expect(r.columns[0].tvd.value).toBeCloseTo(0.2, 12);
    expect(r.columns[0].pairTvdMean.value).toBeNull();
    expect('skipped' in r.pmse).toBe(false);
  });
});

describe('result shape', () => {
  const real = subsample(loadShared('german_credit', 'train'), 300, 1);
  const hold = loadShared('german_credit', 'holdout');
  const syn = subsample(loadShared('german_credit', 'train'), 300, 2);
  const run = (seed: number): FidelityResult => fidelity(makeCtx(real, hold, syn, seed), { bootstrap: 20, bootstrapPairs: 10, constraints: ['age >= 18'], pmse: { folds: 3 } });
  test('plain JSON (finite numbers or null), identical for the same seed, intervals change with the seed only', () => {
    const a = run(11);
    assertPlainJson(a);
    const b = run(11);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = run(12);
    expect(c.columns.map((x) => x.tvd.value)).toEqual(a.columns.map((x) => x.tvd.value));
    expect(JSON.stringify(c.columns.map((x) => x.tvd.interval))).not.toBe(JSON.stringify(a.columns.map((x) => x.tvd.interval)));
    // pMSE point values do not depend on the seed; the permutation null and CV folds do
    if ('skipped' in a.pmse || 'skipped' in c.pmse) throw new Error('pMSE skipped');
    expect(c.pmse.synthetic.logistic!.pmse).toBe(a.pmse.synthetic.logistic!.pmse);
    expect(c.pmse.synthetic.tree!.pmse).toBe(a.pmse.synthetic.tree!.pmse);
    expect(c.pmse.synthetic.tree!.permutationMean).not.toBe(a.pmse.synthetic.tree!.permutationMean);
  });
  test('difference matrices are synthetic - real (and holdout - real) of the V and correlation matrices', () => {
    const a = run(11);
    const M = a.cramersV.matrices!.corrected;
    const names = a.cramersV.matrices!.columns;
    const p = a.pairs.list[7];
    const i = names.indexOf(p.a);
    const j = names.indexOf(p.b);
    expect(M.real[i][j]).toBe(p.vCorrected.real);
    expect(M.real[j][i]).toBe(p.vCorrected.real);
    expect(M.diff[i][j]).toBeCloseTo(p.vCorrected.synthetic! - p.vCorrected.real!, 15);
    expect(M.floorDiff[j][i]).toBeCloseTo(p.vCorrected.holdout! - p.vCorrected.real!, 15);
    expect(M.diff[i][i]).toBeNull();
    const P = a.numeric.pearson!;
    expect(P.diffMatrix[0][1]).toBeCloseTo(P.synthetic[0][1]! - P.real[0][1]!, 15);
    expect(P.real[0][0]).toBe(1);
  });
  test('summary items carry value, floor, intervals and a short text', () => {
    const a = run(11);
    const first = a.summary.overall[0];
    expect(first.metric).toBe('mean 1-way TVD');
    expect(first.value).toBeCloseTo(a.columns.reduce((s, c) => s + c.tvd.value!, 0) / a.columns.length, 12);
    expect(first.baseline?.value).toBeCloseTo(a.columns.reduce((s, c) => s + c.tvd.baseline!.value!, 0) / a.columns.length, 12);
    expect(first.interval![0]).toBeLessThanOrEqual(first.value!);
    expect(first.interval![1]).toBeGreaterThanOrEqual(first.value!);
    expect(first.text).toMatch(/^mean 1-way TVD 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] \(holdout floor 0\.\d{3} \[/);
    // results v2: one Measure shape, the holdout floor as baseline with its own interval, no v1 field names
    expect(first.better).toBe('lower');
    expect(first.baseline).toEqual({ kind: 'holdout', value: first.baseline!.value, interval: a.marginals.tvd.mean.baseline!.interval });
    expect(first.interval).toEqual(a.marginals.tvd.mean.interval);
    expect(a.marginals.tvd.mean.better).toBe('lower');
    for (const x of [first, a.columns[0].tvd, a.columns[0].kl, a.pairs.tvd.worst[0], a.pairs.list[0].js, a.cramersV.corrected.meanAbsDiff, a.numeric.ks.mean]) {
      expect(Object.keys(x).filter((k) => ['floor', 'ci', 'floorCi'].includes(k))).toEqual([]);
      expect(x.baseline?.kind).toBe('holdout');
      expect(x.better).toBe('lower');
    }
    // KL, JS and Hellinger have no bootstrap: no interval at all (not a null one)
    expect('interval' in a.columns[0].kl).toBe(false);
    expect('interval' in a.columns[0].kl.baseline!).toBe(false);
    expect(a.summary.perColumn.length).toBe(a.columns.length);
    expect(a.pairs.tvd.worst.length).toBe(10);
    const w = a.pairs.tvd.worst;
    for (let i = 1; i < w.length; i++) expect(w[i - 1].value).toBeGreaterThanOrEqual(w[i].value);
    expect(w[0].value).toBe(a.pairs.tvd.max.value);
  });
});
