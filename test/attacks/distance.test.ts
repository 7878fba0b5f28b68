import { describe, it, expect } from 'vitest';
import { parseTable } from '../../src/table.js';
import { prepare } from '../../src/prepare.js';
import { subsetRows, type Encoded } from '../../src/domain.js';
import { Rng } from '../../src/rng.js';
import { gowerSpace, gowerDistance, buildIndex, nearest, nearestBrute } from '../../attacks/distance.js';
import { distanceMetrics, sharedHistograms, nearestInSubset } from '../../attacks/dcr.js';
import { loadShared, subsample } from '../helpers/data.js';

// age: range 60 - 20 = 40 in the real table; colour categorical; income numeric with a missing cell
const REAL = `age,colour,income,size
20,red,100,1
30,blue,,2
60,red,300,3
40,green,200,2
`;
const OTHER = `age,colour,income,size
25,red,150,1
60,blue,,3
100,green,300,1
`;

function tiny(): { real: Encoded; other: Encoded } {
  const p = prepare(parseTable(REAL, 'real'), parseTable(OTHER, 'other'), parseTable(OTHER, 'other'), { maxIntegerCategories: 0 });
  return { real: p.real, other: p.holdout };
}

describe('Gower distance (hand-worked)', () => {
  const { real, other } = tiny();
  const sp = gowerSpace(real);
  it('numeric range from the real table, categorical 0/1', () => {
    // ranges: age 40, income 200, size 2 (all numeric with maxIntegerCategories 0), colour categorical
    // other[0] = (25, red, 150, 1) vs real[0] = (20, red, 100, 1): 5/40 + 0 + 50/200 + 0 = 0.375 -> / 4 = 0.09375
    expect(gowerDistance(other, 0, real, 0, sp)).toBeCloseTo(0.375 / 4, 12);
  });
  it('missing vs value = 1, missing vs missing = 0', () => {
    // other[1] = (60, blue, NA, 3) vs real[1] = (30, blue, NA, 2): 30/40 + 0 + 0 + 1/2 = 1.25 -> 0.3125
    expect(gowerDistance(other, 1, real, 1, sp)).toBeCloseTo(1.25 / 4, 12);
    // other[1] vs real[2] = (60, red, 300, 3): 0 + 1 + 1 + 0 = 2 -> 0.5
    expect(gowerDistance(other, 1, real, 2, sp)).toBeCloseTo(0.5, 12);
  });
  it('numeric differences beyond the real range are capped at 1', () => {
    // other[2] = (100, green, 300, 1) vs real[3] = (40, green, 200, 2): min(60/40, 1) + 0 + 100/200 + 1/2 = 2 -> 0.5
    expect(gowerDistance(other, 2, real, 3, sp)).toBeCloseTo(0.5, 12);
  });
  it('the index finds the same neighbours as brute force', () => {
    const idx = buildIndex(real, sp);
    const a = nearest(idx, other, { k: 2 });
    const b = nearestBrute(real, other, sp, 2);
    expect(Array.from(a.dist)).toEqual(Array.from(b.dist));
  });
});

describe('nearest-neighbour index on real data', () => {
  const train = loadShared('adult', 'train');
  const hold = loadShared('adult', 'holdout');
  const p = prepare(subsample(train, 1500, 1), subsample(hold, 300, 2), subsample(hold, 300, 2));
  it('equals brute force for k = 1 and 2, on all columns and on a subset', () => {
    for (const cols of [undefined, [0, 1, 3, 8]]) {
      const sp = gowerSpace(p.real, cols);
      const idx = buildIndex(p.real, sp);
      const a = nearest(idx, p.holdout, { k: 2 });
      const b = nearestBrute(p.real, p.holdout, sp, 2);
      expect(Array.from(a.dist)).toEqual(Array.from(b.dist));
      // the returned indices are at the reported distances
      for (let i = 0; i < p.holdout.n; i++) expect(gowerDistance(p.holdout, i, p.real, a.idx[2 * i], sp)).toBe(a.dist[2 * i]);
    }
  });
  it('skip excludes a row (self-neighbour) and row subsets work', () => {
    const sp = gowerSpace(p.real);
    const idx = buildIndex(p.real, sp);
    const rows = Int32Array.from([0, 5, 7]);
    const self = nearest(idx, p.real, { k: 1, rows });
    expect(Array.from(self.dist)).toEqual([0, 0, 0]);
    const skipped = nearest(idx, p.real, { k: 1, rows, skip: rows });
    for (let t = 0; t < 3; t++) expect(skipped.idx[t]).not.toBe(rows[t]);
    const sub = subsetRows(p.real, rows);
    const b = nearestBrute(p.real, sub, sp, 2);
    for (let t = 0; t < 3; t++) expect(skipped.dist[t]).toBe(b.idx[2 * t] === rows[t] ? b.dist[2 * t + 1] : b.dist[2 * t]);
  });
});

