// The CART propensity model of the tree pMSE (Snoke et al. 2018; synthpop utility.gen method "cart", minbucket 5):
// a classification tree over the Domain codes, numeric columns entering as their ordered quantile-bin codes.

import type { Encoded } from '../../src/domain.js';
import type { Design } from '../../src/learners/learner.js';
import { binDesign, DEFAULT_MAX_BINS, type BinnedData, type TreeModel } from '../../src/learners/hist-tree.js';
import { fitTreeOnBins, predictTree } from '../../src/learners/tree.js';

/**
 * Tree features read straight from the shared Domain codes (nothing re-binned): a numeric column becomes one ordered
 * feature whose value is its bin code (0..nBins-1, missing = nBins, i.e. after every bin); a categorical column stays
 * a categorical feature over all its codes (levels, missing, unseen).
 */
export function treeDesign(e: Encoded, columns: number[]): Design {
  const num: Float64Array[] = [];
  const numNames: string[] = [];
  const cat: Int32Array[] = [];
  const catSizes: number[] = [];
  const catNames: string[] = [];
  for (const j of columns) {
    const cd = e.domain.columns[j];
    if (cd.kind === 'numeric') {
      num.push(Float64Array.from(e.codes[j]));
      numNames.push(cd.name);
    } else {
      cat.push(e.codes[j]);
      catSizes.push(cd.nCodes);
      catNames.push(cd.name);
    }
  }
  return { n: e.n, num, numNames, cat, catSizes, catNames };
}

export interface TreeParams {
  minLeaf: number;
  maxDepth?: number;
  maxLeafNodes?: number;
}

/**
 * A design binned ONCE for all the trees of a pMSE run (main fit, permutations, CV folds). With numeric features given
 * as bin codes there are at most ~21 distinct values, so every value is its own bin and no information depends on which
 * rows are later weighted in or out.
 */
export function binOnce(X: Design): BinnedData {
  return binDesign(X, DEFAULT_MAX_BINS);
}

/** Fit a Gini classification tree on the binned data with labels y; rows with weight 0 (if w) are left out. */
export function fitPropensityTree(data: BinnedData, y: Int32Array, p: TreeParams, w?: Float64Array): TreeModel {
  return fitTreeOnBins(data, { kind: 'classification', y, nClasses: 2 }, w, {
    minSamplesLeaf: p.minLeaf,
    maxDepth: p.maxDepth,
    maxLeafNodes: p.maxLeafNodes,
    criterion: 'gini',
    rng: null,
  });
}

/** P(label 1) per row of X from a fitted tree. */
export function treePropensity(tree: TreeModel, X: Design): Float64Array {
  const proba = predictTree(tree, X);
  const V = tree.V;
  const o = new Float64Array(X.n);
  if (V < 2) return o; // a single class in the fit: P(1) = 0 if that class is 0
  for (let i = 0; i < X.n; i++) o[i] = proba[i * V + 1];
  return o;
}
