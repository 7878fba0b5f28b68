// Confidence-interval overlap between an estimate fitted on real data and the same estimate fitted on synthetic data,
// Karr, Kohnen, Oganian, Reiter & Sanil (2006): J = 1/2 [(U - L)/(U_R - L_R) + (U - L)/(U_S - L_S)], L = max of lowers, U = min of uppers.

import { normalQuantile } from '../../src/stats.js';
import type { Bounds } from '../../src/measure.js';

export interface OverlapValue {
  /** Raw Karr overlap: 1 for identical intervals, 0 when they just touch, negative when they are apart. Null when undefined. */
  raw: number | null;
  /** max(0, raw). */
  clipped: number | null;
  reason?: string;
}

/** Karr et al. (2006) overlap of two intervals [lower, upper]. Undefined (null + reason) when an interval is not finite or has zero width. */
export function ciOverlap(real: Bounds, synth: Bounds): OverlapValue {
  const ok = (iv: Bounds) => Number.isFinite(iv[0]) && Number.isFinite(iv[1]) && iv[1] >= iv[0];
  if (!ok(real)) return { raw: null, clipped: null, reason: 'real-data interval is not finite' };
  if (!ok(synth)) return { raw: null, clipped: null, reason: 'synthetic-data interval is not finite' };
  const wr = real[1] - real[0];
  const ws = synth[1] - synth[0];
  if (wr === 0 || ws === 0) return { raw: null, clipped: null, reason: 'an interval has zero width' };
  const L = Math.max(real[0], synth[0]);
  const U = Math.min(real[1], synth[1]);
  const raw = 0.5 * ((U - L) / wr + (U - L) / ws);
  return { raw, clipped: Math.max(0, raw) };
}

/** Wald interval [estimate - z * se, estimate + z * se] at the given two-sided confidence. */
export function waldInterval(estimate: number, se: number, confidence = 0.95): Bounds {
  const z = normalQuantile((1 + confidence) / 2);
  return [estimate - z * se, estimate + z * se];
}
