import { describe, it, expect } from 'vitest';
import { prepare } from '../../src/prepare.js';
import { subsetRows, type Encoded } from '../../src/domain.js';
import { parseTable, selectRows } from '../../src/table.js';
import { Rng } from '../../src/rng.js';
import { inferenceAttack, singlingOut, linkability } from '../../attacks/anonymeter.js';
import { domias, fitChowLiu, chowLiuLogDensity } from '../../attacks/domias.js';
import { loadShared, subsample } from '../helpers/data.js';

function shuffleColumns(e: Encoded, rng: Rng): Encoded {
  const out = subsetRows(e, Array.from({ length: e.n }, (_, i) => i));
  for (let j = 0; j < out.codes.length; j++) {
    const perm = rng.permutation(e.n);
    for (let i = 0; i < e.n; i++) {
      out.codes[j][i] = e.codes[j][perm[i]];
      if (e.values[j]) out.values[j]![i] = e.values[j]![perm[i]];
    }
  }
  return out;
}

const train = subsample(loadShared('adult', 'train'), 3000, 31);
const holdAll = loadShared('adult', 'holdout');
const perm = new Rng(32).permutation(holdAll.nRows);
const hold = selectRows(holdAll, perm.subarray(0, 3000), 'holdout');
const fresh = selectRows(holdAll, perm.subarray(3000, 6000), 'fresh');
const copy = prepare(train, hold, train);
const freshP = prepare(train, hold, fresh);
const indep = shuffleColumns(copy.real, new Rng(33));

describe('attribute inference (Anonymeter, nearest neighbour)', () => {
  it('a copy of train leaks the secret: train success far above control, risk interval above 0', () => {
    const r = inferenceAttack(copy.real, copy.holdout, copy.synthetic, new Rng(1), { secret: 'income', attacks: 800 });
    expect(r.train.value).toBeGreaterThan(0.95);
    expect(r.control.value).toBeLessThan(0.9);
    expect(r.risk!.interval![0]).toBeGreaterThan(0.5);
    expect(r.quasiIdentifiers).not.toContain('income');
  });
  it('independent columns and a fresh sample: risk interval contains 0', () => {
    for (const S of [indep, freshP.synthetic]) {
      const r = inferenceAttack(copy.real, copy.holdout, S, new Rng(2), { secret: 'income', attacks: 800 });
      expect(r.risk!.interval![0]).toBeLessThanOrEqual(0);
      expect(r.risk!.interval![1]).toBeGreaterThanOrEqual(0);
    }
  });
  it('numeric secrets use a relative tolerance of the true value', () => {
    const r = inferenceAttack(copy.real, copy.holdout, copy.synthetic, new Rng(3), { secret: 'age', attacks: 300, tolerance: 0 });
    expect(r.train.value).toBeGreaterThan(0.95);
  });
});

describe('singling out', () => {
  it('univariate predicates from a copy single out train rows more than control rows', () => {
    const r = singlingOut(copy.real, copy.holdout, copy.synthetic, new Rng(4), { mode: 'univariate', attacks: 300 });
    expect(r.predicates).toBeGreaterThan(50);
    expect(r.train.value!).toBeGreaterThan(r.control.value!);
    expect(r.risk!.interval![0]).toBeGreaterThan(0);
    expect(r.examples.length).toBeGreaterThan(0);
  });
  it('multivariate predicates: copy leaks, fresh sample does not', () => {
    const a = singlingOut(copy.real, copy.holdout, copy.synthetic, new Rng(5), { mode: 'multivariate', attacks: 300 });
    expect(a.risk!.interval![0]).toBeGreaterThan(0);
    const b = singlingOut(freshP.real, freshP.holdout, freshP.synthetic, new Rng(5), { mode: 'multivariate', attacks: 300 });
    expect(b.risk!.interval![0]).toBeLessThanOrEqual(0);
    expect(b.risk!.interval![1]).toBeGreaterThanOrEqual(0);
  });
  it('a predicate counts as success only when it isolates exactly one row (hand-made tables)', () => {
    const R = parseTable('c,v\na,1\nb,2\nb,3\nc,4\n', 'r');
    const H = parseTable('c,v\nb,1\nb,2\nd,3\nd,4\n', 'h');
    const S = parseTable('c,v\na,1\nb,2\nb,3\nb,5\n', 's');
    const p = prepare(R, H, S, { kinds: { c: 'categorical', v: 'numeric' } });
    // univariate synthetic singletons: c == a; v == 1, 2, 3, 5; v <= 1; v >= 5 -> 7 predicates
    const r = singlingOut(p.real, p.holdout, p.synthetic, new Rng(6), { mode: 'univariate', attacks: 100 });
    expect(r.predicates).toBe(7);
    // train isolates: c==a (1 row), v==1, v==2, v==3 (1 each), v<=1 (1), v>=5 (0), v==5 (0) -> 5
    expect(r.train.successes).toBe(5);
    // control: c==a (0), v==1 (1), v==2 (1), v==3 (1), v==5 (0), v<=1 (1), v>=5 (0) -> 4
    expect(r.control.successes).toBe(4);
  });
});

