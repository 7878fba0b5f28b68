// Confidence-interval overlap between an estimate fitted on real data and the same estimate fitted on synthetic data,
// Karr, Kohnen, Oganian, Reiter & Sanil (2006): J = 1/2 [(U - L)/(U_R - L_R) + (U - L)/(U_S - L_S)], L = max of lowers, U = min of uppers.

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

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1] (got ${p})`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** Wald interval estimate +- z * se at the given two-sided confidence. */
export function waldInterval(estimate: number, se: number, confidence = 0.95): Interval {
  const z = normalQuantile((1 + confidence) / 2);
  return { lower: estimate - z * se, upper: estimate + z * se };
}
