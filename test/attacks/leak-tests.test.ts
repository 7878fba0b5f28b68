// The one-sided leak tests behind the default policy (attacks/leak-tests.ts) against scipy 1.x values (scipy.stats.fisher_exact
// alternative='greater', hypergeom.cdf, binom.sf), Newcombe's (1998) published example, brute-force enumeration of the
// permutation null, and the copy measures distanceMetrics adds on small hand-made tables.

import { definitionValidator } from '../../reports/json.js';
import { describe, it, expect } from 'vitest';
import { jsonSafe } from '../../attacks/index.js';
import { parseTable } from '../../src/table.js';
import { prepare } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { distanceMetrics, lowFpr, sharePermutation } from '../../attacks/dcr.js';
import { fisherGreater, hypergeomLower, hypergeomUpper, binomialUpper, newcombeDiff, tprNullPValue, copyTest, duplicateGroups, rowView } from '../../attacks/leak-tests.js';
import { gowerSpace } from '../../attacks/distance.js';

describe('exact tails (scipy values)', () => {
  it("Fisher's exact test, one-sided greater", () => {
    // fisher_exact([[8,159],[0,833]], 'greater') etc.
    expect(fisherGreater(8, 167, 0, 833)).toBeCloseTo(5.247972966168536e-7, 15);
    expect(fisherGreater(3, 10, 1, 10)).toBeCloseTo(0.2910216718266254, 12);
    expect(fisherGreater(20, 1000, 2, 2000) / 2.7510553600488613e-8).toBeCloseTo(1, 8);
    expect(fisherGreater(0, 10, 0, 10)).toBe(1);
    expect(fisherGreater(0, 10, 3, 10)).toBeCloseTo(1, 12);
  });
  it('hypergeometric and binomial tails', () => {
    expect(hypergeomLower(2, 30, 12, 10)).toBeCloseTo(0.11699864353537516, 12);
    expect(hypergeomUpper(3, 30, 12, 10) + hypergeomLower(2, 30, 12, 10)).toBeCloseTo(1, 12);
    expect(hypergeomUpper(11, 30, 12, 10)).toBe(0);
    expect(binomialUpper(60, 100, 0.5)).toBeCloseTo(0.028443966820490444, 10); // binom.sf(59, 100, 0.5)
    expect(binomialUpper(0, 100, 0.5)).toBe(1);
  });
  it("Newcombe's hybrid score interval (Newcombe 1998, Table II: 56/70 - 48/80 = 0.2, method 10: 0.0524 to 0.3339)", () => {
    const d = newcombeDiff(56, 70, 48, 80, 0.95);
    expect(d.value).toBeCloseTo(0.2, 12);
    expect(d.lo).toBeCloseTo(0.0524, 4);
    expect(d.hi).toBeCloseTo(0.3339, 4);
  });
});

describe('TPR at a low FPR: permutation null', () => {
  // enumerate every placement of m members among m + N ranks (distinct scores): TP = members before the (a+1)-th non-member
  function brute(m: number, N: number, a: number): number[] {
    const total = m + N;
    const counts = new Array<number>(m + 1).fill(0);
    let all = 0;
    for (let mask = 0; mask < 1 << total; mask++) {
      let bits = 0;
      for (let i = 0; i < total; i++) if (mask & (1 << i)) bits++;
      if (bits !== m) continue;
      all++;
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < total; i++) {
        if (mask & (1 << i)) tp++;
        else if (++fp > a) break;
      }
      counts[tp]++;
    }
    // P(TP >= k)
    const out: number[] = [];
    for (let k = 0; k <= m; k++) out.push(counts.slice(k).reduce((s, x) => s + x, 0) / all);
    return out;
  }
  it('equals the enumerated tail for small tables', () => {
    for (const [m, N, a] of [
      [4, 5, 0],
      [5, 6, 1],
      [6, 4, 2],
    ]) {
      const b = brute(m, N, a);
      for (let k = 0; k <= m; k++) expect(tprNullPValue(k, m, N, a)).toBeCloseTo(b[k], 12);
    }
  });
  it('lowFpr reads TP/FP from the ROC and carries the p-value', () => {
    // 10 members, 1000 non-members; FPR 0.001 allows 1 false positive: three members above every non-member
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 10; i++) {
      scores.push(i < 3 ? 100 + i : -i);
      labels.push(1);
    }
    for (let i = 0; i < 1000; i++) {
      scores.push(i === 0 ? 50 : i / 1000);
      labels.push(0);
    }
    const r = lowFpr(scores, labels, 0.001, 0.95);
    expect(r.allowedFalsePositives).toBe(1);
    expect(r.truePositives).toBe(3);
    expect(r.falsePositives).toBe(1);
    expect(r.value).toBeCloseTo(0.3, 12);
    expect(r.baseline).toEqual({ kind: 'chance', value: 0.001 });
    expect(r.pValue).toBeCloseTo(tprNullPValue(3, 10, 1000, 1), 15);
    expect(r.pValue).toBeLessThan(1e-5);
  });
});

