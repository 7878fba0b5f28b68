// Issue 14 items 1 and 2: different unseen categories must not compare as equal in distances and exact-copy checks, and
// DCR ties of the definition must stay ties whatever order the Gower terms are summed in.
import { describe, it, expect } from 'vitest';
import { parseTable } from '../../src/table.js';
import { prepare } from '../../src/prepare.js';
import { concatEncoded, subsetRows } from '../../src/domain.js';
import { Rng } from '../../src/rng.js';
import { buildIndex, gowerDistance, gowerSpace, nearest, nearestBrute } from '../../attacks/distance.js';
import { distanceMetrics, DCR_TIE_TOLERANCE } from '../../attacks/dcr.js';
import { inferenceAttack } from '../../attacks/anonymeter.js';

const rows = (header: string, row: (i: number) => string, n: number) => header + '\n' + Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';

describe('unseen categories in distances (issue 14 item 1)', () => {
  // real city in {Paris, Rome}; holdout 30 rows "Oslo,S"; synthetic 30 rows "Lima,S"
  const REAL = rows('city,size', (i) => (i % 2 ? 'Rome,M' : 'Paris,S'), 30);
  const HOLD = rows('city,size', () => 'Oslo,S', 30);
  const SYN = rows('city,size', () => 'Lima,S', 30);
  const p = prepare(parseTable(REAL, 'real'), parseTable(HOLD, 'holdout'), parseTable(SYN, 'synthetic'));

  it('Lima vs Oslo is a mismatch: no exact copies of holdout, DCR to holdout 1/2', () => {
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(r.exactCopies.holdout.count).toBe(0);
    expect(r.exactCopies.holdout.value).toBe(0);
    expect(r.dcr.syntheticToHoldout.mean).toBe(0.5);
    expect(r.dcr.syntheticToHoldout.zeroShare).toBe(0);
    // city differs from every train row, size matches the Paris rows
    expect(r.dcr.syntheticToTrain.mean).toBe(0.5);
    expect(r.dcrShare.ties).toBe(30);
    expect(r.convention).toMatch(/raw label/);
  });

  it('the same unseen label in two tables still matches (Oslo vs Oslo), and the index equals brute force', () => {
    const r = distanceMetrics(p.real, p.holdout, p.holdout, new Rng(1));
    expect(r.exactCopies.holdout.value).toBe(1);
    const sp = gowerSpace(p.real);
    expect(gowerDistance(p.synthetic, 0, p.holdout, 0, sp)).toBe(0.5);
    expect(gowerDistance(p.holdout, 3, p.holdout, 7, sp)).toBe(0);
    const both = concatEncoded(subsetRows(p.holdout, [0, 1, 2]), subsetRows(p.synthetic, [0, 1]));
    const a = nearest(buildIndex(both, sp), p.synthetic, { k: 2 });
    const b = nearestBrute(both, p.synthetic, sp, 2);
    expect(Array.from(a.dist)).toEqual(Array.from(b.dist));
    expect(a.dist[0]).toBe(0); // nearest: one of the Lima rows of the stacked table
    expect(a.dist[1]).toBe(0);
  });

  it('inference attack: a guessed unseen "Lima" is not a control row\'s unseen "Oslo"', () => {
    const r = inferenceAttack(p.real, p.holdout, p.synthetic, new Rng(1), { secret: 'city', attacks: 30 });
    expect(r.control.value).toBe(0);
    // and the same unseen label is a correct guess
    const same = inferenceAttack(p.real, p.holdout, p.holdout, new Rng(1), { secret: 'city', attacks: 30 });
    expect(same.control.value).toBe(1);
  });

  it('fidelity encoding keeps the single unseen bucket', () => {
    const cd = p.domain.columns[0];
    expect(cd.kind).toBe('categorical');
    if (cd.kind !== 'categorical') return;
    expect(p.holdout.codes[0][0]).toBe(cd.unseenCode);
    expect(p.synthetic.codes[0][0]).toBe(cd.unseenCode);
  });
});

describe('DCR ties summed in different orders (issue 14 item 2)', () => {
  // Three numeric columns, each with range 10 in train. Synthetic row s = (5, 5, 5).
  // Train row (6, 7, 8): terms 0.1, 0.2, 0.3 summed in column order -> 0.1 + 0.2 + 0.3 = 0.6000000000000001
  // Holdout row (8, 7, 6): terms 0.3, 0.2, 0.1 -> 0.3 + 0.2 + 0.1 = 0.6: the same distance in exact arithmetic.
  // Train also holds (0,0,0) and (10,10,10) (the range; distance 1.5/3 from s, never nearest) and a categorical column
  // that matches everywhere, so categorical and numeric terms are mixed.
  const REAL = 'c,a,b,d\nk,6,7,8\nk,0,0,0\nk,10,10,10\n';
  const HOLD = 'c,a,b,d\nk,8,7,6\nk,0,10,0\n';
  const SYN = 'c,a,b,d\n' + 'k,5,5,5\n'.repeat(4) + 'k,1,9,1\n';
  const p = prepare(parseTable(REAL, 'real'), parseTable(HOLD, 'holdout'), parseTable(SYN, 'synthetic'), {
    kinds: { c: 'categorical', a: 'numeric', b: 'numeric', d: 'numeric' },
  });

  it('plain float comparison would miss the tie (the construction is a real rounding case)', () => {
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1);
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    const sp = gowerSpace(p.real);
    expect(gowerDistance(p.synthetic, 0, p.real, 0, sp)).not.toBe(gowerDistance(p.synthetic, 0, p.holdout, 0, sp));
    // the four (5,5,5) rows are ties; (1,9,1) is closer to holdout (0,10,0) than to any train row
    expect(r.dcrShare.ties).toBe(4);
    expect(r.dcrShare.closerToHoldout).toBe(1);
    expect(r.dcrShare.closerToTrain).toBe(0);
    expect(r.dcrShare.value).toBeCloseTo(2 / 5, 12);
  });

  it('the tolerance is stated in the result and separates genuinely different distances', () => {
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect(DCR_TIE_TOLERANCE * 4).toBeLessThan(1e-7); // far below a 1/10 term over 4 columns
    expect(r.convention).toMatch(/1e-9/);
    // a one-unit difference in a column of range 10: (5,5,5) vs (6,7,8) and vs (6,7,9) must not tie
    const H2 = 'c,a,b,d\nk,6,7,9\n';
    const q = prepare(parseTable(REAL, 'real'), parseTable(H2, 'holdout'), parseTable(SYN, 'synthetic'), {
      kinds: { c: 'categorical', a: 'numeric', b: 'numeric', d: 'numeric' },
    });
    const r2 = distanceMetrics(q.real, q.holdout, q.synthetic, new Rng(1));
    expect(r2.dcrShare.ties).toBe(0);
    expect(r2.dcrShare.closerToTrain).toBe(5);
  });
});
