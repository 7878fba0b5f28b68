// The CART propensity model of the tree pMSE (Snoke et al. 2018; synthpop utility.gen method "cart", minbucket 5):
// a classification tree over the Domain codes, numeric columns entering as their ordered quantile-bin codes.

import type { Encoded } from '../../src/domain.js';
import type { Design } from '../../src/learners/learner.js';
import { binDesign, DEFAULT_MAX_BINS, positiveRows, TreeGrower, type BinnedData, type TreeModel } from '../../src/learners/hist-tree.js';
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
  // numeric features that are small non-negative integer codes bin as themselves (no sort): binDesign would give each
  // distinct value its own bin in the same order and the same midpoint thresholds, so the trees are identical
  const num: Int32Array[] = [];
  const nBins = new Int32Array(X.num.length + X.cat.length);
  const binLo: Float64Array[] = [];
  const binHi: Float64Array[] = [];
  for (let a = 0; a < X.num.length; a++) {
    const col = X.num[a];
    let max = 0;
    for (let i = 0; i < X.n; i++) {
      const v = col[i];
      if (!(Number.isInteger(v) && v >= 0 && v < DEFAULT_MAX_BINS)) return binDesign(X, DEFAULT_MAX_BINS);
      if (v > max) max = v;
    }
    const B = max + 1;
    const b = new Int32Array(X.n);
    const lo = new Float64Array(B).fill(Infinity);
    const hi = new Float64Array(B).fill(-Infinity);
    for (let i = 0; i < X.n; i++) {
      const v = col[i];
      b[i] = v;
      lo[v] = v;
      hi[v] = v;
    }
    let distinct = 0;
    for (let k = 0; k < B; k++) if (hi[k] === k) distinct++;
    if (distinct > DEFAULT_MAX_BINS) return binDesign(X, DEFAULT_MAX_BINS);
    num.push(b);
    nBins[a] = B;
    binLo.push(lo);
    binHi.push(hi);
  }
  for (let j = 0; j < X.cat.length; j++) {
    const c = X.cat[j];
    const K = X.catSizes[j];
    for (let i = 0; i < X.n; i++) if (!(c[i] >= 0 && c[i] < K)) throw new Error(`trees: code ${c[i]} out of range [0, ${K}) in categorical feature ${X.catNames[j]}, row ${i}`);
    nBins[X.num.length + j] = K;
    binLo.push(new Float64Array(0));
    binHi.push(new Float64Array(0));
  }
  return { n: X.n, nNum: X.num.length, nFeat: X.num.length + X.cat.length, bins: [...num, ...X.cat], nBins, binLo, binHi, catSizes: X.catSizes.slice() };
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

/**
 * Many propensity trees over one binned design with one reused grower (buffers kept across trees). In-sample
 * propensities come from each leaf's row segment of the grown tree, so the main fit and every permutation need no
 * traversal; the trees are the ones fitPropensityTree grows (same grower, same parameters, same row order).
 */
export class PropensityTrees {
  private readonly grower: TreeGrower;
  private readonly ones: Float64Array;

  constructor(
    private readonly data: BinnedData,
    p: TreeParams,
  ) {
    this.grower = new TreeGrower(data, { criterion: 'gini', nClasses: 2, minSamplesLeaf: p.minLeaf, maxDepth: p.maxDepth, maxLeafNodes: p.maxLeafNodes });
    this.ones = new Float64Array(data.n).fill(1);
  }

  /** Fit on all rows with labels y; P(label 1) of every row from its leaf, and the number of leaves. */
  inSample(y: Int32Array): { p: Float64Array; leaves: number } {
    const { rows, n } = positiveRows(this.ones);
    const g = this.grower.grow(rows, n, { criterion: 'gini', y, w: this.ones }, null);
    const t = g.tree;
    const p = new Float64Array(this.data.n);
    for (let id = 0; id < t.nNodes; id++) {
      if (t.feature[id] >= 0) continue;
      const v = t.V > 1 ? t.value[id * t.V + 1] : 0;
      for (let r = g.start[id]; r < g.end[id]; r++) p[g.rows[r]] = v;
    }
    return { p, leaves: t.nLeaves };
  }

  /** Fit on the rows with positive weight (w = 0 leaves a row out). */
  fitWeighted(y: Int32Array, w: Float64Array): TreeModel {
    const { rows, n } = positiveRows(w);
    return this.grower.grow(rows, n, { criterion: 'gini', y, w }, null).tree;
  }
}
