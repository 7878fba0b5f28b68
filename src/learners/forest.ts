// Random forest (Breiman 2001): bagged CART trees with per-node feature sampling, averaging class proportions
// (as scikit-learn's predict_proba) or regression values; features binned once per fit and shared by all trees.

import type { Design, Learner, Target } from './learner.js';
import type { Rng } from '../rng.js';
import { bootstrapWeights } from '../stats.js';
import { addTreePrediction, binDesign, checkTreeDesign, DEFAULT_MAX_BINS, positiveRows, resolveMaxFeatures, TreeGrower, type TreeModel } from './hist-tree.js';
import { treeTask } from './tree.js';
import { validateFitInputs } from './validate.js';

export interface RandomForestOptions {
  /** Default 100. */
  nTrees?: number;
  /** Default unlimited. */
  maxDepth?: number;
  /** Minimum weighted count in a leaf (default 1). */
  minSamplesLeaf?: number;
  minSamplesSplit?: number;
  /** Default 'sqrt' for classification, 'all' for regression (scikit-learn's defaults). Features = Design columns (a categorical column is one feature). */
  maxFeatures?: number | 'sqrt' | 'log2' | 'all';
  /** Bootstrap rows per tree (default true): n draws with replacement, used as integer weights (no row copies). */
  bootstrap?: boolean;
  maxBins?: number;
  criterion?: 'gini' | 'entropy';
  /** Seeds the bootstrap and feature sampling; tree t uses rng.fork(`tree:${t}`). */
  rng: Rng;
}

export class RandomForest implements Learner {
  readonly name = 'forest';
  private readonly opts: RandomForestOptions;
  private trees: TreeModel[] = [];
  private V = 0;
  private cls = true;

  constructor(opts: RandomForestOptions) {
    if (!opts || !opts.rng) throw new Error('forest: an rng is required');
    this.opts = { ...opts };
    const nt = opts.nTrees ?? 100;
    if (!(Number.isInteger(nt) && nt >= 1)) throw new Error(`forest: nTrees must be a positive integer (got ${nt})`);
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    validateFitInputs(X, target, w, 'forest');
    const o = this.opts;
    const data = binDesign(X, o.maxBins ?? DEFAULT_MAX_BINS, w);
    const cls = target.kind === 'classification';
    const maxFeatures = resolveMaxFeatures(o.maxFeatures, data.nFeat, cls ? 'sqrt' : 'all');
    const criterion = o.criterion ?? 'gini';
    const grower = new TreeGrower(data, {
      criterion: cls ? criterion : 'mse',
      nClasses: cls ? target.nClasses : undefined,
      maxDepth: o.maxDepth,
      minSamplesLeaf: o.minSamplesLeaf,
      minSamplesSplit: o.minSamplesSplit,
      maxFeatures,
    });
    const n = X.n;
    const nTrees = o.nTrees ?? 100;
    const bootstrap = o.bootstrap ?? true;
    const wt = new Float64Array(n);
    const rowsBuf = new Int32Array(n);
    this.trees = [];
    for (let t = 0; t < nTrees; t++) {
      const rng = o.rng.fork(`tree:${t}`);
      if (bootstrap) {
        bootstrapWeights(n, rng, wt);
        if (w) for (let i = 0; i < n; i++) wt[i] *= w[i];
      } else if (w) wt.set(w);
      else wt.fill(1);
      let m = 0;
      for (let i = 0; i < n; i++) if (wt[i] > 0) rowsBuf[m++] = i;
      if (m === 0) {
        // every drawn row has weight 0: fall back to all positive-weight rows
        const pr = positiveRows(w ?? new Float64Array(n).fill(1));
        rowsBuf.set(pr.rows.subarray(0, pr.n));
        m = pr.n;
        if (w) wt.set(w);
        else wt.fill(1);
      }
      this.trees.push(grower.grow(rowsBuf, m, treeTask(target, wt, criterion), maxFeatures < data.nFeat ? rng : null).tree);
    }
    this.V = cls ? target.nClasses : 1;
    this.cls = cls;
    return this;
  }

  /** Classification: mean of the trees' class proportions (n * nClasses). Regression: mean prediction (n). */
  predict(X: Design): Float64Array {
    if (!this.trees.length) throw new Error('forest: not fitted');
    const t0 = this.trees[0];
    checkTreeDesign(X, t0.nNum, t0.catSizes, 'forest');
    const out = new Float64Array(X.n * this.V);
    const s = 1 / this.trees.length;
    for (const t of this.trees) addTreePrediction(t, X, out, s);
    // averaging can overshoot 1 by an ulp; keep probabilities in [0, 1]
    if (this.cls) for (let i = 0; i < out.length; i++) if (out[i] > 1) out[i] = 1;
    return out;
  }

  /** The fitted trees. */
  get models(): readonly TreeModel[] {
    return this.trees;
  }

  /** Mean decrease in impurity per feature (numeric columns then categorical), normalised to sum 1 (scikit-learn's feature_importances_). */
  featureImportances(): Float64Array {
    if (!this.trees.length) throw new Error('forest: not fitted');
    const F = this.trees[0].nNum + this.trees[0].catSizes.length;
    const imp = new Float64Array(F);
    for (const t of this.trees) {
      const per = new Float64Array(F);
      let tot = 0;
      for (let k = 0; k < t.nNodes; k++) {
        if (t.feature[k] >= 0) {
          per[t.feature[k]] += t.gain[k];
          tot += t.gain[k];
        }
      }
      if (tot > 0) for (let f = 0; f < F; f++) imp[f] += per[f] / tot;
    }
    let s = 0;
    for (let f = 0; f < F; f++) s += imp[f];
    if (s > 0) for (let f = 0; f < F; f++) imp[f] /= s;
    return imp;
  }
}
