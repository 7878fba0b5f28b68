// A single CART decision tree (Breiman et al. 1984) over a Design, grown on histograms of pre-binned features:
// classification (Gini or entropy; leaf = weighted class proportions) and regression (squared error; leaf = weighted mean).

import type { Design, Learner, Target } from './learner.js';
import { Rng } from '../rng.js';
import { addTreePrediction, binDesign, checkTreeDesign, DEFAULT_MAX_BINS, positiveRows, resolveMaxFeatures, TreeGrower, type BinnedData, type GrowParams, type GrowTask, type TreeModel } from './hist-tree.js';
import { validateFitInputs } from './validate.js';

export interface DecisionTreeOptions {
  /** Default unlimited. */
  maxDepth?: number;
  /** Minimum weighted count in a leaf (default 1). */
  minSamplesLeaf?: number;
  /** Minimum weighted count to split a node (default 2). */
  minSamplesSplit?: number;
  /** Features examined per node (default 'all'); a number >= 1 is a count, a number in (0, 1) a share. */
  maxFeatures?: number | 'sqrt' | 'log2' | 'all';
  /** Bins per numeric feature (default 255). */
  maxBins?: number;
  /** Best-first growth with at most this many leaves (default unlimited). */
  maxLeafNodes?: number;
  /** Needed only when maxFeatures samples features; default a fixed-seed stream. */
  rng?: Rng;
  /** Classification criterion (default 'gini'); regression always uses squared error. */
  criterion?: 'gini' | 'entropy';
}

/** Build the per-row task of one tree from a target and row weights. */
export function treeTask(target: Target, w: Float64Array, criterion: 'gini' | 'entropy'): GrowTask {
  return target.kind === 'classification' ? { criterion, y: target.y, w } : { criterion: 'mse', y: target.y, w };
}

/**
 * Fit one tree on already-binned data (lets callers bin once and grow many trees). Weights default to 1.
 * For classification the tree's values are class proportions (V = nClasses); for regression the mean (V = 1).
 */
export function fitTreeOnBins(data: BinnedData, target: Target, w: Float64Array | undefined, params: Omit<GrowParams, 'criterion' | 'nClasses'> & { criterion?: 'gini' | 'entropy'; rng?: Rng | null }): TreeModel {
  const weights = w ?? new Float64Array(data.n).fill(1);
  const crit = target.kind === 'classification' ? params.criterion ?? 'gini' : 'mse';
  const grower = new TreeGrower(data, { ...params, criterion: crit, nClasses: target.kind === 'classification' ? target.nClasses : undefined });
  const { rows, n } = positiveRows(weights);
  return grower.grow(rows, n, treeTask(target, weights, params.criterion ?? 'gini'), params.rng ?? null).tree;
}

/** Predictions of one tree: n * V (class proportions or the regression value). */
export function predictTree(tree: TreeModel, X: Design): Float64Array {
  checkTreeDesign(X, tree.nNum, tree.catSizes, 'tree');
  const out = new Float64Array(X.n * tree.V);
  addTreePrediction(tree, X, out, 1);
  return out;
}

export class DecisionTree implements Learner {
  readonly name = 'tree';
  private readonly opts: DecisionTreeOptions;
  private tree: TreeModel | null = null;

  constructor(opts: DecisionTreeOptions = {}) {
    this.opts = { ...opts };
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    validateFitInputs(X, target, w, 'tree');
    const data = binDesign(X, this.opts.maxBins ?? DEFAULT_MAX_BINS, w);
    const maxFeatures = resolveMaxFeatures(this.opts.maxFeatures, data.nFeat, 'all');
    this.tree = fitTreeOnBins(data, target, w, {
      maxDepth: this.opts.maxDepth,
      minSamplesLeaf: this.opts.minSamplesLeaf,
      minSamplesSplit: this.opts.minSamplesSplit,
      maxFeatures,
      maxLeafNodes: this.opts.maxLeafNodes,
      criterion: this.opts.criterion,
      rng: maxFeatures < data.nFeat ? this.opts.rng ?? new Rng().fork('tree') : null,
    });
    return this;
  }

  predict(X: Design): Float64Array {
    if (!this.tree) throw new Error('tree: not fitted');
    return predictTree(this.tree, X);
  }

  /** The fitted tree (flat arrays). */
  get model(): TreeModel {
    if (!this.tree) throw new Error('tree: not fitted');
    return this.tree;
  }
}
