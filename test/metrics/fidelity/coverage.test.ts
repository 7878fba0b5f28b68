// Category and range coverage (metrics/fidelity/coverage.ts, docs/definitions.md#coverage): the building blocks on
// hand-worked values and SDMetrics' formula, the section on tiny tables worked by hand, the extremes (identical tables,
// half the categories, disjoint ranges, a constant real column, an all-missing synthetic column), and German credit
// against an independent recomputation from the raw cells.
import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { categoryCoverage, fidelity, presentRange, rangeCoverage, type CoverageColumn, type CoverageSection } from '../../../metrics/fidelity/index.js';
import { loadTable, type Table } from '../../../src/table.js';
import { Rng } from '../../../src/rng.js';
import { loadShared } from '../../helpers/data.js';
import { makeCtx, tableOf } from './ctx.js';
import type { PrepareOptions } from '../../../src/prepare.js';

/** The coverage part of the fidelity section (no bootstrap, no pMSE: coverage uses neither). */
function coverageOf(real: Table, hold: Table, syn: Table, prep: PrepareOptions = {}): CoverageSection {
  const cov = fidelity(makeCtx(real, hold, syn, 1, {}, prep), { bootstrap: 0, bootstrapPairs: 0, pmse: false }).coverage;
  expect(cov).toBeDefined();
  return cov!;
}

function col(c: CoverageSection, name: string): CoverageColumn {
  const x = c.columns.find((k) => k.column === name);
  expect(x, name).toBeDefined();
  return x!;
}

describe('coverage building blocks', () => {
  test('category coverage: categories with a positive real count, missing and unseen codes not counted', () => {
    // codes 0..2 are the levels, 3 missing, 4 unseen
    expect(categoryCoverage([3, 2, 1, 4, 0], [1, 0, 4, 5, 2], 3)).toEqual({ real: 3, covered: 2, value: 2 / 3 });
    expect(categoryCoverage([3, 2, 1, 4, 0], [0, 0, 0, 9, 9], 3)).toEqual({ real: 3, covered: 0, value: 0 });
    expect(categoryCoverage([3, 0, 1, 0, 0], [0, 5, 1, 0, 0], 3)).toEqual({ real: 2, covered: 1, value: 0.5 }); // a level with real count 0 is no category
    expect(categoryCoverage([0, 0, 0, 6, 0], [1, 1, 1, 0, 0], 3).value).toBeNaN();
  });

  test('range coverage by hand: inside, one side, beyond both ends, disjoint, constant, empty', () => {
    expect(rangeCoverage(0, 10, [2, 7])).toBeCloseTo(0.5, 15);
    expect(rangeCoverage(0, 10, [-5, 4])).toBeCloseTo(0.4, 15);
    expect(rangeCoverage(0, 10, [3, 25])).toBeCloseTo(0.7, 15);
    expect(rangeCoverage(0, 10, [-1, 11])).toBe(1); // going beyond the real range is not rewarded
    expect(rangeCoverage(0, 10, [0, 10])).toBe(1);
    expect(rangeCoverage(0, 10, [20, 30])).toBe(0); // SDMetrics' raw score 1 - (2 + 0) = -1, clipped
    expect(rangeCoverage(0, 10, [-30, -20])).toBe(0);
    expect(rangeCoverage(0, 10, [4, 4])).toBe(0); // a single point covers no length
    expect(rangeCoverage(5, 5, [1, 9])).toBeNaN();
    expect(rangeCoverage(0, 10, null)).toBe(0);
  });

  test("range coverage = SDMetrics' formula = |real ∩ synthetic| / |real| on random intervals", () => {
    const rng = new Rng(11);
    for (let t = 0; t < 500; t++) {
      const u = () => Math.round((rng.random() * 40 - 20) * 4) / 4; // quarter steps: ties and touching ends happen
      const [a, b] = [u(), u()].sort((x, y) => x - y);
      const [c, e] = [u(), u()].sort((x, y) => x - y);
      const got = rangeCoverage(a, b, [c, e]);
      if (!(b > a)) {
        expect(got).toBeNaN();
        continue;
      }
      const sdmetrics = Math.max(0, 1 - (Math.max((c - a) / (b - a), 0) + Math.max((b - e) / (b - a), 0)));
      const overlap = Math.max(0, Math.min(b, e) - Math.max(a, c)) / (b - a);
      expect(got).toBeCloseTo(sdmetrics, 12);
      expect(got).toBeCloseTo(overlap, 12);
    }
  });

  test('present range skips NaN (missing); null when nothing is present', () => {
    expect(presentRange(Float64Array.from([NaN, 3, -1, NaN, 7]))).toEqual([-1, 7]);
    expect(presentRange(Float64Array.from([NaN, NaN]))).toBeNull();
    expect(presentRange(new Float64Array(0))).toBeNull();
  });
});

