// Cramér's V of an r x k contingency table, uncorrected (Cramér 1946) and bias-corrected (Bergsma 2013,
// J. Korean Stat. Soc. 42:323-328), as in docs/definitions.md#cramérs-v; computed over the levels that occur.

export interface CramerV {
  /** Uncorrected V = sqrt(phi^2 / min(k - 1, r - 1)); null when fewer than 2 occurring levels on a side. */
  v: number | null;
  /** Bergsma's corrected V~; null when undefined (see reason). */
  vCorrected: number | null;
  /** Occurring rows / columns (all-zero rows and columns of the table are dropped before r, k). */
  r: number;
  k: number;
  n: number;
  chi2: number;
  reason?: string;
}

/**
 * Cramér's V of the r x k table stored row-major at table[offset ..]. Rows and columns whose total is zero are
 * dropped before r and k are counted (levels absent from this table do not count as categories).
 * Bias correction (Bergsma 2013): phi~^2 = max(0, phi^2 - (k-1)(r-1)/(n-1)), k~ = k - (k-1)^2/(n-1),
 * r~ = r - (r-1)^2/(n-1), V~ = sqrt(phi~^2 / min(k~ - 1, r~ - 1)); null when that denominator is <= 0 (every level
 * of one side occurs exactly once).
 */
export function cramersV(table: ArrayLike<number>, r: number, k: number, offset = 0): CramerV {
  const rs = new Float64Array(r);
  const cs = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < r; i++) {
    const base = offset + i * k;
    for (let j = 0; j < k; j++) {
      const o = table[base + j];
      rs[i] += o;
      cs[j] += o;
    }
    n += rs[i];
  }
  let re = 0;
  let ke = 0;
  for (let i = 0; i < r; i++) if (rs[i] > 0) re++;
  for (let j = 0; j < k; j++) if (cs[j] > 0) ke++;
  if (re < 2 || ke < 2 || n < 2) {
    return { v: null, vCorrected: null, r: re, k: ke, n, chi2: 0, reason: n < 2 ? 'fewer than 2 rows' : 'a column has fewer than 2 occurring levels' };
  }
  // chi^2 = n (sum O^2 / (R_i C_j) - 1) over occurring rows and columns
  let s = 0;
  for (let i = 0; i < r; i++) {
    if (rs[i] === 0) continue;
    const base = offset + i * k;
    for (let j = 0; j < k; j++) {
      const o = table[base + j];
      if (o !== 0) s += (o * o) / (rs[i] * cs[j]);
    }
  }
  const chi2 = Math.max(0, n * (s - 1));
  const phi2 = chi2 / n;
  const v = Math.sqrt(Math.min(1, phi2 / Math.min(ke - 1, re - 1))); // min(1, .) only absorbs rounding
  const phi2c = Math.max(0, phi2 - ((ke - 1) * (re - 1)) / (n - 1));
  const kc = ke - (ke - 1) ** 2 / (n - 1);
  const rc = re - (re - 1) ** 2 / (n - 1);
  const den = Math.min(kc - 1, rc - 1);
  let vCorrected: number | null;
  let reason: string | undefined;
  // den = min(k~ - 1, r~ - 1) <= 0 exactly when every level of a side occurs once (n = k or n = r), where phi~^2 = 0 too:
  // 0/0 is undefined. (Testing phi~^2 === 0 first gave 0 or null there depending on the rounding of phi~^2.)
  if (den > 0) vCorrected = Math.sqrt(phi2c / den); // not clipped: report what the formula gives
  else {
    vCorrected = null;
    reason = 'corrected denominator min(k~ - 1, r~ - 1) <= 0 (too few rows for the number of levels)';
  }
  return { v, vCorrected, r: re, k: ke, n, chi2, ...(reason ? { reason } : {}) };
}
