// The categorical distribution chart (issue 16 item 3): shares per category for real, synthetic and holdout, the most
// frequent real categories first and the rest summed as "other"; worst columns (1-way TVD) first.
import { describe, it, expect } from 'vitest';
import { categoryShares } from '../../reports/html-fidelity.js';

describe('categoryShares', () => {
  it('keeps the top real categories, sums the rest into "other", and gives shares of each table', () => {
    const d = { labels: ['a', 'b', 'c', 'd', '(missing)'], real: [10, 50, 30, 10, 0], synthetic: [20, 40, 20, 20, 0], holdout: [5, 25, 15, 4, 1] };
    const v = categoryShares(d, 2);
    const of = (source: string) => v.filter((x) => x.source === source).map((x) => [x.label, x.share]);
    // b (50) and c (30) are the top two real categories; a, d and (missing) (present in holdout) go to "other"
    expect(of('real')).toEqual([['b', 0.5], ['c', 0.3], ['(other: 3)', 0.2]]);
    expect(of('synthetic')).toEqual([['b', 0.4], ['c', 0.2], ['(other: 3)', 0.4]]);
    expect(of('holdout')).toEqual([['b', 0.5], ['c', 0.3], ['(other: 3)', 0.2]]);
    // shares of each table sum to 1
    for (const s of ['real', 'synthetic', 'holdout']) expect(v.filter((x) => x.source === s).reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 12);
  });
  it('drops categories empty in every table, needs no "other" when everything fits, and works without a holdout', () => {
    const v = categoryShares({ labels: ['x', 'y', '(unseen)'], real: [3, 1, 0], synthetic: [2, 2, 0] }, 8);
    expect(v).toEqual([
      { label: 'x', source: 'real', share: 0.75 },
      { label: 'y', source: 'real', share: 0.25 },
      { label: 'x', source: 'synthetic', share: 0.5 },
      { label: 'y', source: 'synthetic', share: 0.5 },
    ]);
  });
});