describe('DCR share ties and extremes', () => {
  it('ties are split: a synthetic row equally close to train and holdout counts 1/2', () => {
    const R = `a,b\nx,1\ny,2\nz,3\nx,4\n`;
    const H = `a,b\nx,1\nq,9\n`;
    // synthetic: (x,1) is in both train and holdout -> tie; (y,2) only in train -> closer to train
    const S = `a,b\nx,1\ny,2\n`;
    const p = prepare(parseTable(R, 'r'), parseTable(H, 'h'), parseTable(S, 's'), { kinds: { a: 'categorical', b: 'numeric' } });
    const res = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(res.dcrShare.ties).toBe(1);
    expect(res.dcrShare.closerToTrain).toBe(1);
    expect(res.dcrShare.value).toBeCloseTo(0.75, 12);
    expect(res.dcrShare.baseline!.value!).toBeCloseTo(4 / 6, 12);
    expect(res.exactCopies.train.value).toBe(1);
    expect(res.exactCopies.holdout.value).toBe(0.5);
    expect(res.exactCopies.holdoutInTrain.value).toBe(0.5);
  });
});

function shuffleColumns(e: Encoded, rng: Rng): Encoded {
  // product of the marginals: each column permuted independently (an "independent" synthetic table without a generator)
  const out = subsetRows(e, Array.from({ length: e.n }, (_, i) => i));
  for (let j = 0; j < out.codes.length; j++) {
    const perm = rng.permutation(e.n);
    const c = e.codes[j];
    const v = e.values[j];
    for (let i = 0; i < e.n; i++) {
      out.codes[j][i] = c[perm[i]];
      if (v) out.values[j]![i] = v[perm[i]];
    }
  }
  return out;
}

describe('distance metrics at the extremes (German credit)', () => {
  const train = loadShared('german_credit', 'train');
  const hold = loadShared('german_credit', 'holdout');
  it('a copy of train: exact-copy rate 1, DCR share near 1, distance MIA AUC >= 0.95', () => {
    const p = prepare(train, hold, train);
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(7));
    expect(r.exactCopies.train.value).toBe(1);
    expect(r.dcr.syntheticToTrain.mean).toBe(0);
    expect(r.dcrShare.value).toBeGreaterThan(0.99);
    // with train cut to the holdout's size only that share of the copies has its original in train: well above 1/2, not 1
    expect(r.dcrShareBalanced.interval![0]).toBeGreaterThan(0.6);
    expect(r.mia.auc.value).toBeGreaterThanOrEqual(0.95);
    expect(r.mia.tprAtFpr[0].value!).toBeGreaterThan(0.9);
    expect(r.nndr.syntheticToTrain.median).toBe(0);
  });
  it('a fresh sample of the population (half the holdout): DCR share at its ideal, MIA AUC near 0.5', () => {
    // synthetic = holdout rows not used as holdout: split the holdout in two
    const perm = new Rng(11).permutation(hold.nRows);
    const pick = (rows: Int32Array) => ({ ...hold, cells: hold.cells.map((c) => Array.from(rows, (i) => c[i])), nRows: rows.length });
    const Hh = pick(perm.subarray(0, 167));
    const Ss = pick(perm.subarray(167));
    const p = prepare(train, Hh, Ss);
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(8));
    // balanced share (train cut to holdout size) has ideal 1/2
    expect(r.dcrShareBalanced.baseline!.value!).toBe(0.5);
    expect(r.dcrShareBalanced.interval![0]).toBeLessThan(0.5 + 0.02);
    expect(r.dcrShareBalanced.interval![1]).toBeGreaterThan(0.5 - 0.02);
    expect(r.dcrShare.interval![0]).toBeLessThan(r.dcrShare.baseline!.value!);
    expect(r.dcrShare.interval![1]).toBeGreaterThan(r.dcrShare.baseline!.value!);
    expect(Math.abs(r.mia.auc.value! - 0.5)).toBeLessThan(0.08);
    expect(r.exactCopies.train.value).toBe(0);
  });
  it('independent columns: distance MIA AUC within 0.5 +/- 0.03 (Adult 4000/2000)', () => {
    const a = loadShared('adult', 'train');
    const ah = loadShared('adult', 'holdout');
    const p = prepare(subsample(a, 4000, 21), subsample(ah, 4000, 22), subsample(ah, 10, 23));
    const S = shuffleColumns(p.real, new Rng(5));
    const r = distanceMetrics(p.real, p.holdout, S, new Rng(9));
    expect(Math.abs(r.mia.auc.value! - 0.5)).toBeLessThanOrEqual(0.03);
    expect(r.exactCopies.train.value).toBeLessThan(0.01);
  });
  it('is deterministic for a seed', () => {
    const p = prepare(train, hold, train);
    const a = JSON.stringify(distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(3)));
    const b = JSON.stringify(distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(3)));
    expect(a).toBe(b);
  });
});

