// Naive Bayes classifier over a Design: Gaussian class-conditional densities for numeric columns and categorical
// (multinomial over codes, Laplace smoothing alpha = 1) for categorical columns, as scikit-learn's GaussianNB + CategoricalNB combined.
//
// Conventions (scikit-learn's): class prior = weighted class share; Gaussian variance = weighted population variance per
// class plus var_smoothing = 1e-9 * the largest (unweighted) variance of the numeric columns; P(code c | class k) =
// (w_kc + alpha) / (w_k + alpha * catSize), over all catSize codes of the column (levels, missing, unseen). Classes
// with no weight get probability 0.

import type { Design, Learner, Target } from './learner.js';
import { validateFitInputs } from './validate.js';
import { checkTreeDesign } from './hist-tree.js';
import { softmaxRows } from './link.js';

export interface NaiveBayesOptions {
  /** Laplace / Lidstone smoothing of the categorical tables (default 1). */
  alpha?: number;
  /** Share of the largest numeric variance added to every variance (default 1e-9). */
  varSmoothing?: number;
}

export class NaiveBayes implements Learner {
  readonly name = 'naive-bayes';
  private readonly alpha: number;
  private readonly varSmoothing: number;
  private K = 0;
  private logPrior = new Float64Array(0);
  /** K * p means and variances. */
  private mean = new Float64Array(0);
  private variance = new Float64Array(0);
  /** Per categorical column: K * catSize log-probabilities. */
  private logTheta: Float64Array[] = [];
  private p = 0;
  private catSizes: number[] = [];

  constructor(opts: NaiveBayesOptions = {}) {
    this.alpha = opts.alpha ?? 1;
    this.varSmoothing = opts.varSmoothing ?? 1e-9;
    if (!(this.alpha >= 0)) throw new Error('naive-bayes: alpha must be >= 0');
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    if (target.kind !== 'classification') throw new Error('naive-bayes: classification only (regression targets are not supported)');
    validateFitInputs(X, target, w, 'naive-bayes');
    checkTreeDesign(X, X.num.length, X.catSizes, 'naive-bayes');
    const n = X.n;
    const K = target.nClasses;
    const y = target.y;
    const p = X.num.length;
    this.K = K;
    this.p = p;
    this.catSizes = X.catSizes.slice();
    const cw = new Float64Array(K);
    let W = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      cw[y[i]] += wi;
      W += wi;
    }
    this.logPrior = new Float64Array(K);
    for (let k = 0; k < K; k++) this.logPrior[k] = cw[k] > 0 ? Math.log(cw[k] / W) : -Infinity;
    // numeric: per-class weighted mean and population variance
    let maxVar = 0;
    for (let a = 0; a < p; a++) {
      const col = X.num[a];
      let s = 0;
      for (let i = 0; i < n; i++) s += col[i];
      const mu = s / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (col[i] - mu) ** 2;
      maxVar = Math.max(maxVar, v / n);
    }
    const eps = this.varSmoothing * maxVar;
    this.mean = new Float64Array(K * p);
    this.variance = new Float64Array(K * p);
    for (let a = 0; a < p; a++) {
      const col = X.num[a];
      const s1 = new Float64Array(K);
      for (let i = 0; i < n; i++) s1[y[i]] += (w ? w[i] : 1) * col[i];
      for (let k = 0; k < K; k++) this.mean[k * p + a] = cw[k] > 0 ? s1[k] / cw[k] : 0;
      const s2 = new Float64Array(K);
      for (let i = 0; i < n; i++) {
        const d = col[i] - this.mean[y[i] * p + a];
        s2[y[i]] += (w ? w[i] : 1) * d * d;
      }
      for (let k = 0; k < K; k++) this.variance[k * p + a] = (cw[k] > 0 ? s2[k] / cw[k] : 0) + eps;
    }
    // categorical tables
    this.logTheta = [];
    for (let j = 0; j < X.cat.length; j++) {
      const c = X.cat[j];
      const C = X.catSizes[j];
      const t = new Float64Array(K * C);
      for (let i = 0; i < n; i++) t[y[i] * C + c[i]] += w ? w[i] : 1;
      for (let k = 0; k < K; k++) {
        const den = cw[k] + this.alpha * C;
        for (let v = 0; v < C; v++) t[k * C + v] = den > 0 ? Math.log((t[k * C + v] + this.alpha) / den) : -Math.log(C);
      }
      this.logTheta.push(t);
    }
    return this;
  }

  /** Joint log-likelihood log P(k) + log P(x | k), n * K (-Infinity for classes without weight). */
  jointLogLikelihood(X: Design): Float64Array {
    if (!this.logPrior.length) throw new Error('naive-bayes: not fitted');
    checkTreeDesign(X, this.p, this.catSizes, 'naive-bayes');
    const n = X.n;
    const K = this.K;
    const p = this.p;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = this.logPrior[k];
    const LOG2PI = Math.log(2 * Math.PI);
    for (let a = 0; a < p; a++) {
      const col = X.num[a];
      for (let k = 0; k < K; k++) {
        const mu = this.mean[k * p + a];
        const v = this.variance[k * p + a];
        if (!(v > 0)) continue; // class without weight (already -Infinity) or a zero-variance column with no smoothing
        const c0 = -0.5 * (LOG2PI + Math.log(v));
        const inv = 0.5 / v;
        for (let i = 0; i < n; i++) {
          const d = col[i] - mu;
          out[i * K + k] += c0 - d * d * inv;
        }
      }
    }
    for (let j = 0; j < this.logTheta.length; j++) {
      const c = X.cat[j];
      const C = this.catSizes[j];
      const t = this.logTheta[j];
      for (let i = 0; i < n; i++) {
        const v = c[i];
        for (let k = 0; k < K; k++) out[i * K + k] += t[k * C + v];
      }
    }
    return out;
  }

  predict(X: Design): Float64Array {
    const out = this.jointLogLikelihood(X);
    const K = this.K;
    softmaxRows(out, out, X.n, K);
    return out;
  }
}
