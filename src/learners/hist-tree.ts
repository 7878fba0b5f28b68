// Histogram-based decision-tree growing shared by DecisionTree, RandomForest and GradientBoosting: features binned once,
// per-node histograms over row-index segments, CART criteria (Breiman et al. 1984) and the Newton gain of gradient boosting (Chen & Guestrin 2016; sklearn HistGradientBoosting).
//
// Conventions
//  - Numeric features are binned once per fit: one bin per distinct training value when there are at most maxBins of
//    them, else (weighted) quantile bins with edges midway between distinct values (at most maxBins bins). A split between the non-empty bins a < c of a node is
//    stored as the threshold (max value in bin a + min value in bin c) / 2, so with few distinct values thresholds are
//    the midpoints scikit-learn's CART uses; rows with x <= threshold go left.
//  - Categorical features use the Design codes as bins. Levels present in the node are ordered by their mean target
//    (binary classification: share of class 1; regression: mean; boosting: -G/(H + lambda)) and the best contiguous
//    split of that order is taken (Breiman's trick: optimal for binary classification and regression). Multiclass: the
//    best split over the K one-vs-rest orderings (order by the share of class k, for each k) - a heuristic, since the
//    exact search is exponential. Codes with no rows in the node go to the child with more weight.
//  - Weights: all counts (minSamplesLeaf, minSamplesSplit) are weighted counts, so integer weights are exactly
//    duplicated rows; without weights they are row counts.
//  - Gains: CART splits any impure node whose best split has gain >= 0 (as scikit-learn, so XOR-like data can still be
//    split); boosting needs gain > 0. Ties between equal gains keep the first found (features in visiting order, then bins).
//  - Histogram subtraction: when every feature is examined at every node, a node carries the histogram of all features
//    and its larger child gets parent minus smaller child. For Gini / entropy this is used only with integer weights
//    (exact sums), so the trees are identical to building every histogram from rows; boosting always uses it.

import type { Design } from './learner.js';
import type { Rng } from '../rng.js';
import { lowerBound } from '../domain.js';

/** A design binned once for tree growing. Features 0..nNum-1 are numeric, nNum..nFeat-1 categorical. */
export interface BinnedData {
  n: number;
  nNum: number;
  nFeat: number;
  /** Bin (numeric) or code (categorical) per row, per feature. */
  bins: Int32Array[];
  nBins: Int32Array;
  /** Numeric features: smallest / largest training value in each bin (+Inf / -Inf when empty). Empty arrays for categorical. */
  binLo: Float64Array[];
  binHi: Float64Array[];
  catSizes: number[];
}

export const DEFAULT_MAX_BINS = 255;

/**
 * Bin a design's features (see the module comment). Categorical codes are validated and used as they are.
 * With weights, rows of weight 0 do not shape the bins and quantiles are weighted, so integer weights bin exactly as
 * duplicated rows would.
 */
export function binDesign(X: Design, maxBins: number = DEFAULT_MAX_BINS, w?: Float64Array): BinnedData {
  if (!(Number.isInteger(maxBins) && maxBins >= 2)) throw new Error(`trees: maxBins must be an integer >= 2 (got ${maxBins})`);
  const n = X.n;
  const p = X.num.length;
  const m = X.cat.length;
  const bins: Int32Array[] = [];
  const nBins = new Int32Array(p + m);
  const binLo: Float64Array[] = [];
  const binHi: Float64Array[] = [];
  let order: Int32Array | null = null;
  let nPos = n;
  if (w) {
    order = new Int32Array(n);
    nPos = 0;
    for (let i = 0; i < n; i++) if (w[i] > 0) order[nPos++] = i;
    order = order.slice(0, nPos);
  }
  for (let a = 0; a < p; a++) {
    const col = X.num[a];
    for (let i = 0; i < n; i++) if (Number.isNaN(col[i])) throw new Error(`trees: NaN in numeric feature ${X.numNames[a]}, row ${i}`);
    // distinct values (ascending) with their total weight, over rows of positive weight
    const vals: number[] = [];
    const vw: number[] = [];
    if (!order) {
      const sorted = Float64Array.from(col).sort();
      for (let i = 0; i < n; i++) {
        if (i === 0 || sorted[i] !== sorted[i - 1]) {
          vals.push(sorted[i]);
          vw.push(1);
        } else vw[vw.length - 1] += 1;
      }
    } else {
      const idx = order.slice().sort((x, y) => col[x] - col[y] || x - y);
      for (let k = 0; k < idx.length; k++) {
        const v = col[idx[k]];
        if (k === 0 || v !== vals[vals.length - 1]) {
          vals.push(v);
          vw.push(w![idx[k]]);
        } else vw[vw.length - 1] += w![idx[k]];
      }
    }
    const D = vals.length;
    const edges: number[] = [];
    const mid = (k: number) => vals[k] + (vals[k + 1] - vals[k]) / 2;
    if (D <= maxBins) {
      for (let k = 0; k + 1 < D; k++) edges.push(mid(k));
    } else {
      // weighted quantiles: edge k after the first distinct value whose cumulative weight reaches k/maxBins of the total
      let W = 0;
      for (let k = 0; k < D; k++) W += vw[k];
      let cum = 0;
      let d = 0;
      for (let q = 1; q < maxBins; q++) {
        const target = (q / maxBins) * W;
        while (d < D - 1 && cum + vw[d] < target * (1 - 1e-12)) cum += vw[d++];
        if (d >= D - 1) break;
        const e = mid(d);
        if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
      }
    }
    const E = Float64Array.from(edges);
    const B = E.length + 1;
    const b = new Int32Array(n);
    const lo = new Float64Array(B).fill(Infinity);
    const hi = new Float64Array(B).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const x = col[i];
      const l = lowerBound(E, x);
      b[i] = l;
      if (w && !(w[i] > 0)) continue;
      if (x < lo[l]) lo[l] = x;
      if (x > hi[l]) hi[l] = x;
    }
    bins.push(b);
    nBins[a] = B;
    binLo.push(lo);
    binHi.push(hi);
  }
  for (let j = 0; j < m; j++) {
    const c = X.cat[j];
    const K = X.catSizes[j];
    for (let i = 0; i < n; i++) if (!(c[i] >= 0 && c[i] < K)) throw new Error(`trees: code ${c[i]} out of range [0, ${K}) in categorical feature ${X.catNames[j]}, row ${i}`);
    bins.push(c);
    nBins[p + j] = K;
    binLo.push(new Float64Array(0));
    binHi.push(new Float64Array(0));
  }
  return { n, nNum: p, nFeat: p + m, bins, nBins, binLo, binHi, catSizes: X.catSizes.slice() };
}

