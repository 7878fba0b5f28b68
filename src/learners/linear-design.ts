// Shared plumbing of the linear learners (logistic, ridge): the parameter layout of an intercept + numeric + one-hot
// model over a Design, weighted Gram/Hessian assembly without materialising the one-hot, and identifiable parameter sets.

import type { Design } from './learner.js';
import { sequentialRank } from './linalg.js';

/**
 * Full parameter layout: index 0 = intercept, 1..p = numeric columns, then one slot per categorical code
 * (every code of every categorical column, catSizes[j] slots each, in Design order).
 */
export interface LinearLayout {
  p: number;
  m: number;
  catSizes: number[];
  /** Offset of categorical column j's code 0 in the full parameter vector. */
  catOffset: Int32Array;
  /** Full length (1 + p + sum catSizes). */
  P: number;
  /** Feature names, length P - 1 (no intercept): numeric names, then "column=label" per code. */
  names: string[];
}

export function linearLayout(X: Design): LinearLayout {
  const p = X.num.length;
  const m = X.cat.length;
  const catOffset = new Int32Array(m);
  let off = 1 + p;
  const names: string[] = [...X.numNames];
  for (let j = 0; j < m; j++) {
    catOffset[j] = off;
    off += X.catSizes[j];
    const labels = X.catLabels?.[j];
    for (let c = 0; c < X.catSizes[j]; c++) names.push(`${X.catNames[j]}=${labels && labels[c] !== undefined ? labels[c] : c}`);
  }
  return { p, m, catSizes: X.catSizes.slice(), catOffset, P: off, names };
}

/** Check a design against a fitted layout (same numeric count and category sizes); throws a plain Error if not. */
export function checkLayout(X: Design, L: LinearLayout, who: string): void {
  if (X.num.length !== L.p || X.cat.length !== L.m || X.catSizes.some((k, j) => k !== L.catSizes[j])) {
    throw new Error(`${who}: design does not match the one the model was fitted on (${X.num.length} numeric / ${X.cat.length} categorical columns)`);
  }
}

/** Full parameter index of each row's code, per categorical column (validates codes). */
export function catIndex(X: Design, L: LinearLayout, who: string): Int32Array[] {
  const out: Int32Array[] = [];
  for (let j = 0; j < L.m; j++) {
    const c = X.cat[j];
    const k = L.catSizes[j];
    const o = new Int32Array(X.n);
    const off = L.catOffset[j];
    for (let i = 0; i < X.n; i++) {
      const v = c[i];
      if (v < 0 || v >= k || !Number.isInteger(v)) throw new Error(`${who}: code ${v} out of range [0, ${k}) in categorical column ${X.catNames[j]}, row ${i}`);
      o[i] = off + v;
    }
    out.push(o);
  }
  return out;
}

/** Row-major copy of the numeric columns (n * p), for row-wise passes. */
export function numericRowMajor(X: Design): Float64Array {
  const p = X.num.length;
  const n = X.n;
  const o = new Float64Array(n * p);
  for (let a = 0; a < p; a++) {
    const col = X.num[a];
    for (let i = 0; i < n; i++) o[i * p + a] = col[i];
  }
  return o;
}

/** eta_i = theta[0] + sum_a theta[1+a] x_ia + sum_j theta[catIdx_j[i]] (theta of length P, slice at thetaOff). */
export function linearPredictor(X: Design, L: LinearLayout, ci: Int32Array[], theta: Float64Array, thetaOff: number, out: Float64Array): void {
  const n = X.n;
  out.fill(theta[thetaOff]);
  for (let a = 0; a < L.p; a++) {
    const b = theta[thetaOff + 1 + a];
    if (b === 0) continue;
    const col = X.num[a];
    for (let i = 0; i < n; i++) out[i] += b * col[i];
  }
  for (let j = 0; j < L.m; j++) {
    const idx = ci[j];
    for (let i = 0; i < n; i++) out[i] += theta[thetaOff + idx[i]];
  }
}

/**
 * Weighted Gram matrix sum_i s_i x_i x_i^T over the full layout (P x P, symmetric), x_i = (1, numeric, one-hot).
 * Rows with s_i = 0 are skipped. The one-hot is never built: each row has 1 + p + m non-zeros.
 */
