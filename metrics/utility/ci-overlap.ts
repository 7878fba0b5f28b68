// Confidence-interval overlap between an estimate fitted on real data and the same estimate fitted on synthetic data,
// Karr, Kohnen, Oganian, Reiter & Sanil (2006): J = 1/2 [(U - L)/(U_R - L_R) + (U - L)/(U_S - L_S)], L = max of lowers, U = min of uppers.

import { normalQuantile } from '../../src/stats.js';

export interface Interval {
  lower: number;
  upper: number;
}

export interface OverlapValue {
  /** Raw Karr overlap: 1 for identical intervals, 0 when they just touch, negative when they are apart. Null when undefined. */
  raw: number | null;
  /** max(0, raw). */
  clipped: number | null;
  reason?: string;
}

/** Karr et al. (2006) interval overlap. Undefined (null + reason) when an interval is not finite or has zero width. */
export function ciOverlap(real: Interval, synth: Interval): OverlapValue {
  const ok = (iv: Interval) => Number.isFinite(iv.lower) && Number.isFinite(iv.upper) && iv.upper >= iv.lower;
  if (!ok(real)) return { raw: null, clipped: null, reason: 'real-data interval is not finite' };
  if (!ok(synth)) return { raw: null, clipped: null, reason: 'synthetic-data interval is not finite' };
  const wr = real.upper - real.lower;
  const ws = synth.upper - synth.lower;
  if (wr === 0 || ws === 0) return { raw: null, clipped: null, reason: 'an interval has zero width' };
  const L = Math.max(real.lower, synth.lower);
  const U = Math.min(real.upper, synth.upper);
  const raw = 0.5 * ((U - L) / wr + (U - L) / ws);
  return { raw, clipped: Math.max(0, raw) };
}

/** Wald interval estimate +- z * se at the given two-sided confidence. */
export function waldInterval(estimate: number, se: number, confidence = 0.95): Interval {
  const z = normalQuantile((1 + confidence) / 2);
  return { lower: estimate - z * se, upper: estimate + z * se };
}