/** A fitted tree as flat arrays. Node 0 is the root; feature -1 marks a leaf. */
export interface TreeModel {
  nNodes: number;
  feature: Int32Array;
  threshold: Float64Array;
  /** Offset of the node's left-mask in catMask (categorical splits), -1 otherwise. */
  catOffset: Int32Array;
  /** 1 = code goes left. */
  catMask: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Values per node (V each): class proportions, mean, or the boosting leaf value. */
  value: Float64Array;
  V: number;
  /** Weighted count per node. */
  weight: Float64Array;
  /** Impurity decrease (CART, weighted) or Newton gain of each split node (0 at leaves). */
  gain: Float64Array;
  depth: number;
  nLeaves: number;
  nNum: number;
  catSizes: number[];
}

/** Check that a design has the shape a tree was fitted on. */
export function checkTreeDesign(X: Design, nNum: number, catSizes: number[], who: string): void {
  if (X.num.length !== nNum || X.cat.length !== catSizes.length || X.catSizes.some((k, j) => k !== catSizes[j])) {
    throw new Error(`${who}: design does not match the one the model was fitted on`);
  }
  for (let j = 0; j < X.cat.length; j++) {
    const c = X.cat[j];
    const K = catSizes[j];
    for (let i = 0; i < X.n; i++) if (!(c[i] >= 0 && c[i] < K)) throw new Error(`${who}: code ${c[i]} out of range [0, ${K}) in categorical feature ${X.catNames[j]}, row ${i}`);
  }
}

/** out[i*V + v] += scale * value of row i's leaf (rows of X). */
export function addTreePrediction(t: TreeModel, X: Design, out: Float64Array, scale = 1): void {
  const n = X.n;
  const V = t.V;
  const { feature, threshold, catOffset, catMask, left, right, value } = t;
  const nNum = t.nNum;
  const num = X.num;
  const cat = X.cat;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      if (f < nNum) node = num[f][i] <= threshold[node] ? left[node] : right[node];
      else node = catMask[catOffset[node] + cat[f - nNum][i]] ? left[node] : right[node];
      f = feature[node];
    }
    const o = i * V;
    const vo = node * V;
    for (let v = 0; v < V; v++) out[o + v] += scale * value[vo + v];
  }
}

export type Criterion = 'gini' | 'entropy' | 'mse' | 'newton';

export interface GrowParams {
  criterion: Criterion;
  /** Classes (gini / entropy). */
  nClasses?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  minSamplesSplit?: number;
  /**
   * Features to examine per node (default all). When fewer than all, features are drawn without replacement until
   * maxFeatures have been drawn and at least one is non-constant in the node (scikit-learn's rule).
   */
  maxFeatures?: number;
  /** Best-first growth up to this many leaves (default: unlimited, depth-first). */
  maxLeafNodes?: number;
  /** Newton: L2 penalty on leaf values (default 0). */
  lambda?: number;
  /** Newton: minimum hessian sum in a child (default 1e-3). */
  minHessian?: number;
  /**
   * All-feature histograms passed from parent to children by subtraction, where allowed (see TreeGrower; default true).
   * false = every node's histograms built from its rows (same trees for Gini / entropy; for tests and benchmarks).
   */
  subtraction?: boolean;
}

/** Per-row inputs of one tree. Rows with w = 0 must not be in the row list. */
export type GrowTask =
  | { criterion: 'gini' | 'entropy'; y: Int32Array; w: Float64Array }
  | { criterion: 'mse'; y: Float64Array; w: Float64Array }
  /** g, h already multiplied by the row weight; w = weighted count. */
  | { criterion: 'newton'; g: Float64Array; h: Float64Array; w: Float64Array };

type NewtonTask = Extract<GrowTask, { criterion: 'newton' }>;


const GINI = 0;
const ENTROPY = 1;
const MSE = 2;
const NEWTON = 3;