export function weightedGram(L: LinearLayout, numRM: Float64Array, ci: Int32Array[], s: Float64Array, n: number, H?: Float64Array): Float64Array {
  const P = L.P;
  const p = L.p;
  const m = L.m;
  if (!H) H = new Float64Array(P * P);
  else H.fill(0);
  const nnz = 1 + p + m;
  const idx = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  idx[0] = 0;
  for (let a = 0; a < p; a++) idx[1 + a] = 1 + a;
  for (let i = 0; i < n; i++) {
    const si = s[i];
    if (si === 0) continue;
    val[0] = 1;
    const rp = i * p;
    for (let a = 0; a < p; a++) val[1 + a] = numRM[rp + a];
    for (let j = 0; j < m; j++) idx[1 + p + j] = ci[j][i];
    // numeric part (dense, indices ascending)
    for (let a = 0; a < 1 + p; a++) {
      const va = si * val[a];
      const row = a * P; // idx[a] === a here
      for (let b = a; b < 1 + p; b++) H[row + b] += va * val[b];
      for (let j = 0; j < m; j++) H[row + idx[1 + p + j]] += va;
    }
    // categorical x categorical (indices ascending because column offsets ascend)
    for (let j = 0; j < m; j++) {
      const row = idx[1 + p + j] * P;
      for (let l = j; l < m; l++) H[row + idx[1 + p + l]] += si;
    }
  }
  // mirror upper triangle into lower
  for (let r = 0; r < P; r++) for (let c = r + 1; c < P; c++) H[c * P + r] = H[r * P + c];
  return H;
}

/** Total row weight per full-layout categorical slot (slots of numeric/intercept left 0). */
export function codeWeights(L: LinearLayout, ci: Int32Array[], w: Float64Array | undefined, n: number): Float64Array {
  const out = new Float64Array(L.P);
  for (let j = 0; j < L.m; j++) {
    const idx = ci[j];
    if (w) for (let i = 0; i < n; i++) out[idx[i]] += w[i];
    else for (let i = 0; i < n; i++) out[idx[i]] += 1;
  }
  return out;
}

/**
 * Identifiable parameters of an unpenalised intercept + numeric + one-hot model: codes with no (weighted) rows are
 * dropped; with an intercept, the first code present in each categorical column is the reference (dropped); without
 * one, the first categorical column keeps all its codes. Remaining exact collinearities (e.g. a numeric column that is
 * a function of a categorical one, or a constant numeric column) are found by an in-order rank check of the Gram
 * matrix and dropped too. Returns a 0/1 mask over the full layout.
 */
export function identifiableMask(L: LinearLayout, gram: Float64Array, codeW: Float64Array, fitIntercept: boolean): Uint8Array {
  const P = L.P;
  const cand = new Uint8Array(P);
  if (fitIntercept) cand[0] = 1;
  for (let a = 0; a < L.p; a++) cand[1 + a] = 1;
  for (let j = 0; j < L.m; j++) {
    let first = true;
    for (let c = 0; c < L.catSizes[j]; c++) {
      const k = L.catOffset[j] + c;
      if (!(codeW[k] > 0)) continue;
      if (first && (fitIntercept || j > 0)) {
        first = false;
        continue;
      }
      first = false;
      cand[k] = 1;
    }
  }
  const act: number[] = [];
  for (let k = 0; k < P; k++) if (cand[k]) act.push(k);
  const q = act.length;
  const G = new Float64Array(q * q);
  for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) G[r * q + c] = gram[act[r] * P + act[c]];
  const keep = sequentialRank(G, q);
  const mask = new Uint8Array(P);
  for (let r = 0; r < q; r++) if (keep[r]) mask[act[r]] = 1;
  return mask;
}

export function maskToIndex(mask: Uint8Array): Int32Array {
  let q = 0;
  for (let k = 0; k < mask.length; k++) q += mask[k];
  const out = new Int32Array(q);
  let r = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) out[r++] = k;
  return out;
}

/** What the linear learners (ridge, logistic) prepare before fitting: the layout, design indices, weights and the identifiable parameters. */
export interface LinearFitSetup {
  L: LinearLayout;
  ci: Int32Array[];
  numRM: Float64Array;
  /** Row weights (all 1 without w). */
  rowW: Float64Array;
  codeW: Float64Array;
  /** Weighted Gram matrix (P x P). */
  gram: Float64Array;
  idMask: Uint8Array;
  /** Number of identifiable parameters. */
  rank: number;
}

/** The shared first steps of a linear fit: layout, category indices, row-major numerics, weights, Gram matrix and identifiable mask. */
export function linearFitSetup(X: Design, w: Float64Array | undefined, fitIntercept: boolean, who: string): LinearFitSetup {
  const n = X.n;
  const L = linearLayout(X);
  const ci = catIndex(X, L, who);
  const numRM = numericRowMajor(X);
  const rowW = w ?? new Float64Array(n).fill(1);
  const codeW = codeWeights(L, ci, w, n);
  const gram = weightedGram(L, numRM, ci, rowW, n);
  const idMask = identifiableMask(L, gram, codeW, fitIntercept);
  let rank = 0;
  for (let k = 0; k < L.P; k++) rank += idMask[k];
  return { L, ci, numRM, rowW, codeW, gram, idMask, rank };
}
