// Results v2 in the fidelity renderers: the worst-pairs table reads each pair's holdout floor from its measure's
// baseline, the headline flag compares the value with the baseline's own interval, and 'closer' has a reading.
import { describe, expect, test } from 'vitest';
import { fidelityView } from '../../reports/html-fidelity.js';
import { fidelityMeaning, headlines } from '../../reports/model.js';
import { RenderCtx } from '../../reports/view.js';
import type { AuditResult } from '../../reports/result.js';
import { baseResult, fidelitySection } from './fixtures.js';

function result(): AuditResult {
  return { ...baseResult(), fidelity: fidelitySection() } as unknown as AuditResult;
}

describe('fidelity renderers read results v2 measures', () => {
  test('worst pairs: value, interval and the holdout floor from baseline.value', async () => {
    const r = result();
    const f = r.fidelity as unknown as ReturnType<typeof fidelitySection>;
    Object.assign(f.pairs.tvd.worst[0], { interval: [0.07, 0.095], baseline: { kind: 'holdout', value: 0.0417, interval: [0.03, 0.05] } });
    const view = await fidelityView(new RenderCtx(false), r);
    const block = view.blocks.find((b) => b.id === 'fidelity-pairs')!;
    const row = block.table!.rows[0].cells.map((c) => c.text);
    expect(row).toEqual([f.pairs.tvd.worst[0].a, f.pairs.tvd.worst[0].b, '0.08', '[0.07, 0.095]', '0.0417']);
  });

  test('headline flag: a value above the upper end of its baseline interval is marked, one inside is not', () => {
    const r = result();
    const f = r.fidelity as unknown as ReturnType<typeof fidelitySection>;
    // mean 1-way TVD 0.06, floor 0.03 with interval [0.024, 0.039]: above it
    const hs = headlines(r, 'fidelity');
    expect(hs.find((h) => h.label === 'mean 1-way TVD')!.flag).toBe('warn');
    f.summary.overall[0].baseline.interval = [0.02, 0.07];
    expect(headlines(r, 'fidelity').find((h) => h.label === 'mean 1-way TVD')!.flag).toBeUndefined();
  });

  test("'closer' (pMSE ratios, detection AUCs) reads as closer to the holdout floor", () => {
    expect(fidelityMeaning('detection AUC, CART (k-fold CV)', 'closer')).toBe('Closer to the holdout floor is better (what a fresh sample gives).');
    expect(fidelityMeaning('detection AUC, CART (k-fold CV)', 'lower')).toBe('Lower is better; compare with the holdout floor.');
  });
});
