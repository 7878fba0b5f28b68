// Small dense linear algebra for the learners: Cholesky factorisation with a ridge fallback, solves, the diagonal
// of an inverse, and an in-order rank check that finds aliased columns (as R's lm/glm pivoting reports NA coefficients).

/**
 * In-place Cholesky A = L L^T of a symmetric positive-definite n x n row-major matrix; L is left in the lower
 * triangle (upper triangle untouched). Returns false when a pivot is not positive (matrix not numerically PD).
 */
export function cholesky(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = A[rj + j];
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k];
      A[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Solve L L^T x = b in place (b becomes x), L from cholesky(). */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[ri + k] * b[k];
    b[i] = s / L[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/** Diagonal of (L L^T)^{-1}: column by column of L^{-1} (O(n^3)). */
export function choleskyInverseDiag(L: Float64Array, n: number): Float64Array {
  // (L L^T)^{-1}_{ii} = sum_k (L^{-1})_{ki}^2; compute L^{-1} column i by forward substitution.
  const out = new Float64Array(n);
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    col.fill(0);
    col[i] = 1 / L[i * n + i];
    let acc = col[i] * col[i];
    for (let r = i + 1; r < n; r++) {
      const rr = r * n;
      let s = 0;
      for (let k = i; k < r; k++) s -= L[rr + k] * col[k];
      col[r] = s / L[rr + r];
      acc += col[r] * col[r];
    }
    out[i] = acc;
  }
  return out;
}

/**
 * Factorise a copy of the symmetric matrix A (n x n) by Cholesky; if it is not numerically positive definite,
 * add a ridge of eps * (mean absolute diagonal, or 1) to the diagonal, growing eps by 100x from 1e-12, until it is.
 * Returns the factor and the ridge used (0 when none was needed).
 */
export function choleskyWithRidge(A: Float64Array, n: number): { L: Float64Array; ridge: number } {
  const L = new Float64Array(A);
  if (cholesky(L, n)) return { L, ridge: 0 };
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(A[i * n + i]);
  scale = scale > 0 && Number.isFinite(scale) ? scale / n : 1;
  for (let eps = 1e-12; eps <= 1e6; eps *= 100) {
    L.set(A);
    const r = eps * scale;
    for (let i = 0; i < n; i++) L[i * n + i] += r;
    if (cholesky(L, n)) return { L, ridge: r };
  }
  // A has non-finite entries: fall back to the identity so callers take a plain gradient step.
  L.fill(0);
  for (let i = 0; i < n; i++) L[i * n + i] = 1;
  return { L, ridge: Infinity };
}

/**
 * In-order rank check of a symmetric positive semi-definite Gram matrix G (n x n): column k is kept when its
 * residual variance after projecting on the kept columns before it exceeds tol * G_kk (tol default 1e-7, as R's
 * QR); otherwise it is aliased (a linear combination of earlier columns, or all zero). Returns 1 = kept, 0 = aliased.
 */
export function sequentialRank(G: Float64Array, n: number, tol = 1e-7): Uint8Array {
  const keep = new Uint8Array(n);
  const L = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const gkk = G[k * n + k];
    if (!(gkk > 0)) continue;
    const rk = k * n;
    // L[k][j] for kept j < k
    for (let j = 0; j < k; j++) {
      if (!keep[j]) continue;
      const rj = j * n;
      let s = G[rk + j];
      for (let l = 0; l < j; l++) if (keep[l]) s -= L[rk + l] * L[rj + l];
      L[rk + j] = s / L[rj + j];
    }
    let d = gkk;
    for (let j = 0; j < k; j++) if (keep[j]) d -= L[rk + j] * L[rk + j];
    if (d > tol * gkk) {
      keep[k] = 1;
      L[rk + k] = Math.sqrt(d);
    } else {
      for (let j = 0; j < k; j++) L[rk + j] = 0;
    }
  }
  return keep;
}
