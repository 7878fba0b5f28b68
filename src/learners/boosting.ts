// Histogram gradient-boosted trees like scikit-learn's HistGradientBoosting (Friedman 2001; Ke et al. 2017): Newton leaf
// values -G/(H + l2), binary log-loss, multiclass softmax (one tree per class per round), regression squared error.
//
// Differences from scikit-learn's defaults, on purpose: maxDepth defaults to 3 (scikit-learn: unlimited with 31 leaves);
// no early stopping (scikit-learn turns it on above 10,000 rows); categorical Design columns are split natively by
// ordering codes by -G/H (scikit-learn would see the one-hot as numeric columns). Counts (minSamplesLeaf) are weighted counts.

import type { Design, Learner, Target } from './learner.js';
import type { Rng } from '../rng.js';
import { addTreePrediction, binDesign, checkTreeDesign, DEFAULT_MAX_BINS, positiveRows, TreeGrower, type TreeModel } from './hist-tree.js';
import { validateFitInputs } from './validate.js';
import { sigmoid, softmaxRows } from './link.js';

export interface GradientBoostingOptions {
  /** Boosting rounds (default 100). */
  nEstimators?: number;
  /** Shrinkage (default 0.1). */
  learningRate?: number;
  /** Default 3; Infinity for unlimited (then maxLeafNodes bounds the tree). */
  maxDepth?: number;
  /** Best-first growth up to this many leaves (default 31). */
  maxLeafNodes?: number;
  /** Minimum weighted count per leaf (default 20). */
  minSamplesLeaf?: number;
  maxBins?: number;
  /** L2 penalty on leaf values (default 0). */
  l2Regularization?: number;
  /** Accepted for a uniform interface; boosting here draws no random numbers (no row or feature subsampling). */
  rng?: Rng;
}

export class GradientBoosting implements Learner {
  readonly name = 'boosting';
  private readonly opts: GradientBoostingOptions;
  /** trees[round * T + k], T = trees per round (nClasses when > 2, else 1). */
  private trees: TreeModel[] = [];
  private baseline = new Float64Array(0);
  private kind: 'binary' | 'multiclass' | 'regression' | 'single' = 'binary';
  private K = 0;

