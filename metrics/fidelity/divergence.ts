// Distances between two frequency tables over the same cells: total variation, smoothed Kullback-Leibler,
// Jensen-Shannon distance (sqrt JSD, log base 2) and Hellinger, as in docs/definitions.md#fidelity.

/**
 * Inputs are raw COUNT vectors p and q over the same cells (or the same slice [offset, offset + size) of two
 * flat buffers); each is normalised by its own total inside. A table with total 0 gives NaN (callers map to null).
 */

const TOT = new Float64Array(2);

/** Totals of p and q over [offset, end) into TOT (a module scratch: no allocation in the per-pair hot path). */
function sliceTotals(p: ArrayLike<number>, q: ArrayLike<number>, offset: number, end: number): void {
  let np = 0;
  let nq = 0;
  for (let i = offset; i < end; i++) {
    np += p[i];
    nq += q[i];
  }
  TOT[0] = np;
  TOT[1] = nq;
}

/** TVD = 1/2 sum |p_i - q_i| in [0, 1]. (SDMetrics' TVComplement = 1 - TVD; we report TVD itself.) */
export function tvd(p: ArrayLike<number>, q: ArrayLike<number>, offset = 0, size = p.length - offset): number {
  const end = offset + size;
  sliceTotals(p, q, offset, end);
  const np = TOT[0];
  const nq = TOT[1];
  if (!(np > 0 && nq > 0)) return NaN;
  let s = 0;
  for (let i = offset; i < end; i++) s += Math.abs(p[i] / np - q[i] / nq);
  return s / 2;
}

/**
 * D(p || q) = sum p_i ln(p_i / q_i) in nats, with additive smoothing on a COMMON scale: each table's proportions get the
 * same pseudo-probability e = alpha / n_min in every cell (all the domain's cells, including missing/unseen codes), with
 * n_min = the smaller of the two totals, then are renormalised: p~_i = (c_i / n + e) / (1 + k e), k = number of cells.
 * So alpha is a pseudo-count per cell at the smaller table's size (for equal sizes exactly "alpha added to every cell's
 * count"), and two tables with the same proportions give exactly 0 whatever their sizes (alpha added to raw counts of
 * tables of unequal size would not). A table with total 0 gives NaN.
 */
export function klSmoothed(p: ArrayLike<number>, q: ArrayLike<number>, alpha = 0.5, offset = 0, size = p.length - offset): number {
  const end = offset + size;
  sliceTotals(p, q, offset, end);
  const np = TOT[0];
  const nq = TOT[1];
  if (!(np > 0 && nq > 0)) return NaN;
  const e = alpha / Math.min(np, nq);
  const z = 1 + size * e;
  let s = 0;
  for (let i = offset; i < end; i++) {
    const pi = (p[i] / np + e) / z;
    if (pi <= 0) continue;
    const qi = (q[i] / nq + e) / z;
    s += pi * Math.log(pi / qi);
  }
  return s < 0 ? 0 : s;
}

/** Jensen-Shannon distance = sqrt(JSD) with log base 2, in [0, 1]; no smoothing (0 log 0 = 0). */
export function jsDistance(p: ArrayLike<number>, q: ArrayLike<number>, offset = 0, size = p.length - offset): number {
  const end = offset + size;
  sliceTotals(p, q, offset, end);
  const np = TOT[0];
  const nq = TOT[1];
  if (!(np > 0 && nq > 0)) return NaN;
  let s = 0;
  for (let i = offset; i < end; i++) {
    const pi = p[i] / np;
    const qi = q[i] / nq;
    const mi = (pi + qi) / 2;
    if (pi > 0) s += pi * Math.log2(pi / mi);
    if (qi > 0) s += qi * Math.log2(qi / mi);
  }
  const jsd = s / 2;
  return Math.sqrt(Math.min(1, Math.max(0, jsd)));
}

/** Hellinger distance H = sqrt(1 - sum sqrt(p_i q_i)) in [0, 1]; no smoothing. */
export function hellinger(p: ArrayLike<number>, q: ArrayLike<number>, offset = 0, size = p.length - offset): number {
  const end = offset + size;
  sliceTotals(p, q, offset, end);
  const np = TOT[0];
  const nq = TOT[1];
  if (!(np > 0 && nq > 0)) return NaN;
  // 1 - sum sqrt(p q) = 1/2 sum (sqrt p - sqrt q)^2: the second form is exactly 0 for equal tables (no cancellation)
  let s = 0;
  for (let i = offset; i < end; i++) {
    const d = Math.sqrt(p[i] / np) - Math.sqrt(q[i] / nq);
    s += d * d;
  }
  return Math.sqrt(Math.min(1, s / 2));
}