describe('DCR histograms', () => {
  it('shared equal-width edges over [0, max]; hand-worked counts; the max lands in the last bin', () => {
    const [a, b] = sharedHistograms([Float64Array.of(0, 0.1, 0.25, 0.5, 0.8), [0.4, 0.39, 0.6]], 4);
    expect(a.edges).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8]);
    expect(b.edges).toBe(a.edges);
    expect(a.counts).toEqual([2, 1, 1, 1]);
    expect(b.counts).toEqual([0, 1, 2, 0]); // 0.6 < the stored edge 0.8 * 3 / 4 = 0.6000000000000001: bins follow the stored edges
    // all zero: edges over [0, 1], everything in the first bin
    expect(sharedHistograms([[0, 0, 0]], 3)[0]).toEqual({ edges: [0, 1 / 3, 2 / 3, 1], counts: [3, 0, 0] });
  });
  it('German credit: counts sum to the synthetic rows (and holdout rows for the baseline); a copy of train sits in bin 0', () => {
    const train = loadShared('german_credit', 'train');
    const hold = loadShared('german_credit', 'holdout');
    const p = prepare(train, hold, subsample(train, 500, 3));
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(4), { histogramBins: 30 });
    const sum = (c: number[]) => c.reduce((x, y) => x + y, 0);
    const { syntheticToTrain: st, syntheticToHoldout: sh, holdoutToTrain: ht } = r.dcr;
    expect(st.histogram.counts.length).toBe(30);
    expect(st.histogram.edges.length).toBe(31);
    expect(sh.histogram.edges).toEqual(st.histogram.edges);
    expect(ht.histogram.edges).toEqual(st.histogram.edges);
    expect(sum(st.histogram.counts)).toBe(500);
    expect(sum(sh.histogram.counts)).toBe(500);
    expect(sum(ht.histogram.counts)).toBe(334);
    expect(st.histogram.counts[0]).toBe(500); // every synthetic row is a train row: distance 0
    expect(st.histogram.edges[0]).toBe(0);
    expect(st.histogram.edges[30]).toBeGreaterThanOrEqual(Math.max(sh.p95, ht.p95));
    expect(sh.histogram.counts[29] + ht.histogram.counts[29]).toBeGreaterThan(0); // the largest distance is in the last bin
    expect(st.histogram.edges[30]).toBeGreaterThan(0);
    expect(st.histogram.edges[30]).toBeLessThanOrEqual(1);
  });
});

describe('nearest row of a subset from the two nearest of the whole reference', () => {
  it('equals a search of the subset alone, value for value, and searches only the rows it must', () => {
    const a = subsample(loadShared('adult', 'train'), 1500, 11);
    const b = subsample(loadShared('adult', 'holdout'), 700, 12);
    const p = prepare(a, b, b);
    const space = gowerSpace(p.real);
    const subset = new Rng(13).sampleWithoutReplacement(p.real.n, 600).sort();
    const all = nearest(buildIndex(p.real, space), p.synthetic, { k: 2 });
    let searched = 0;
    const got = nearestInSubset(all, p.synthetic.n, p.real.n, subset, (rows) => {
      searched = rows.length;
      return nearest(buildIndex(p.real, space, subset), p.synthetic, { k: 1, rows }).dist;
    });
    const direct = nearest(buildIndex(p.real, space, subset), p.synthetic, { k: 1 }).dist;
    expect(Array.from(got)).toEqual(Array.from(direct));
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(p.synthetic.n);
    expect(() => nearestInSubset(nearest(buildIndex(p.real, space), p.synthetic, { k: 1 }), p.synthetic.n, p.real.n, subset, () => new Float64Array(0))).toThrow(/two nearest/);
  });
});