/** Result of growing: the tree plus, per node, its segment of the (reordered) row list. */
export interface Grown {
  tree: TreeModel;
  rows: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/**
 * Grows trees over one BinnedData, reusing buffers across trees (a forest or a boosting run creates one grower).
 */
export class TreeGrower {
  private readonly crit: number;
  private readonly S: number;
  private readonly K: number;
  private readonly maxDepth: number;
  private readonly minLeaf: number;
  private readonly minSplit: number;
  private readonly maxFeatures: number;
  private readonly maxLeaves: number;
  private readonly lambda: number;
  private readonly minHess: number;
  private readonly subtraction: boolean;
  private readonly hist: Float64Array;
  private readonly mark: Int32Array;
  private readonly touched: Int32Array;
  private stamp = 0;
  private readonly perm: Int32Array;
  // scratch
  private readonly Ls: Float64Array;
  private readonly Rs: Float64Array;
  private readonly Ps: Float64Array;
  private readonly bestLs: Float64Array;
  private readonly keys: Float64Array;
  private readonly maskTmp: Uint8Array;
  /** Totals of a new node (root) or of both children of a split (left at 0, right at S). */
  private readonly childT: Float64Array;
  private readonly bestMask: Uint8Array;
  private readonly orderBuf: number[] = [];
  private tmpRows = new Int32Array(0);
  private readonly featOff: Int32Array;
  private readonly histPool: Float64Array[] = [];
  private rowSlots: Uint16Array | Int32Array | null = null;
  /** Gini / entropy: nodes with fewer rows search splits from their rows rather than an all-feature histogram. */
  private readonly fullMinRows: number;
  private nodeHist: (Float64Array | null)[] = [];
  // best split of the current node
  private bFeat = -1;
  private bGain = -Infinity;
  private bBin = -1;
  private bThr = 0;
  // node storage
  private cap = 0;
  private nNodes = 0;
  private feature = new Int32Array(0);
  private threshold = new Float64Array(0);
  private catOffset = new Int32Array(0);
  private leftA = new Int32Array(0);
  private rightA = new Int32Array(0);
  private value = new Float64Array(0);
  private weightA = new Float64Array(0);
  private gainA = new Float64Array(0);
  private depthA = new Int32Array(0);
  private startA = new Int32Array(0);
  private endA = new Int32Array(0);
  private totals = new Float64Array(0);
  private pure = new Uint8Array(0);
  private catMask = new Uint8Array(0);
  private catLen = 0;
  // pending split of each node (best-first)
  private splitFeat = new Int32Array(0);
  private splitBin = new Int32Array(0);
  private splitThr = new Float64Array(0);
  private splitMaskOff = new Int32Array(0);
  private pendMask = new Uint8Array(0);
  private pendLen = 0;

  constructor(
    private readonly data: BinnedData,
    params: GrowParams,
  ) {
    const c = params.criterion;
    this.crit = c === 'gini' ? GINI : c === 'entropy' ? ENTROPY : c === 'mse' ? MSE : NEWTON;
    this.K = params.nClasses ?? 2;
    if ((this.crit === GINI || this.crit === ENTROPY) && !(this.K >= 1)) throw new Error('trees: nClasses must be >= 1');
    this.S = this.crit === MSE ? 2 : this.crit === NEWTON ? 3 : this.K;
    this.maxDepth = params.maxDepth ?? Infinity;
    this.minLeaf = params.minSamplesLeaf ?? 1;
    this.minSplit = Math.max(params.minSamplesSplit ?? 2, 2 * this.minLeaf);
    this.maxFeatures = Math.max(1, Math.min(params.maxFeatures ?? data.nFeat, data.nFeat));
    this.maxLeaves = params.maxLeafNodes ?? Infinity;
    this.lambda = params.lambda ?? 0;
    this.minHess = params.minHessian ?? 1e-3;
    this.subtraction = params.subtraction ?? true;
    if (!(this.maxDepth >= 0)) throw new Error('trees: maxDepth must be >= 0');
    if (!(this.minLeaf > 0)) throw new Error('trees: minSamplesLeaf must be > 0');
    if (!(this.maxLeaves >= 2)) throw new Error('trees: maxLeafNodes must be >= 2');
    let maxB = 1;
    for (let f = 0; f < data.nFeat; f++) maxB = Math.max(maxB, data.nBins[f]);
    this.hist = new Float64Array(maxB * this.S);
    this.mark = new Int32Array(maxB).fill(-1);
    this.touched = new Int32Array(maxB);
    this.featOff = new Int32Array(data.nFeat + 1);
    for (let f = 0; f < data.nFeat; f++) this.featOff[f + 1] = this.featOff[f] + data.nBins[f];
    // a histogram costs ~ (all bins x S) to subtract and scan; building per feature from rows ~ rows x features
    this.fullMinRows = Math.max(16, Math.ceil((this.featOff[data.nFeat] * this.S) / Math.max(1, data.nFeat)));
    this.perm = new Int32Array(data.nFeat);
    for (let f = 0; f < data.nFeat; f++) this.perm[f] = f;
    this.Ls = new Float64Array(this.S);
    this.Rs = new Float64Array(this.S);
    this.Ps = new Float64Array(this.S);
    this.bestLs = new Float64Array(this.S);
    this.keys = new Float64Array(maxB);
    this.maskTmp = new Uint8Array(maxB);
    this.childT = new Float64Array(2 * this.S);
    this.bestMask = new Uint8Array(maxB);
  }

  // ------------------------------------------------------------------ node storage
  private ensure(k: number): void {
    if (k <= this.cap) return;
    const cap = Math.max(64, this.cap * 2, k);
    const S = this.S;
    const V = this.crit === GINI || this.crit === ENTROPY ? this.K : 1;
    const gi = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
      const o = new (a.constructor as new (n: number) => T)(size);
      o.set(a.subarray(0, Math.min(a.length, size)));
      return o;
    };
    this.feature = gi(this.feature, cap);
    this.threshold = gi(this.threshold, cap);
    this.catOffset = gi(this.catOffset, cap);
    this.leftA = gi(this.leftA, cap);
    this.rightA = gi(this.rightA, cap);
    this.value = gi(this.value, cap * V);
    this.weightA = gi(this.weightA, cap);
    this.gainA = gi(this.gainA, cap);
    this.depthA = gi(this.depthA, cap);
    this.startA = gi(this.startA, cap);
    this.endA = gi(this.endA, cap);
    this.totals = gi(this.totals, cap * S);
    this.pure = gi(this.pure, cap);
    this.splitFeat = gi(this.splitFeat, cap);
    this.splitBin = gi(this.splitBin, cap);
    this.splitThr = gi(this.splitThr, cap);
    this.splitMaskOff = gi(this.splitMaskOff, cap);
    this.cap = cap;
  }

