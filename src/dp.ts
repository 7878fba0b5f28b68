// Differential-privacy accounting: the normal CDF and its inverse, Gaussian DP (mu-GDP) and zCDP (rho) composition,
// conversions to (epsilon, delta) and to a bound on membership-inference advantage (docs/definitions.md#differential-privacy-accounting; Dong, Roth & Su 2022; Bun & Steinke 2016; Canonne, Kamath & Steinke 2020).
//
// Conventions (stated once, used everywhere in src/generators):
// - Neighbouring datasets differ by adding or removing one row ("add-remove"); a count vector (a marginal) then has
//   L1 and L2 sensitivity 1, so N(0, sigma^2) noise per cell is (1/sigma)-GDP and 1/(2 sigma^2)-zCDP.
// - zCDP -> (epsilon, delta): by default `zcdpToEpsilon` / `epsilonDeltaToRho` use the simple bound of the definitions
//   sheet, rho + 2 sqrt(rho ln(1/delta)), and are exact inverses; with conversion 'tight' they use the conversion of
//   Canonne-Kamath-Steinke 2020 (Prop. 12; `zcdpToEpsilonTight`, `zcdpDelta`), the one MST itself uses. Both are valid;
//   the tight one allows about 47% more rho at epsilon 1, delta 1e-5 (0.0306 vs 0.0208). The generators calibrate with 'tight' and say so.
// - An epsilon-DP mechanism (exponential mechanism, Laplace) is (epsilon^2/2)-zCDP in general and (epsilon^2/8)-zCDP for the
//   exponential mechanism (bounded range, Cesar & Rogers 2021); in GDP it is mu-GDP with mu = 2 PhiInv(e^eps / (1 + e^eps))
//   (the epsilon-DP trade-off curve is piecewise linear with its kink at (1/(1+e^eps), 1/(1+e^eps)); G_mu lies below it iff
//   it passes below that point). That bound is tight in advantage: both give (e^eps - 1)/(e^eps + 1).

const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal density. */
export function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT2PI;
}

/** Mills ratio R(x) = Q(x)/phi(x) for x >= 3 by the continued fraction 1/(x + 1/(x + 2/(x + 3/(x + ...)))) (modified Lentz). */
function millsRatio(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let j = 1; j < 5000; j++) {
    D = x + j * D;
    if (D === 0) D = tiny;
    C = x + j / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/**
 * Standard normal CDF, relative accuracy ~1e-14 in both tails: Marsaglia's series
 * Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...) for |x| <= 3, the Mills-ratio continued fraction beyond.
 */
export function Phi(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  if (x < -3) return phi(x) * millsRatio(-x);
  if (x > 3) return 1 - phi(x) * millsRatio(x);
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; k < 1000; k += 2) {
    term *= x2 / k;
    const s = sum + term;
    if (s === sum) break;
    sum = s;
  }
  return 0.5 + phi(x) * sum;
}

/** log Phi(x), accurate far into the lower tail (where Phi underflows). */
export function logPhi(x: number): number {
  if (x < -3) return -0.5 * x * x - LOG_SQRT2PI + Math.log(millsRatio(-x));
  if (x > 3) return Math.log1p(-phi(x) * millsRatio(x));
  return Math.log(Phi(x));
}

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation (relative error 1.15e-9) refined by two
 * Halley steps on the accurate Phi above, giving ~1e-15. Upper half by symmetry (1 - p is exact there).
 */
