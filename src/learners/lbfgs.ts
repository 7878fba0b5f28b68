// Limited-memory BFGS minimisation (two-loop recursion, memory 10) with a backtracking Armijo line search.
// Nocedal & Wright, Numerical Optimization (2006), Algorithm 7.4/7.5; used for the multinomial logistic fit.

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimise f over x starting at x0. `fg(x, g)` returns f(x) and writes the gradient into g.
 * Converged when max|g| <= gtol, or when no decrease is possible at machine precision.
 */
export function lbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, opts: { maxIter: number; gtol: number; memory?: number }): LbfgsResult {
  const n = x0.length;
  const M = opts.memory ?? 10;
  const x = new Float64Array(x0);
  const g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(M);
  const maxAbs = (v: Float64Array) => {
    let m = 0;
    for (let i = 0; i < v.length; i++) {
      const a = Math.abs(v[i]);
      if (a > m) m = a;
    }
    return m;
  };
  let iter = 0;
  let converged = maxAbs(g) <= opts.gtol;
  while (!converged && iter < opts.maxIter) {
    iter++;
    // two-loop recursion: d = -H g
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      let a = 0;
      const s = S[j];
      for (let i = 0; i < n; i++) a += s[i] * d[i];
      a *= rho[j];
      alpha[j] = a;
      const y = Y[j];
      for (let i = 0; i < n; i++) d[i] -= a * y[i];
    }
    if (k > 0) {
      const s = S[k - 1];
      const y = Y[k - 1];
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i] * y[i];
        yy += y[i] * y[i];
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      const gm = maxAbs(g);
      const sc = gm > 0 ? 1 / Math.max(1, gm) : 1;
      for (let i = 0; i < n; i++) d[i] *= sc;
    }
    for (let j = 0; j < k; j++) {
      const y = Y[j];
      let b = 0;
      for (let i = 0; i < n; i++) b += y[i] * d[i];
      b *= rho[j];
      const s = S[j];
      const c = alpha[j] - b;
      for (let i = 0; i < n; i++) d[i] += c * s[i];
    }
    let gd = 0;
    for (let i = 0; i < n; i++) gd += g[i] * d[i];
    if (!(gd < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      const gm = maxAbs(g);
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(1, gm);
      gd = 0;
      for (let i = 0; i < n; i++) gd += g[i] * d[i];
      if (!(gd < 0)) break;
    }
    let t = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * t * gd) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      converged = maxAbs(g) <= opts.gtol * 1e3; // stalled at machine precision
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > 1e-12) {
      if (S.length === M) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    if (maxAbs(g) <= opts.gtol) converged = true;
    else if (fOld - f <= 1e-16 * Math.max(1, Math.abs(f)) && fOld - f >= 0 && maxAbs(g) <= opts.gtol * 1e3) converged = true;
  }
  return { x, f, iterations: iter, converged };
}
