// Issue 14 item 6: several unseen categories merged into one code lower the logit's k (and the Snoke null): the pMSE
// result says so beside the number.
import { describe, expect, test } from 'vitest';
import { comparePmse, pmseSection } from '../../../metrics/fidelity/pmse.js';
import { prepare } from '../../../src/prepare.js';
import { Rng } from '../../../src/rng.js';
import { makeCtx, tableOf } from './ctx.js';

const n = 120;
const real = tableOf('real', { city: Array.from({ length: n }, (_, i) => (i % 2 ? 'Rome' : 'Paris')), x: Array.from({ length: n }, (_, i) => (i * 7) % 31) });
// synthetic: three cities the real table never had, each in 10 rows; holdout: one unseen city
const syn = tableOf('synthetic', { city: Array.from({ length: n }, (_, i) => (i < 30 ? ['Lima', 'Oslo', 'Quito'][i % 3] : i % 2 ? 'Rome' : 'Paris')), x: Array.from({ length: n }, (_, i) => (i * 5) % 31) });
const hold = tableOf('holdout', { city: Array.from({ length: n }, (_, i) => (i < 10 ? 'Oslo' : i % 2 ? 'Rome' : 'Paris')), x: Array.from({ length: n }, (_, i) => (i * 3) % 31) });

describe('pMSE logit: merged unseen categories are stated', () => {
  test('three unseen categories in one code: a note naming the column, the count and the effect on k', () => {
    const p = prepare(real, hold, syn, { kinds: { x: 'numeric' } });
    const r = comparePmse(p.real, p.synthetic, new Rng(1), { tree: false });
    expect(r.logistic!.k).toBe(4); // intercept, x, Rome, (unseen): the three unseen cities share one parameter
    expect(r.logistic!.notes).toHaveLength(1);
    expect(r.logistic!.notes[0]).toMatch(/"city": 3 categories the real table never had \(30 cells\).*instead of 3.*2 lower/);
    // one unseen category is one code either way: no note
    expect(comparePmse(p.real, p.holdout, new Rng(1), { tree: false }).logistic!.notes).toEqual([]);
  });

  test('the summary line of S_pMSE carries the note', () => {
    const s = pmseSection(makeCtx(real, hold, syn, 1, {}, { kinds: { x: 'numeric' } }), { tree: false });
    const line = s.summary.find((x) => x.metric.startsWith('S_pMSE'))!;
    expect(line.text).toMatch(/unseen categories merged: synthetic: column "city"/);
    expect(s.summary.find((x) => x.metric.startsWith('pMSE ratio, logit'))!.text).not.toMatch(/unseen/);
    // results v2: a ratio whose null expectation is 1 reads 'closer' (to its holdout baseline), with no interval
    const ratio = s.summary.find((x) => x.metric.startsWith('pMSE ratio, logit'))!;
    expect(ratio.better).toBe('closer');
    expect(ratio.baseline).toEqual({ kind: 'holdout', value: s.holdout.logistic!.independentRatio });
    expect(ratio.value).toBe(s.synthetic.logistic!.independentRatio);
    expect('interval' in ratio).toBe(false);
  });
});