describe('linkability', () => {
  it('a copy links train rows through the two halves; a fresh sample does not beat control', () => {
    const a = linkability(copy.real, copy.holdout, copy.synthetic, new Rng(7), { attacks: 800 });
    // half B (relationship ... income) has many exact ties, so the nearest row under B is often another tie, not the copy
    expect(a.train.value!).toBeGreaterThan(a.control.value! + 0.1);
    expect(a.risk!.interval![0]).toBeGreaterThan(0.1);
    const b = linkability(freshP.real, freshP.holdout, freshP.synthetic, new Rng(7), { attacks: 800 });
    expect(b.risk!.interval![0]).toBeLessThanOrEqual(0);
    expect(b.risk!.interval![1]).toBeGreaterThanOrEqual(0);
  });
});

describe('DOMIAS density ratio', () => {
  it('Chow-Liu densities are normalised over the domain (tiny table, all cells enumerated)', () => {
    const t = parseTable('a,b,c\nx,p,u\nx,q,u\ny,q,v\ny,q,u\nx,p,v\n', 't');
    const p = prepare(t, t, t);
    const m = fitChowLiu(p.real, [0, 1, 2], 0.5);
    // enumerate all code combinations (each column: levels + missing + unseen)
    const sizes = p.domain.columns.map((c) => c.nCodes);
    const rows: number[][] = [];
    for (let a = 0; a < sizes[0]; a++) for (let b = 0; b < sizes[1]; b++) for (let c = 0; c < sizes[2]; c++) rows.push([a, b, c]);
    const e: Encoded = { ...p.real, n: rows.length, codes: [0, 1, 2].map((j) => Int32Array.from(rows.map((r) => r[j]))), values: [null, null, null] };
    const ld = chowLiuLogDensity(m, e);
    expect(ld.reduce((s, x) => s + Math.exp(x), 0)).toBeCloseTo(1, 10);
  });
  it('the default density is the kNN ratio (it sees copies)', () => {
    const d = domias(copy.real, copy.holdout, copy.synthetic, new Rng(8));
    expect(d.density).toMatch(/^nearest-neighbour density ratio/);
    expect(d.auc.value).toBe(domias(copy.real, copy.holdout, copy.synthetic, new Rng(8), { density: 'knn' }).auc.value);
  });
  it('copy of train: knn ratio AUC near 1, Chow-Liu ratio above 0.5; fresh sample: near 0.5', () => {
    const k = domias(copy.real, copy.holdout, copy.synthetic, new Rng(8), { density: 'knn' });
    expect(k.auc.value).toBeGreaterThan(0.95);
    const c = domias(copy.real, copy.holdout, copy.synthetic, new Rng(8), { density: 'chow-liu' });
    expect(c.auc.interval![0]).toBeGreaterThan(0.5);
    for (const density of ['knn', 'chow-liu'] as const) {
      const f = domias(freshP.real, freshP.holdout, freshP.synthetic, new Rng(9), { density });
      expect(Math.abs(f.auc.value! - 0.5)).toBeLessThan(0.05);
      expect(f.reference.holdoutRowsForReference).toBe(1500);
      expect(f.nMembers).toBe(1500);
    }
  });
});