export function PhiInv(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -PhiInv(1 - p);
  if (p === 0.5) return 0;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  for (let it = 0; it < 2; it++) {
    const e = Phi(x) - p;
    const u = e * SQRT2PI * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new RangeError(msg);
}

// ---------------------------------------------------------------------------------------------------------------
// Gaussian DP

/** Largest membership advantage (TPR - FPR) of a mu-GDP mechanism: 2 Phi(mu/2) - 1. */
export function muToAdvantage(mu: number): number {
  check(mu >= 0, `mu must be >= 0 (got ${mu})`);
  return 1 - 2 * Phi(-mu / 2);
}

/** The mu whose largest advantage is A: mu = 2 PhiInv((1 + A)/2), A in [0, 1). */
export function advantageToMu(advantage: number): number {
  check(advantage >= 0 && advantage < 1, `advantage must be in [0, 1) (got ${advantage})`);
  if (advantage === 0) return 0;
  // (1 + A)/2 in upper half: use the lower tail for accuracy
  return -2 * PhiInv((1 - advantage) / 2);
}

/** delta(epsilon) of mu-GDP (Dong, Roth & Su 2022): Phi(-eps/mu + mu/2) - e^eps Phi(-eps/mu - mu/2). */
export function gdpDelta(epsilon: number, mu: number): number {
  check(mu >= 0 && epsilon >= 0, 'gdpDelta needs epsilon >= 0 and mu >= 0');
  if (mu === 0) return 0;
  const a = Phi(-epsilon / mu + mu / 2);
  const b = Math.exp(epsilon + logPhi(-epsilon / mu - mu / 2));
  return Math.max(0, a - b);
}

/** Smallest epsilon with gdpDelta(epsilon, mu) <= delta (0 if delta already covers epsilon = 0). */
export function gdpEpsilon(mu: number, delta: number): number {
  check(mu >= 0, `mu must be >= 0 (got ${mu})`);
  check(delta > 0 && delta < 1, `delta must be in (0, 1) (got ${delta})`);
  if (mu === 0 || gdpDelta(0, mu) <= delta) return 0;
  let lo = 0;
  let hi = Math.max(1, mu);
  while (gdpDelta(hi, mu) > delta) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) return Infinity;
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (gdpDelta(mid, mu) > delta) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Largest mu such that mu-GDP is (epsilon, delta)-DP (inverts gdpDelta in mu; delta grows with mu). */
export function gdpMu(epsilon: number, delta: number): number {
  check(epsilon >= 0, `epsilon must be >= 0 (got ${epsilon})`);
  check(delta > 0 && delta < 1, `delta must be in (0, 1) (got ${delta})`);
  let lo = 0;
  let hi = 1;
  while (gdpDelta(epsilon, hi) < delta) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) return Infinity;
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (gdpDelta(epsilon, mid) < delta) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** mu-GDP composition: sqrt(sum mu_i^2). */
export function composeGdp(...mus: number[]): number {
  let s = 0;
  for (const m of mus) s += m * m;
  return Math.sqrt(s);
}

/** mu of the Gaussian mechanism with L2 sensitivity `sensitivity` and noise sd sigma: sensitivity / sigma. */
export function gaussianMu(sigma: number, sensitivity = 1): number {
  return sensitivity / sigma;
}

/** mu-GDP bound of an epsilon-DP mechanism: 2 PhiInv(e^eps/(1 + e^eps)) (tight in advantage; see header). */
export function pureDpToMu(epsilon: number): number {
  check(epsilon >= 0, `epsilon must be >= 0 (got ${epsilon})`);
  if (epsilon === 0) return 0;
  return -2 * PhiInv(1 / (1 + Math.exp(epsilon)));
}

/** Inverse of pureDpToMu: the epsilon of an epsilon-DP mechanism that is exactly mu-GDP by that bound: ln(Phi(mu/2)/Phi(-mu/2)). */
export function muToPureDp(mu: number): number {
  check(mu >= 0, `mu must be >= 0 (got ${mu})`);
  if (mu === 0) return 0;
  return Math.log(Phi(mu / 2)) - logPhi(-mu / 2);
}

// ---------------------------------------------------------------------------------------------------------------
// zCDP

/** zCDP composition: sum rho_i. */
export function composeZcdp(...rhos: number[]): number {
  let s = 0;
  for (const r of rhos) s += r;
  return s;
}

/** rho of the Gaussian mechanism: sensitivity^2 / (2 sigma^2). */
export function gaussianRho(sigma: number, sensitivity = 1): number {
  return (sensitivity * sensitivity) / (2 * sigma * sigma);
}

/** Noise sd giving rho-zCDP for a query of L2 sensitivity `sensitivity`. */
export function sigmaForRho(rho: number, sensitivity = 1): number {
  return sensitivity / Math.sqrt(2 * rho);
}

/** epsilon-DP => (epsilon^2 / 2)-zCDP (Bun & Steinke 2016, Prop. 1.4). */
export function pureDpToRho(epsilon: number): number {
  return (epsilon * epsilon) / 2;
}

/** The exponential mechanism with parameter epsilon is (epsilon^2 / 8)-zCDP (bounded range; Cesar & Rogers 2021). */
export function expMechRho(epsilon: number): number {
  return (epsilon * epsilon) / 8;
}

/** Per-round exponential-mechanism epsilon spending rho over `rounds` rounds: sqrt(8 rho / rounds). */
export function expMechEpsilonForRho(rho: number, rounds = 1): number {
  return Math.sqrt((8 * rho) / rounds);
}

/**
 * rho-zCDP -> (epsilon, delta). 'simple' (default): the definitions sheet's rho + 2 sqrt(rho ln(1/delta));
 * 'tight': Canonne-Kamath-Steinke (zcdpToEpsilonTight).
 */
export function zcdpToEpsilon(rho: number, delta: number, conversion: 'simple' | 'tight' = 'simple'): number {
  check(rho >= 0, `rho must be >= 0 (got ${rho})`);
  check(delta > 0 && delta < 1, `delta must be in (0, 1) (got ${delta})`);
  if (conversion === 'tight') return zcdpToEpsilonTight(rho, delta);
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

/** Minimise f over alpha in (1, inf): coarse log grid on alpha - 1, then golden-section refinement. */
function minOverAlpha(f: (alpha: number) => number): number {
  let best = Infinity;
  let bestT = 0;
  for (let t = -6; t <= 6.0001; t += 0.02) {
    const v = f(1 + 10 ** t);
    if (v < best) {
      best = v;
      bestT = t;
    }
  }
  let a = bestT - 0.02;
  let b = bestT + 0.02;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(1 + 10 ** c);
  let fd = f(1 + 10 ** d);
  for (let it = 0; it < 80; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(1 + 10 ** c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(1 + 10 ** d);
    }
  }
  return Math.min(best, fc, fd);
}

/**
 * delta(epsilon) of rho-zCDP by Canonne, Kamath & Steinke 2020 (Prop. 12):
 * delta = min_{alpha > 1} exp((alpha - 1)(alpha rho - epsilon)) / (alpha - 1) * (1 - 1/alpha)^alpha, capped at 1.
 */
export function zcdpDelta(rho: number, epsilon: number): number {
  check(rho >= 0 && epsilon >= 0, 'zcdpDelta needs rho >= 0 and epsilon >= 0');
  if (rho === 0) return 0;
  const logDelta = minOverAlpha((al) => (al - 1) * (al * rho - epsilon) + (al - 1) * Math.log1p(-1 / al) - Math.log(al));
  return Math.min(1, Math.exp(logDelta));
}

/** rho-zCDP -> (epsilon, delta) by the same tight conversion: min_alpha alpha rho + ln(1 - 1/alpha) - (ln delta + ln alpha)/(alpha - 1). */
export function zcdpToEpsilonTight(rho: number, delta: number): number {
  check(rho >= 0, `rho must be >= 0 (got ${rho})`);
  check(delta > 0 && delta < 1, `delta must be in (0, 1) (got ${delta})`);
  if (rho === 0) return 0;
  const ld = Math.log(delta);
  return Math.max(0, minOverAlpha((al) => al * rho + Math.log1p(-1 / al) - (ld + Math.log(al)) / (al - 1)));
}

/**
 * Largest rho whose zCDP guarantee implies (epsilon, delta)-DP, the inverse of zcdpToEpsilon: 'simple' (default) in closed
 * form, rho = (sqrt(eps + L) - sqrt(L))^2 with L = ln(1/delta); 'tight' inverts zcdpToEpsilonTight numerically.
 */
export function epsilonDeltaToRho(epsilon: number, delta: number, conversion: 'simple' | 'tight' = 'simple'): number {
  check(epsilon > 0, `epsilon must be > 0 (got ${epsilon})`);
  check(delta > 0 && delta < 1, `delta must be in (0, 1) (got ${delta})`);
  const L = Math.log(1 / delta);
  const simple = (Math.sqrt(epsilon + L) - Math.sqrt(L)) ** 2;
  if (conversion === 'simple') return simple;
  // the tight conversion allows at least the simple rho; bracket upwards from there
  let lo = simple;
  let hi = simple * 2;
  while (zcdpToEpsilonTight(hi, delta) <= epsilon) {
    lo = hi;
    hi *= 2;
  }
  for (let it = 0; it < 100 && hi - lo > 1e-13 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (zcdpToEpsilonTight(mid, delta) <= epsilon) lo = mid;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------------
// Membership-advantage bounds

/** Largest membership advantage under (epsilon, delta)-DP: (e^eps - 1 + 2 delta)/(e^eps + 1), capped at 1. */
export function epsilonDeltaAdvantage(epsilon: number, delta: number): number {
  check(epsilon >= 0 && delta >= 0, 'epsilonDeltaAdvantage needs epsilon >= 0 and delta >= 0');
  if (epsilon > 700) return 1;
  const e = Math.exp(epsilon);
  return Math.min(1, (e - 1 + 2 * delta) / (e + 1));
}

/**
 * Advantage bound of a rho-zCDP mechanism through its (epsilon, delta(epsilon)) profile, minimised over epsilon >= 0
 * (definitions sheet: used whenever a step is accounted only in zCDP, e.g. the exponential mechanism).
 */
export function zcdpAdvantage(rho: number): number {
  check(rho >= 0, `rho must be >= 0 (got ${rho})`);
  if (rho === 0) return 0;
  const f = (eps: number) => epsilonDeltaAdvantage(eps, zcdpDelta(rho, eps));
  // coarse grid on epsilon, then golden section around the best point
  const top = zcdpToEpsilon(rho, 1e-12) + 1;
  let best = Infinity;
  let bestE = 0;
  const steps = 400;
  for (let i = 0; i <= steps; i++) {
    const e = (top * i) / steps;
    const v = f(e);
    if (v < best) {
      best = v;
      bestE = e;
    }
  }
  let a = Math.max(0, bestE - top / steps);
  let b = Math.min(top, bestE + top / steps);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return Math.min(best, f(0.5 * (a + b)));
}

// ---------------------------------------------------------------------------------------------------------------
// A ledger of mechanisms, for transparent claims

export interface LedgerEntry {
  /** What was released, e.g. '1-way marginals', 'selection round 3', 'bounds of age'. */
  label: string;
  mechanism: 'gaussian' | 'exponential' | 'laplace';
  /** Gaussian: noise sd per cell and L2 sensitivity; number of count vectors measured. */
  sigma?: number;
  count?: number;
  /** Pure-DP mechanisms (exponential, Laplace): epsilon per use, times `count`. */
  epsilon?: number;
  /** This entry's cost in the run's accounting. */
  rho?: number;
  mu?: number;
}

/** rho of a ledger (zCDP accounting): Gaussian count/(2 sigma^2), exponential count eps^2/8, Laplace count eps^2/2. */
export function ledgerRho(entries: LedgerEntry[]): number {
  let r = 0;
  for (const e of entries) {
    const k = e.count ?? 1;
    if (e.mechanism === 'gaussian') r += k * gaussianRho(e.sigma!);
    else if (e.mechanism === 'exponential') r += k * expMechRho(e.epsilon!);
    else r += k * pureDpToRho(e.epsilon!);
  }
  return r;
}

/** mu of a ledger (GDP accounting): Gaussian sqrt(count)/sigma, pure-DP steps by pureDpToMu, composed in quadrature. */
export function ledgerMu(entries: LedgerEntry[]): number {
  let s = 0;
  for (const e of entries) {
    const k = e.count ?? 1;
    if (e.mechanism === 'gaussian') s += k / (e.sigma! * e.sigma!);
    else s += k * pureDpToMu(e.epsilon!) ** 2;
  }
  return Math.sqrt(s);
}