describe('copy tests in distanceMetrics', () => {
  const rows = (n: number, off: number) => Array.from({ length: n }, (_, i) => `${(i + off) % 7 === 0 ? 'a' : 'b'},${(i + off) * 1.37 + 0.01}`).join('\n');
  const R = `c,x\n${rows(40, 0)}\n`;
  const H = `c,x\n${rows(20, 1000)}\n`;
  it('synthetic = 10 training rows + 10 fresh rows: 10 copies against 0 of a fresh sample', () => {
    const S = `c,x\n${rows(10, 0)}\n${rows(10, 5000)}\n`;
    const p = prepare(parseTable(R, 'r'), parseTable(H, 'h'), parseTable(S, 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    const d = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    const t = d.exactCopies.trainExcess;
    expect(t.copies).toBe(10);
    expect(t.n).toBe(20);
    // fresh evidence: 0 of 20 holdout rows in train, 0 duplicate groups among 40 train rows
    expect([t.freshCopies, t.freshN]).toEqual([0, 60]);
    expect(t.value).toBeCloseTo(0.5, 12);
    expect(t.pValue).toBeCloseTo(fisherGreater(10, 20, 0, 60), 15);
    expect(t.interval![0]).toBeGreaterThan(0);
    expect(d.exactCopies.holdoutExcess.copies).toBe(0);
    expect(d.exactCopies.holdoutExcess.pValue).toBe(1);
  });
  it('the holdout released as synthetic: every row a copy of a non-member', () => {
    const p = prepare(parseTable(R, 'r'), parseTable(H, 'h'), parseTable(H, 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    const d = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(d.exactCopies.holdoutExcess.copies).toBe(20);
    expect(d.exactCopies.holdoutExcess.pValue).toBeLessThan(1e-10);
    expect(d.exactCopies.trainExcess.copies).toBe(0);
    expect(d.exactCopies.trainInHoldout.count).toBe(0);
  });
  it('duplicates within a table enter the fresh rate once per group (design effect)', () => {
    const t6 = prepare(parseTable('c,x\na,1\nb,2\na,1\nc,1\na,1\nb,2\n', 't'), parseTable('c,x\na,1\n', 'h'), parseTable('c,x\na,1\n', 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    expect(duplicateGroups(rowView(t6.real, gowerSpace(t6.real)))).toEqual({ rows: 5, groups: 2 });
    // 100 reference rows, 10 rows in 5 pairs: design effect 2 -> 5 of 50; plus 1 of 30 from the other table
    const t = copyTest(4, 40, 1, 30, { rows: 10, groups: 5 }, 100, 0.95, 'train');
    expect([t.freshCopies, t.freshN]).toEqual([6, 80]);
    const none = copyTest(4, 40, 1, 30, { rows: 0, groups: 0 }, 100, 0.95, 'train');
    expect([none.freshCopies, none.freshN]).toEqual([1, 130]);
  });
  it('DCR share carries an exact one-sided p-value against its ideal', () => {
    const S = `c,x\n${rows(20, 0)}\n`;
    const p = prepare(parseTable(R, 'r'), parseTable(H, 'h'), parseTable(S, 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    const d = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(d.dcrShare.value).toBe(1);
    expect(d.dcrShare.pValue).toBeCloseTo((2 / 3) ** 20, 12);
  });
  it('copies of holdout rows are counted against training rows found in the holdout', () => {
    // train rows 0..4 are also holdout rows 0..4: the fresh rate against the holdout is 5 of 40 (plus no duplicate groups)
    const H2 = `c,x\n${rows(5, 0)}\n${rows(15, 1000)}\n`;
    const p = prepare(parseTable(R, 'r'), parseTable(H2, 'h'), parseTable(H2, 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    const d = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(d.exactCopies.trainInHoldout.count).toBe(5);
    const h = d.exactCopies.holdoutExcess;
    expect([h.copies, h.n, h.freshCopies, h.freshN]).toEqual([20, 20, 5, 60]);
    expect(h.pValue).toBeCloseTo(fisherGreater(20, 20, 5, 60), 15);
  });
});

describe('DCR share permutation test', () => {
  const nn = (ids: number[], dist: number[]) => ({ idx: Int32Array.from(ids), dist: Float64Array.from(dist) });
  it('one train row nearest to every synthetic row: share 1, but only as likely as that row being train (p near 1/2)', () => {
    // 10 synthetic rows, each nearest to train row 0 (k = 2 train neighbours: row 0 at 0.1, row 1 at 0.5), holdout row 0 at 0.3
    const sR = nn(Array.from({ length: 20 }, (_, i) => i % 2), Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.5 : 0.1)));
    const sH = nn(new Array(10).fill(0), new Array(10).fill(0.3));
    const r = sharePermutation(sR, sH, 5, 5, 1, new Rng(3), 0.95, 1);
    expect(r.baseline).toEqual({ kind: 'chance', value: 0.5 });
    expect(r.pValue).toBeGreaterThan(0.3);
    expect(r.pValue).toBeLessThan(0.75);
    expect(r.permutations).toBeGreaterThanOrEqual(100);
    expect(r.nullMean).toBeGreaterThan(0.35);
    expect(r.nullMean).toBeLessThan(0.65);
  });
  it('each synthetic row nearest to a different train row: p at its floor 1/1000; a tie counts 1/2', () => {
    const m = 30;
    const sR = nn(Array.from({ length: 2 * m }, (_, i) => (i % 2 ? m + (i >> 1) : i >> 1)), Array.from({ length: 2 * m }, (_, i) => (i % 2 ? 0.9 : 0.1)));
    const sH = nn(Array.from({ length: m }, (_, i) => i), new Array(m).fill(0.3));
    const r = sharePermutation(sR, sH, 2 * m, 2 * m, 1, new Rng(3), 0.95, 1);
    expect(r.pValue).toBe(0.001);
    expect(r.permutations).toBe(999);
    // every synthetic row tied between its train row and a holdout row (share 1/2): relabelling gives 1, 1/2 or 0 per row,
    // mean 1/2, so the observed share is typical (stops early, Besag-Clifford p = 20 / relabellings run)
    const tie = nn(Array.from({ length: m }, (_, i) => i), new Array(m).fill(0.1));
    const t = sharePermutation(sR, tie, 2 * m, 2 * m, 0.5, new Rng(3), 0.95, 1);
    expect(t.nullMean).toBeCloseTo(0.5, 1);
    expect(t.pValue).toBeGreaterThan(0.2);
    expect(t.pValue).toBeCloseTo(20 / Math.round(20 / t.pValue), 12);
  });
});

describe('schema', () => {
  it('the results schema describes the new distance fields (and requires them)', () => {
    const validate = definitionValidator('DistanceResult');
    const R = `c,x\n${Array.from({ length: 30 }, (_, i) => `${i % 3 ? 'a' : 'b'},${i * 1.5}`).join('\n')}\n`;
    const H = `c,x\n${Array.from({ length: 20 }, (_, i) => `${i % 3 ? 'a' : 'b'},${i * 1.5 + 100}`).join('\n')}\n`;
    const p = prepare(parseTable(R, 'r'), parseTable(H, 'h'), parseTable(R, 's'), { kinds: { c: 'categorical', x: 'numeric' } });
    const d = jsonSafe(distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1))) as any;
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    const without = (f: (x: any) => void) => {
      const x = JSON.parse(JSON.stringify(d));
      f(x);
      return validate(x);
    };
    expect(without((x) => delete x.exactCopies.trainExcess)).toBe(false);
    expect(without((x) => delete x.exactCopies.holdoutExcess.pValue)).toBe(false);
    expect(without((x) => delete x.mia.lowFpr)).toBe(false);
    expect(without((x) => delete x.dcrSharePermutation)).toBe(false);
    expect(without((x) => delete x.dcrShare.pValue)).toBe(false);
    // results v2: every measure says which direction is better, and the share's baseline is its ideal
    expect(without((x) => delete x.exactCopies.trainExcess.better)).toBe(false);
    expect(without((x) => (x.dcrShare.baseline.kind = 'chance'))).toBe(false);
  });
});