describe('coverage section', () => {
  test('tiny tables worked by hand: per column, baseline = the holdout, and the mean', () => {
    const real = tableOf('real.csv', { c: ['a', 'a', 'b', 'c', null, 'b'], x: [0, 2, 4, 6, 8, 10] });
    // c: a, b of {a, b, c} (zz is unseen, missing is no category) -> 2/3; x: [1, 12] covers [1, 10] of [0, 10] -> 0.9
    const syn = tableOf('syn.csv', { c: ['a', 'a', 'a', 'b', 'zz', null], x: [1, 3, 5, 5, 12, null] });
    // c: all three -> 1; x: [2, 9] -> 0.7
    const hold = tableOf('hold.csv', { c: ['c', 'c', 'b', 'a', 'a', 'a'], x: [2, 2, 3, 9, null, 4] });
    const cov = coverageOf(real, hold, syn);
    const c = col(cov, 'c');
    expect(c.kind).toBe('categorical');
    expect(c.metric).toBe('category');
    expect(c.value).toBeCloseTo(2 / 3, 15);
    expect(c.better).toBe('higher');
    expect(c.baseline).toEqual({ kind: 'holdout', value: 1 });
    expect(c.interval).toBeUndefined();
    expect(c.categories).toEqual({ real: 3, synthetic: 2, holdout: 3 });
    const x = col(cov, 'x');
    expect(x.kind).toBe('numeric');
    expect(x.metric).toBe('range');
    expect(x.value).toBeCloseTo(0.9, 15);
    expect(x.baseline?.kind).toBe('holdout');
    expect(x.baseline?.value).toBeCloseTo(0.7, 15);
    expect(x.range).toEqual({ real: [0, 10], synthetic: [1, 12], holdout: [2, 9] });
    expect(cov.mean.value).toBeCloseTo((2 / 3 + 0.9) / 2, 15);
    expect(cov.mean.baseline?.value).toBeCloseTo((1 + 0.7) / 2, 15);
    expect(cov.mean.better).toBe('higher');
    expect(cov.undefinedColumns).toBe(0);
  });

  test('identical tables: every coverage and the mean are 1', () => {
    const real = tableOf('real.csv', { c: ['a', 'b', 'c', 'd', 'a', null], x: [0.5, 1.5, 2, 7.25, 3, 9] });
    const cov = coverageOf(real, real, real);
    for (const k of cov.columns) {
      expect(k.value, k.column).toBe(1);
      expect(k.baseline?.value, k.column).toBe(1);
    }
    expect(cov.mean.value).toBe(1);
    expect(cov.mean.baseline?.value).toBe(1);
  });

  test('a synthetic table with half the categories: 0.5; the holdout with all of them: baseline 1', () => {
    const real = tableOf('real.csv', { c: ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'] });
    const syn = tableOf('syn.csv', { c: ['a', 'a', 'b', 'b', 'a', 'b', 'a', 'b'] });
    const hold = tableOf('hold.csv', { c: ['d', 'c', 'b', 'a', 'a', 'a', 'a', 'a'] });
    const cov = coverageOf(real, hold, syn);
    expect(col(cov, 'c').value).toBe(0.5);
    expect(col(cov, 'c').categories).toEqual({ real: 4, synthetic: 2, holdout: 4 });
    expect(col(cov, 'c').baseline?.value).toBe(1);
    expect(cov.mean.value).toBe(0.5);
  });

  test('disjoint numeric ranges: 0, above or below the real range', () => {
    const real = tableOf('real.csv', { x: [0, 1.5, 3, 4.5, 6, 7.5, 9, 10] });
    const above = tableOf('syn.csv', { x: [20, 21.5, 23, 30, 22, 25, 26, 27] });
    const below = tableOf('syn.csv', { x: [-9, -8.5, -3, -1, -2, -5, -6, -7] });
    expect(col(coverageOf(real, real, above), 'x').value).toBe(0);
    expect(col(coverageOf(real, real, below), 'x').value).toBe(0);
    expect(col(coverageOf(real, real, below), 'x').baseline?.value).toBe(1);
  });

  test('a constant real column is undefined (null with a reason, left out of the mean); an all-missing synthetic column covers 0', () => {
    const real = tableOf('real.csv', { k: [1.5, 1.5, 1.5, 1.5], x: [0, 1.5, 2.5, 4], c: ['a', 'b', 'a', 'b'] });
    const syn = tableOf('syn.csv', { k: [1.5, 2.5, 0.5, 1.5], x: [null, null, null, null], c: [null, null, null, null] });
    const hold = tableOf('hold.csv', { k: [1.5, 1.5, 1.5, 1.5], x: [0, 1.5, 2.5, 4], c: ['a', 'a', 'a', 'b'] });
    const cov = coverageOf(real, hold, syn);
    const k = col(cov, 'k');
    expect(k.kind).toBe('numeric');
    expect(k.value).toBeNull();
    expect(k.baseline).toEqual({ kind: 'holdout', value: null });
    expect(k.reason).toMatch(/constant/);
    expect(col(cov, 'x').value).toBe(0);
    expect(col(cov, 'x').range).toEqual({ real: [0, 4], synthetic: null, holdout: [0, 4] });
    expect(col(cov, 'c').value).toBe(0);
    expect(cov.undefinedColumns).toBe(1);
    expect(cov.mean.value).toBe(0); // over x and c
    expect(cov.mean.baseline?.value).toBe(1);
  });
});

describe('coverage on German credit', () => {
  test('every column equals a recomputation from the raw cells (string sets, parsed numbers), synthetic and holdout', () => {
    const real = loadShared('german_credit', 'train');
    const hold = loadShared('german_credit', 'holdout');
    // the independent-marginals synthetic table of the results-v1 fixture (test/fixtures/results-v1/README.md)
    const syn = loadTable(resolve(__dirname, '../../fixtures/results-v1/german-synthetic.csv.gz'));
    const cov = coverageOf(real, hold, syn);
    expect(cov.columns.length).toBe(21);
    const cells = (t: Table, name: string) => t.cells[t.columns.indexOf(name)].filter((v): v is string => v !== null);
    const ref = (name: string, kind: string, other: Table): number => {
      const r = cells(real, name);
      const o = cells(other, name);
      if (kind === 'categorical') {
        const present = new Set(o);
        const cats = [...new Set(r)];
        return cats.filter((v) => present.has(v)).length / cats.length;
      }
      const rn = r.map(Number);
      const on = o.map(Number);
      const [a, b] = [Math.min(...rn), Math.max(...rn)];
      return Math.max(0, Math.min(b, Math.max(...on)) - Math.max(a, Math.min(...on))) / (b - a);
    };
    let sumS = 0;
    let sumH = 0;
    for (const c of cov.columns) {
      const s = ref(c.column, c.kind, syn);
      const h = ref(c.column, c.kind, hold);
      expect(c.value, c.column).toBeCloseTo(s, 12);
      expect(c.baseline?.value, c.column).toBeCloseTo(h, 12);
      sumS += s;
      sumH += h;
    }
    expect(cov.columns.filter((c) => c.kind === 'numeric').map((c) => c.column)).toEqual(['duration', 'credit_amount', 'age']);
    expect(cov.mean.value).toBeCloseTo(sumS / 21, 12);
    expect(cov.mean.baseline?.value).toBeCloseTo(sumH / 21, 12);
    // not all trivially 1: the 334-row holdout misses some rare categories or extremes of the 666-row real table
    expect(cov.columns.some((c) => (c.baseline?.value ?? 1) < 1)).toBe(true);
  });
});
