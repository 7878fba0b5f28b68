// Inverse link functions shared by the learners that model class probabilities (logistic regression, gradient
// boosting, naive Bayes): the logistic sigmoid and the row-wise softmax, both written to avoid overflow.

/** Logistic sigmoid 1 / (1 + e^-x), evaluated without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Row-wise softmax of n rows of K scores (row-major), stable (the row maximum subtracted before exp); dst may be src.
 * A score of -Infinity gets probability 0; a row that is all -Infinity gives NaN.
 */
export function softmaxRows(src: Float64Array, dst: Float64Array, n: number, K: number): void {
  for (let i = 0; i < n; i++) {
    const r = i * K;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) if (src[r + k] > mx) mx = src[r + k];
    let z = 0;
    for (let k = 0; k < K; k++) {
      dst[r + k] = Math.exp(src[r + k] - mx);
      z += dst[r + k];
    }
    for (let k = 0; k < K; k++) dst[r + k] /= z;
  }
}