  constructor(opts: GradientBoostingOptions = {}) {
    this.opts = { ...opts };
    const ne = opts.nEstimators ?? 100;
    if (!(Number.isInteger(ne) && ne >= 1)) throw new Error(`boosting: nEstimators must be a positive integer (got ${ne})`);
    const lr = opts.learningRate ?? 0.1;
    if (!(lr > 0)) throw new Error(`boosting: learningRate must be > 0 (got ${lr})`);
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    validateFitInputs(X, target, w, 'boosting');
    const o = this.opts;
    const n = X.n;
    const data = binDesign(X, o.maxBins ?? DEFAULT_MAX_BINS, w);
    const lambda = o.l2Regularization ?? 0;
    const grower = new TreeGrower(data, {
      criterion: 'newton',
      maxDepth: o.maxDepth ?? 3,
      maxLeafNodes: o.maxLeafNodes ?? 31,
      minSamplesLeaf: o.minSamplesLeaf ?? 20,
      lambda,
    });
    const wt = w ?? new Float64Array(n).fill(1);
    const { rows, n: nRows } = positiveRows(wt);
    if (nRows === 0) throw new Error('boosting: no rows with positive weight');
    let W = 0;
    for (let i = 0; i < n; i++) W += wt[i];
    const rounds = o.nEstimators ?? 100;
    const lr = o.learningRate ?? 0.1;
    this.trees = [];
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    const task = { criterion: 'newton' as const, g, h, w: wt };
    const addLeaves = (grown: ReturnType<TreeGrower['grow']>, F: Float64Array, stride: number, k: number) => {
      const t = grown.tree;
      for (let v = 0; v < t.nNodes; v++) t.value[v] *= lr;
      for (let node = 0; node < t.nNodes; node++) {
        if (t.feature[node] >= 0) continue;
        const val = t.value[node];
        for (let r = grown.start[node]; r < grown.end[node]; r++) F[grown.rows[r] * stride + k] += val;
      }
      this.trees.push(t);
    };
    if (target.kind === 'regression') {
      this.kind = 'regression';
      this.K = 1;
      const y = target.y;
      let s = 0;
      for (let i = 0; i < n; i++) s += wt[i] * y[i];
      this.baseline = Float64Array.of(s / W);
      const F = new Float64Array(n).fill(this.baseline[0]);
      for (let it = 0; it < rounds; it++) {
        for (let i = 0; i < n; i++) {
          g[i] = wt[i] * (F[i] - y[i]);
          h[i] = wt[i];
        }
        addLeaves(grower.grow(rows, nRows, task), F, 1, 0);
      }
      return this;
    }
    const K = target.nClasses;
    const y = target.y;
    this.K = K;
    const classW = new Float64Array(K);
    for (let i = 0; i < n; i++) classW[y[i]] += wt[i];
    const eps = 2.220446049250313e-16;
    if (K === 1) {
      this.kind = 'single';
      this.baseline = new Float64Array(0);
      return this;
    }
    if (K === 2) {
      this.kind = 'binary';
      const p = Math.min(1 - eps, Math.max(eps, classW[1] / W));
      this.baseline = Float64Array.of(Math.log(p / (1 - p)));
      const F = new Float64Array(n).fill(this.baseline[0]);
      for (let it = 0; it < rounds; it++) {
        for (let i = 0; i < n; i++) {
          const pi = sigmoid(F[i]);
          g[i] = wt[i] * (pi - y[i]);
          h[i] = wt[i] * pi * (1 - pi);
        }
        addLeaves(grower.grow(rows, nRows, task), F, 1, 0);
      }
      return this;
    }
    this.kind = 'multiclass';
    this.baseline = new Float64Array(K);
    for (let k = 0; k < K; k++) this.baseline[k] = Math.log(Math.min(1 - eps, Math.max(eps, classW[k] / W)));
    const F = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) F[i * K + k] = this.baseline[k];
    const P = new Float64Array(n * K);
    for (let it = 0; it < rounds; it++) {
      // softmax of the scores at the start of the round (all K trees of a round see the same gradients)
      softmaxRows(F, P, n, K);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < n; i++) {
          const pk = P[i * K + k];
          g[i] = wt[i] * (pk - (y[i] === k ? 1 : 0));
          h[i] = wt[i] * pk * (1 - pk);
        }
        addLeaves(grower.grow(rows, nRows, task), F, K, k);
      }
    }
    return this;
  }

  /** Raw scores: n (binary log-odds / regression) or n * K (multiclass). */
  decisionFunction(X: Design): Float64Array {
    if (!this.baseline.length && this.kind !== 'single') throw new Error('boosting: not fitted');
    const n = X.n;
    const S = this.kind === 'multiclass' ? this.K : 1;
    const F = new Float64Array(n * S);
    if (this.kind === 'single') return F;
    if (this.trees.length) checkTreeDesign(X, this.trees[0].nNum, this.trees[0].catSizes, 'boosting');
    for (let i = 0; i < n; i++) for (let k = 0; k < S; k++) F[i * S + k] = this.baseline[k];
    if (S === 1) {
      for (const t of this.trees) addTreePrediction(t, X, F, 1);
      return F;
    }
    const tmp = new Float64Array(n);
    for (let j = 0; j < this.trees.length; j++) {
      const k = j % S;
      tmp.fill(0);
      addTreePrediction(this.trees[j], X, tmp, 1);
      for (let i = 0; i < n; i++) F[i * S + k] += tmp[i];
    }
    return F;
  }

  predict(X: Design): Float64Array {
    const n = X.n;
    if (this.kind === 'single') return new Float64Array(n).fill(1);
    const F = this.decisionFunction(X);
    if (this.kind === 'regression') return F;
    if (this.kind === 'binary') {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = sigmoid(F[i]);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    const K = this.K;
    softmaxRows(F, F, n, K);
    return F;
  }

  get models(): readonly TreeModel[] {
    return this.trees;
  }
}