  /** A new node over rows[start, end) with its totals computed from those rows (the root). */
  private newNode(depth: number, start: number, end: number, rows: Int32Array, task: GrowTask): number {
    const S = this.S;
    const ct = this.childT;
    ct.fill(0, 0, S);
    let ymin = Infinity;
    let ymax = -Infinity;
    if (task.criterion === 'gini' || task.criterion === 'entropy') {
      const { y, w } = task;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        ct[y[row]] += w[row];
      }
    } else if (task.criterion === 'mse') {
      const { y, w } = task;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        const yi = y[row];
        ct[0] += w[row];
        ct[1] += w[row] * yi;
        if (yi < ymin) ymin = yi;
        if (yi > ymax) ymax = yi;
      }
    } else {
      const { g, h, w } = task as NewtonTask;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        ct[0] += w[row];
        ct[1] += g[row];
        ct[2] += h[row];
      }
    }
    return this.addNode(depth, start, end, ct, 0, ymin, ymax);
  }

  /**
   * A new node over rows[start, end) whose totals are given (ct[o, o + S)): class weights, (weight, weighted sum of y)
   * or (weight, g, h); ymin / ymax for squared error. Totals are summed over the node's rows in their order.
   */
  private addNode(depth: number, start: number, end: number, ct: Float64Array, o: number, ymin: number, ymax: number): number {
    const id = this.nNodes++;
    this.ensure(this.nNodes);
    this.feature[id] = -1;
    this.catOffset[id] = -1;
    this.leftA[id] = -1;
    this.rightA[id] = -1;
    this.gainA[id] = 0;
    this.depthA[id] = depth;
    this.startA[id] = start;
    this.endA[id] = end;
    const S = this.S;
    const T = this.totals;
    const to = id * S;
    for (let s = 0; s < S; s++) T[to + s] = ct[o + s];
    let pure = 1;
    if (this.crit === GINI || this.crit === ENTROPY) {
      let nz = 0;
      let W = 0;
      for (let c = 0; c < S; c++) {
        if (T[to + c] > 0) nz++;
        W += T[to + c];
      }
      pure = nz <= 1 ? 1 : 0;
      this.weightA[id] = W;
      const V = this.K;
      for (let c = 0; c < V; c++) this.value[id * V + c] = W > 0 ? T[to + c] / W : 0;
    } else if (this.crit === MSE) {
      const s0 = T[to];
      pure = ymin === ymax ? 1 : 0;
      this.weightA[id] = s0;
      this.value[id] = s0 > 0 ? T[to + 1] / s0 : 0;
    } else {
      pure = 0;
      this.weightA[id] = T[to];
      const den = T[to + 2] + this.lambda;
      this.value[id] = den > 0 ? -T[to + 1] / den : 0;
    }
    this.pure[id] = pure;
    return id;
  }

  // ------------------------------------------------------------------ split search
  private score(a: Float64Array, o: number): number {
    switch (this.crit) {
      case GINI: {
        let W = 0;
        let q = 0;
        for (let c = 0; c < this.S; c++) {
          const v = a[o + c];
          W += v;
          q += v * v;
        }
        return W > 0 ? q / W : 0;
      }
      case ENTROPY: {
        let W = 0;
        for (let c = 0; c < this.S; c++) W += a[o + c];
        if (!(W > 0)) return 0;
        let s = 0;
        for (let c = 0; c < this.S; c++) {
          const v = a[o + c];
          if (v > 0) s += v * Math.log(v / W);
        }
        return s;
      }
      case MSE:
        return a[o] > 0 ? (a[o + 1] * a[o + 1]) / a[o] : 0;
      default: {
        const den = a[o + 2] + this.lambda;
        return den > 0 ? (a[o + 1] * a[o + 1]) / den : 0;
      }
    }
  }

  private countOf(a: Float64Array, o: number): number {
    if (this.crit === GINI || this.crit === ENTROPY) {
      let W = 0;
      for (let c = 0; c < this.S; c++) W += a[o + c];
      return W;
    }
    return a[o];
  }

  /** Evaluate the split whose left stats are in Ls (right = Ps - Ls); returns the gain or -Infinity if not allowed. */
  private evalSplit(scoreP: number): number {
    const S = this.S;
    const Ls = this.Ls;
    const Rs = this.Rs;
    const Ps = this.Ps;
    for (let s = 0; s < S; s++) Rs[s] = Ps[s] - Ls[s];
    const wl = this.countOf(Ls, 0);
    const wr = this.countOf(Rs, 0);
    if (wl < this.minLeaf || wr < this.minLeaf) return -Infinity;
    if (this.crit === NEWTON && (Ls[2] < this.minHess || Rs[2] < this.minHess)) return -Infinity;
    return this.score(Ls, 0) + this.score(Rs, 0) - scoreP;
  }

  /** Histogram of feature f over rows[start, end). Returns the number of touched bins (listed in this.touched, unsorted) or -1 in dense mode. */
  private buildHist(f: number, rows: Int32Array, start: number, end: number, task: GrowTask): number {
    const fb = this.data.bins[f];
    const B = this.data.nBins[f];
    const H = this.hist;
    const S = this.S;
    const sparse = end - start < B;
    const mark = this.mark;
    const touched = this.touched;
    let u = 0;
    const st = ++this.stamp;
    if (task.criterion === 'gini' || task.criterion === 'entropy') {
      const { y, w } = task;
      if (sparse) {
        for (let r = start; r < end; r++) {
          const row = rows[r];
          const b = fb[row];
          if (mark[b] !== st) {
            mark[b] = st;
            touched[u++] = b;
          }
          H[b * S + y[row]] += w[row];
        }
      } else for (let r = start; r < end; r++) {
        const row = rows[r];
        H[fb[row] * S + y[row]] += w[row];
      }
    } else if (task.criterion === 'mse') {
      const { y, w } = task;
      if (sparse) {
        for (let r = start; r < end; r++) {
          const row = rows[r];
          const b = fb[row];
          if (mark[b] !== st) {
            mark[b] = st;
            touched[u++] = b;
          }
          const wi = w[row];
          H[b * 2] += wi;
          H[b * 2 + 1] += wi * y[row];
        }
      } else for (let r = start; r < end; r++) {
        const row = rows[r];
        const b = fb[row] * 2;
        const wi = w[row];
        H[b] += wi;
        H[b + 1] += wi * y[row];
      }
    } else {
      const { g, h, w } = task as NewtonTask;
      if (sparse) {
        for (let r = start; r < end; r++) {
          const row = rows[r];
          const b = fb[row];
          if (mark[b] !== st) {
            mark[b] = st;
            touched[u++] = b;
          }
          const o = b * 3;
          H[o] += w[row];
          H[o + 1] += g[row];
          H[o + 2] += h[row];
        }
      } else for (let r = start; r < end; r++) {
        const row = rows[r];
        const o = fb[row] * 3;
        H[o] += w[row];
        H[o + 1] += g[row];
        H[o + 2] += h[row];
      }
    }
    return sparse ? u : -1;
  }

  /** Non-empty bins of the histogram just built, ascending, into this.touched; returns how many. */
  private nonEmptyBins(f: number, u: number): number {
    const B = this.data.nBins[f];
    const H = this.hist;
    const S = this.S;
    const t = this.touched;
    if (u >= 0) {
      // every touched bin has positive weight (rows in the list have w > 0)
      if (u > 1) t.subarray(0, u).sort();
      return u;
    }
    let k = 0;
    for (let b = 0; b < B; b++) {
      if (this.crit === GINI || this.crit === ENTROPY) {
        let W = 0;
        for (let c = 0; c < S; c++) W += H[b * S + c];
        if (W > 0) t[k++] = b;
      } else if (H[b * S] > 0) t[k++] = b;
    }
    return k;
  }

  private clearHist(f: number, u: number): void {
    const S = this.S;
    if (u < 0) {
      this.hist.fill(0, 0, this.data.nBins[f] * S);
      return;
    }
    const t = this.touched;
    for (let k = 0; k < u; k++) {
      const o = t[k] * S;
      for (let s = 0; s < S; s++) this.hist[o + s] = 0;
    }
  }

  /**
   * Best split of feature f for a node whose histogram is built; updates the node's best split.
   * Returns false when the feature is constant in the node (fewer than 2 non-empty bins).
   */
  private scanFeature(f: number, nb: number, scoreP: number, minGain: number, H: Float64Array, base: number): boolean {
    if (nb < 2) return false;
    const S = this.S;
    const t = this.touched;
    const Ls = this.Ls;
    if (f < this.data.nNum) {
      Ls.fill(0);
      for (let k = 0; k < nb - 1; k++) {
        const o = base + t[k] * S;
        for (let s = 0; s < S; s++) Ls[s] += H[o + s];
        const gain = this.evalSplit(scoreP);
        if (gain > this.bGain && gain >= minGain) {
          this.bGain = gain;
          this.bFeat = f;
          this.bBin = t[k];
          const lo = this.data.binHi[f][t[k]];
          const hi = this.data.binLo[f][t[k + 1]];
          let thr = lo + (hi - lo) / 2;
          if (!(thr < hi)) thr = lo;
          this.bThr = thr;
          this.bestLs.set(Ls);
        }
      }
      return true;
    }
    // categorical: order present levels by a key, then scan prefixes of the order
    const keys = this.keys;
    const nOrders = (this.crit === GINI || this.crit === ENTROPY) && this.K > 2 ? this.K : 1;
    const order = this.orderBuf;
    const B = this.data.nBins[f];
    for (let ord = 0; ord < nOrders; ord++) {
      for (let k = 0; k < nb; k++) {
        const b = t[k];
        const o = base + b * S;
        let key: number;
        if (this.crit === GINI || this.crit === ENTROPY) {
          let W = 0;
          for (let c = 0; c < S; c++) W += H[o + c];
          key = H[o + (nOrders === 1 ? Math.min(1, S - 1) : ord)] / W;
        } else if (this.crit === MSE) key = H[o + 1] / H[o];
        else {
          const den = H[o + 2] + this.lambda;
          key = den > 0 ? -H[o + 1] / den : 0;
        }
        keys[b] = key;
      }
      order.length = nb;
      for (let k = 0; k < nb; k++) order[k] = t[k];
      order.sort((a, b) => keys[a] - keys[b] || a - b);
      Ls.fill(0);
      for (let k = 0; k < nb - 1; k++) {
        const o = base + order[k] * S;
        for (let s = 0; s < S; s++) Ls[s] += H[o + s];
        const gain = this.evalSplit(scoreP);
        if (gain > this.bGain && gain >= minGain) {
          this.bGain = gain;
          this.bFeat = f;
          this.bBin = -1;
          this.bestLs.set(Ls);
          const mk = this.bestMask;
          mk.fill(0, 0, B);
          for (let q = 0; q <= k; q++) mk[order[q]] = 1;
          // codes absent from the node follow the heavier child
          const wl = this.countOf(Ls, 0);
          const wr = this.countOf(this.Rs, 0);
          if (wl >= wr) {
            const present = this.maskTmp;
            present.fill(0, 0, B);
            for (let q = 0; q < nb; q++) present[order[q]] = 1;
            for (let b = 0; b < B; b++) if (!present[b]) mk[b] = 1;
          }
        }
      }
    }
    return true;
  }

  /** Best split of a node (features visited in order, or sampled when maxFeatures < nFeat). */
  private findSplit(id: number, rows: Int32Array, task: GrowTask, rng: Rng | null): boolean {
    const S = this.S;
    const start = this.startA[id];
    const end = this.endA[id];
    for (let s = 0; s < S; s++) this.Ps[s] = this.totals[id * S + s];
    const scoreP = this.score(this.Ps, 0);
    const minGain = this.crit === NEWTON ? 1e-12 * Math.abs(scoreP) + 1e-300 : -1e-10 * Math.abs(scoreP);
    this.bFeat = -1;
    this.bGain = -Infinity;
    const F = this.data.nFeat;
    const sample = this.maxFeatures < F;
    let visited = 0;
    let nonConstant = 0;
    for (let k = 0; k < F; k++) {
      let f = k;
      if (sample) {
        const j = k + rng!.int(F - k);
        const tmp = this.perm[k];
        this.perm[k] = this.perm[j];
        this.perm[j] = tmp;
        f = this.perm[k];
      }
      const u = this.buildHist(f, rows, start, end, task);
      const nb = this.nonEmptyBins(f, u);
      const informative = this.scanFeature(f, nb, scoreP, minGain, this.hist, 0);
      this.clearHist(f, u >= 0 ? nb : -1);
      visited++;
      if (informative) nonConstant++;
      if (sample && visited >= this.maxFeatures && nonConstant > 0) break;
    }
    return this.bFeat >= 0;
  }

  // ------------------------------------------------------------------ all-feature histograms with subtraction
  // A node that carries a histogram of every feature passes it on to its children: the smaller child's is built from its
  // rows, the larger one's is parent minus smaller (LightGBM; sklearn HistGradientBoosting). Gini / entropy use this
  // only when every weight is an integer (sums of integers below 2^53 are exact, so the histograms, gains and trees are
  // identical to building each one from rows); small nodes (fewer than fullMinRows rows) search from their rows, which is
  // cheaper than scanning every bin. Boosting (Newton) always subtracts (empty bins then tested with a tolerance).
  private acquireHist(): Float64Array {
    return this.histPool.pop() ?? new Float64Array(this.featOff[this.data.nFeat] * this.S);
  }

  private releaseHist(H: Float64Array | null): void {
    if (H) this.histPool.push(H);
  }

  /** Row-major (n x nFeat) histogram slot of every row and feature (featOff[f] + bin), built on first use. */
  private slots(): Uint16Array | Int32Array {
    if (this.rowSlots) return this.rowSlots;
    const F = this.data.nFeat;
    const n = this.data.n;
    const o = this.featOff[F] <= 0xffff ? new Uint16Array(n * F) : new Int32Array(n * F);
    for (let f = 0; f < F; f++) {
      const b = this.data.bins[f];
      const off = this.featOff[f];
      for (let i = 0; i < n; i++) o[i * F + f] = off + b[i];
    }
    this.rowSlots = o;
    return o;
  }

  /** Histogram of every feature over a node's rows in one pass (Newton: count, g, h; Gini / entropy: weight per class). */
  private buildFullHist(id: number, rows: Int32Array, task: GrowTask, H: Float64Array): void {
    H.fill(0);
    const F = this.data.nFeat;
    const s0 = this.startA[id];
    const e0 = this.endA[id];
    if (task.criterion === 'newton') {
      const { g, h, w } = task;
      const sl = this.slots();
      for (let r = s0; r < e0; r++) {
        const row = rows[r];
        const wi = w[row];
        const gi = g[row];
        const hi = h[row];
        const ro = row * F;
        for (let f = 0; f < F; f++) {
          const o = sl[ro + f] * 3;
          H[o] += wi;
          H[o + 1] += gi;
          H[o + 2] += hi;
        }
      }
    } else if (task.criterion === 'gini' || task.criterion === 'entropy') {
      const { y, w } = task;
      const S = this.S;
      const sl = this.slots();
      for (let r = s0; r < e0; r++) {
        const row = rows[r];
        const wi = w[row];
        const yi = y[row];
        const ro = row * F;
        for (let f = 0; f < F; f++) H[sl[ro + f] * S + yi] += wi;
      }
    } else throw new Error('trees: internal: no all-feature histograms for squared error');
  }

  /** Best split of a node from its all-feature histogram (features in order, as findSplit without sampling). */
  private findSplitFull(id: number, H: Float64Array): boolean {
    const S = this.S;
    for (let s = 0; s < S; s++) this.Ps[s] = this.totals[id * S + s];
    const scoreP = this.score(this.Ps, 0);
    const newton = this.crit === NEWTON;
    const minGain = newton ? 1e-12 * Math.abs(scoreP) + 1e-300 : -1e-10 * Math.abs(scoreP);
    // Newton: bins whose count is ~0 after subtraction are empty; Gini / entropy: exact integer counts
    const tol = newton ? 1e-9 * this.weightA[id] : 0;
    this.bFeat = -1;
    this.bGain = -Infinity;
    const t = this.touched;
    for (let f = 0; f < this.data.nFeat; f++) {
      const base = this.featOff[f] * S;
      const B = this.data.nBins[f];
      let nb = 0;
      if (newton) {
        for (let b = 0; b < B; b++) if (H[base + b * 3] > tol) t[nb++] = b;
      } else if (S === 2) {
        for (let b = 0; b < B; b++) if (H[base + 2 * b] + H[base + 2 * b + 1] > 0) t[nb++] = b;
      } else {
        for (let b = 0; b < B; b++) {
          let W = 0;
          for (let c = 0; c < S; c++) W += H[base + b * S + c];
          if (W > tol) t[nb++] = b;
        }
      }
      this.scanFeature(f, nb, scoreP, minGain, H, base);
    }
    return this.bFeat >= 0;
  }

  /**
   * Whether this tree's nodes may carry all-feature histograms: every feature examined at every node, and Newton
   * statistics or class counts with integer weights (exact sums).
   */
  private histogramsExact(rows: Int32Array, nRows: number, task: GrowTask): boolean {
    if (!this.subtraction || this.maxFeatures < this.data.nFeat) return false;
    if (task.criterion === 'newton') return true;
    if (task.criterion === 'mse') return false;
    const w = task.w;
    let W = 0;
    for (let r = 0; r < nRows; r++) {
      const wi = w[rows[r]];
      if (!Number.isInteger(wi)) return false;
      W += wi;
    }
    return W <= 2 ** 53;
  }

  /** Whether node id should carry an all-feature histogram (given that the tree uses them). */
  private wantsHist(id: number): boolean {
    return this.splittable(id) && (this.crit === NEWTON || this.endA[id] - this.startA[id] >= this.fullMinRows);
  }

  /** Histograms of the children l, r of a split node whose histogram was H (H is reused or released). */
  private childHists(l: number, r: number, H: Float64Array, rows: Int32Array, task: GrowTask): [Float64Array | null, Float64Array | null] {
    const wl = this.wantsHist(l);
    const wr = this.wantsHist(r);
    if (!wl && !wr) {
      this.releaseHist(H);
      return [null, null];
    }
    const lSmall = this.endA[l] - this.startA[l] <= this.endA[r] - this.startA[r];
    const small = lSmall ? l : r;
    const wSmall = lSmall ? wl : wr;
    const wLarge = lSmall ? wr : wl;
    if (!wLarge) {
      // only the smaller child needs one: build it in place of the parent's
      this.buildFullHist(small, rows, task, H);
      return lSmall ? [H, null] : [null, H];
    }
    const Hs = this.acquireHist();
    this.buildFullHist(small, rows, task, Hs);
    for (let k = 0; k < H.length; k++) H[k] -= Hs[k];
    let hs: Float64Array | null = Hs;
    if (!wSmall) {
      this.releaseHist(Hs);
      hs = null;
    }
    return lSmall ? [hs, H] : [H, hs];
  }

  /** Record the found split as node id's pending split. */
  private storePending(id: number): void {
    this.splitFeat[id] = this.bFeat;
    this.splitBin[id] = this.bBin;
    this.splitThr[id] = this.bThr;
    this.gainA[id] = this.bGain;
    if (this.bFeat >= this.data.nNum) {
      const B = this.data.nBins[this.bFeat];
      if (this.pendLen + B > this.pendMask.length) {
        const o = new Uint8Array(Math.max(2 * this.pendMask.length, this.pendLen + B, 256));
        o.set(this.pendMask.subarray(0, this.pendLen));
        this.pendMask = o;
      }
      this.pendMask.set(this.bestMask.subarray(0, B), this.pendLen);
      this.splitMaskOff[id] = this.pendLen;
      this.pendLen += B;
    } else this.splitMaskOff[id] = -1;
  }

  /**
   * Apply node id's pending split: stable-partition its rows (left rows first, order kept), create both children. The
   * children's totals are summed in the same pass, over each child's rows in their order.
   */
  private applySplit(id: number, rows: Int32Array, task: GrowTask): [number, number] {
    const f = this.splitFeat[id];
    const fb = this.data.bins[f];
    const B = this.data.nBins[f];
    const s0 = this.startA[id];
    const e0 = this.endA[id];
    if (this.tmpRows.length < e0 - s0) this.tmpRows = new Int32Array(Math.max(e0 - s0, 2 * this.tmpRows.length));
    const tmp = this.tmpRows;
    // side of each bin: 1 = left
    const side = this.maskTmp;
    if (f < this.data.nNum) {
      const sb = this.splitBin[id];
      for (let b = 0; b < B; b++) side[b] = b <= sb ? 1 : 0;
      this.threshold[id] = this.splitThr[id];
      this.catOffset[id] = -1;
    } else {
      const mo = this.splitMaskOff[id];
      const pm = this.pendMask;
      for (let b = 0; b < B; b++) side[b] = pm[mo + b];
      if (this.catLen + B > this.catMask.length) {
        const o = new Uint8Array(Math.max(2 * this.catMask.length, this.catLen + B, 256));
        o.set(this.catMask.subarray(0, this.catLen));
        this.catMask = o;
      }
      this.catMask.set(pm.subarray(mo, mo + B), this.catLen);
      this.catOffset[id] = this.catLen;
      this.catLen += B;
      this.threshold[id] = NaN;
    }
    const S = this.S;
    const ct = this.childT; // left totals at 0, right totals at S
    ct.fill(0);
    let i = s0;
    let nr = 0;
    let lmin = Infinity;
    let lmax = -Infinity;
    let rmin = Infinity;
    let rmax = -Infinity;
    if (task.criterion === 'gini' || task.criterion === 'entropy') {
      const { y, w } = task;
      // branch-free: the row is written to both places, the cursor of its side advances (rows[i], i <= r, is read already)
      for (let r = s0; r < e0; r++) {
        const row = rows[r];
        const sd = side[fb[row]];
        rows[i] = row;
        tmp[nr] = row;
        i += sd;
        nr += 1 - sd;
        ct[(1 - sd) * S + y[row]] += w[row];
      }
    } else if (task.criterion === 'mse') {
      const { y, w } = task;
      for (let r = s0; r < e0; r++) {
        const row = rows[r];
        const yi = y[row];
        const wi = w[row];
        if (side[fb[row]]) {
          rows[i++] = row;
          ct[0] += wi;
          ct[1] += wi * yi;
          if (yi < lmin) lmin = yi;
          if (yi > lmax) lmax = yi;
        } else {
          tmp[nr++] = row;
          ct[2] += wi;
          ct[3] += wi * yi;
          if (yi < rmin) rmin = yi;
          if (yi > rmax) rmax = yi;
        }
      }
    } else {
      const { g, h, w } = task as NewtonTask;
      for (let r = s0; r < e0; r++) {
        const row = rows[r];
        const o = side[fb[row]] ? 0 : 3;
        if (o === 0) rows[i++] = row;
        else tmp[nr++] = row;
        ct[o] += w[row];
        ct[o + 1] += g[row];
        ct[o + 2] += h[row];
      }
    }
    rows.set(tmp.subarray(0, nr), i);
    this.feature[id] = f;
    const d = this.depthA[id] + 1;
    const l = this.addNode(d, s0, i, ct, 0, lmin, lmax);
    const r = this.addNode(d, i, e0, ct, S, rmin, rmax);
    this.leftA[id] = l;
    this.rightA[id] = r;
    return [l, r];
  }

  private splittable(id: number): boolean {
    return !this.pure[id] && this.depthA[id] < this.maxDepth && this.weightA[id] >= this.minSplit && this.endA[id] - this.startA[id] >= 2;
  }

  /**
   * Grow one tree on the rows listed in rows[0, nRows) (each with w > 0; the array is reordered in place).
   * rng is needed only when maxFeatures < number of features.
   */
  grow(rows: Int32Array, nRows: number, task: GrowTask, rng: Rng | null = null): Grown {
    if (nRows <= 0) throw new Error('trees: no rows with positive weight to fit');
    if (this.maxFeatures < this.data.nFeat && !rng) throw new Error('trees: feature sampling needs an rng');
    this.nNodes = 0;
    this.catLen = 0;
    this.pendLen = 0;
    const root = this.newNode(0, 0, nRows, rows, task);
    let leaves = 1;
    const full = this.histogramsExact(rows, nRows, task);
    this.nodeHist.length = 0;
    let rootHist: Float64Array | null = null;
    if (full && this.wantsHist(root)) {
      rootHist = this.acquireHist();
      this.buildFullHist(root, rows, task, rootHist);
    }
    const search = (id: number, H: Float64Array | null) => this.splittable(id) && (H ? this.findSplitFull(id, H) : this.findSplit(id, rows, task, rng));
    if (Number.isFinite(this.maxLeaves)) {
      // best-first: split the leaf with the largest gain until maxLeafNodes
      const heap: number[] = [];
      const gainOf = (id: number) => this.gainA[id];
      const push = (id: number) => {
        heap.push(id);
        let k = heap.length - 1;
        while (k > 0) {
          const p = (k - 1) >> 1;
          if (gainOf(heap[p]) > gainOf(heap[k]) || (gainOf(heap[p]) === gainOf(heap[k]) && heap[p] < heap[k])) break;
          [heap[p], heap[k]] = [heap[k], heap[p]];
          k = p;
        }
      };
      const pop = (): number => {
        const top = heap[0];
        const last = heap.pop()!;
        if (heap.length) {
          heap[0] = last;
          let k = 0;
          for (;;) {
            const l = 2 * k + 1;
            const r = l + 1;
            let b = k;
            const better = (a: number, c: number) => gainOf(heap[a]) > gainOf(heap[c]) || (gainOf(heap[a]) === gainOf(heap[c]) && heap[a] < heap[c]);
            if (l < heap.length && better(l, b)) b = l;
            if (r < heap.length && better(r, b)) b = r;
            if (b === k) break;
            [heap[b], heap[k]] = [heap[k], heap[b]];
            k = b;
          }
        }
        return top;
      };
      const consider = (id: number, H: Float64Array | null) => {
        if (search(id, H)) {
          this.storePending(id);
          this.nodeHist[id] = H;
          push(id);
        } else {
          this.gainA[id] = 0;
          this.releaseHist(H);
        }
      };
      consider(root, rootHist);
      while (heap.length && leaves < this.maxLeaves) {
        const id = pop();
        const [l, r] = this.applySplit(id, rows, task);
        leaves++;
        const H = this.nodeHist[id] ?? null;
        this.nodeHist[id] = null;
        const [hl, hr] = H ? this.childHists(l, r, H, rows, task) : [null, null];
        consider(l, hl);
        consider(r, hr);
      }
      // nodes left in the heap stay leaves
      for (const id of heap) {
        this.gainA[id] = 0;
        this.releaseHist(this.nodeHist[id] ?? null);
        this.nodeHist[id] = null;
      }
    } else {
      const stack: number[] = [root];
      this.nodeHist[root] = rootHist;
      while (stack.length) {
        const id = stack.pop()!;
        const H = this.nodeHist[id] ?? null;
        this.nodeHist[id] = null;
        if (search(id, H)) {
          this.storePending(id);
          const [l, r] = this.applySplit(id, rows, task);
          leaves++;
          if (H) {
            const [hl, hr] = this.childHists(l, r, H, rows, task);
            this.nodeHist[l] = hl;
            this.nodeHist[r] = hr;
          }
          stack.push(r, l);
        } else {
          this.gainA[id] = 0;
          this.releaseHist(H);
        }
      }
    }
    return { tree: this.snapshot(leaves), rows, start: this.startA.slice(0, this.nNodes), end: this.endA.slice(0, this.nNodes) };
  }

  private snapshot(nLeaves: number): TreeModel {
    const n = this.nNodes;
    const V = this.crit === GINI || this.crit === ENTROPY ? this.K : 1;
    let depth = 0;
    for (let k = 0; k < n; k++) if (this.depthA[k] > depth) depth = this.depthA[k];
    return {
      nNodes: n,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      catOffset: this.catOffset.slice(0, n),
      catMask: this.catMask.slice(0, this.catLen),
      left: this.leftA.slice(0, n),
      right: this.rightA.slice(0, n),
      value: this.value.slice(0, n * V),
      V,
      weight: this.weightA.slice(0, n),
      gain: this.gainA.slice(0, n),
      depth,
      nLeaves,
      nNum: this.data.nNum,
      catSizes: this.data.catSizes,
    };
  }
}

/** Rows with positive weight, as a row list for TreeGrower.grow. */
export function positiveRows(w: Float64Array): { rows: Int32Array; n: number } {
  const rows = new Int32Array(w.length);
  let k = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) rows[k++] = i;
  return { rows, n: k };
}

/** Resolve a maxFeatures option to a count. */
export function resolveMaxFeatures(opt: number | 'sqrt' | 'log2' | 'all' | undefined, nFeat: number, dflt: 'sqrt' | 'all'): number {
  const o = opt ?? dflt;
  if (o === 'all') return nFeat;
  if (o === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeat)));
  if (o === 'log2') return Math.max(1, Math.floor(Math.log2(nFeat)));
  if (typeof o === 'number') {
    if (!(o > 0)) throw new Error(`trees: maxFeatures must be > 0 (got ${o})`);
    // a fraction in (0, 1) is a share of the features, as scikit-learn's float max_features
    return o < 1 ? Math.max(1, Math.floor(o * nFeat)) : Math.min(nFeat, Math.floor(o));
  }
  throw new Error(`trees: unknown maxFeatures ${String(o)}`);
}
