// The privacy section's numbers as results measures (src/measure.ts, results version 2): an internal interval
// {value, lo, hi} (stats.ts) becomes {value, interval: [lo, hi], baseline, better} with its detail fields beside it.
// Every privacy number is a risk, so lower is better throughout; the baselines are: chance (AUC 0.5, TPR = FPR,
// advantage 0, the prior guess, a permutation null), the ideal (the DCR share n_train / n_real, risk 0) or the
// holdout (the same rate on holdout rows: Anonymeter's control, the holdout's own copy rate).

import { baseline, measure, type Baseline, type BaselineKind, type Measure } from '../src/measure.js';
import type { Interval, Risk } from './stats.js';

export type { Measure, Baseline };

/** AUC of a guess that ignores the data: the baseline of every membership-inference AUC. */
export const CHANCE_AUC = 0.5;

/** An internal interval as a measure (lower is better), with its baseline (or none) and detail fields beside it. */
export function ivMeasure<E extends object = Record<never, never>, K extends BaselineKind = BaselineKind>(iv: Interval, base: Baseline<K> | null, extra?: E): Measure<K> & E {
  return measure(iv.value, 'lower', { interval: [iv.lo, iv.hi], baseline: base }, extra);
}

/** A baseline read off another measure: its value and interval. */
export function baselineFrom<K extends BaselineKind>(kind: K, m: Measure): Baseline<K> {
  return baseline(kind, m.value, m.interval);
}

/** Anonymeter's risk as a measure beside its ideal 0 (no more success on training rows than on control rows). */
export interface ControlRisk extends Measure {
  /** Propagated half-width: interval = value -/+ error, unclipped (may go below 0). */
  error: number;
  /** value and interval clipped to [0, 1], as Anonymeter reports risk (the default policy gates on it). */
  clipped: Measure;
}

export function controlRiskMeasure(r: Risk | null): ControlRisk | null {
  if (r === null) return null;
  const ideal = () => baseline('ideal', 0);
  return ivMeasure(r, ideal(), { error: r.error, clipped: ivMeasure(r.clipped, ideal()) });
}
