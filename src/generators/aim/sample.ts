// Sampling rows from a calibrated junction tree (Private-PGM's synthetic_data with method 'round'): the root clique's
// cells are allotted to the rows in proportion to its marginal, then each clique in turn allots its new variables to the
// rows of every separator configuration in proportion to the conditional. An allotment of m rows over weights p gives
// floor(m p_k) rows to cell k and the remaining ones to distinct cells chosen with probability frac(m p_k) (systematic
// sampling, so each cell's expected count is exactly m p_k), in a random order. Rounding removes most of the multinomial
// sampling noise while every row stays a draw from the model's conditionals.

import type { Rng } from '../../rng.js';
import { drawCdf, toCdf } from '../common.js';
import { cellCount, subsetIndex } from './factor.js';
import type { JunctionTree } from './junction-tree.js';

/** m values in [0, k) allotted in proportion to w[off .. off+k) (uniform when the row sums to 0), shuffled into out[at ..]. */
function allot(w: Float64Array, off: number, k: number, m: number, rng: Rng, out: Int32Array, at: number): void {
  if (m === 0) return;
  let s = 0;
  for (let i = 0; i < k; i++) s += w[off + i] > 0 ? w[off + i] : 0;
  const frac = new Float64Array(k);
  let pos = at;
  let given = 0;
  for (let i = 0; i < k; i++) {
    const c = s > 0 ? ((w[off + i] > 0 ? w[off + i] : 0) * m) / s : m / k;
    const f = Math.floor(c);
    frac[i] = c - f;
    for (let r = 0; r < f && given < m; r++, given++) out[pos++] = i;
  }
  let extra = m - given;
  if (extra > 0) {
    // systematic sampling: points u, u+1, ... over the cumulative fractions (their sum is `extra` up to rounding)
    let fs = 0;
    for (let i = 0; i < k; i++) fs += frac[i];
    const scale = fs > 0 ? extra / fs : 0;
    let u = rng.random();
    let cum = 0;
    for (let i = 0; i < k && extra > 0; i++) {
      cum += frac[i] * scale;
      while (extra > 0 && cum > u) {
        out[pos++] = i;
        extra--;
        u += 1;
      }
    }
    // rounding shortfall: the last cells with weight
    for (let i = k - 1; extra > 0; i = (i - 1 + k) % k) {
      if (s === 0 || w[off + i] > 0) {
        out[pos++] = i;
        extra--;
      }
    }
  }
  // shuffle (Fisher-Yates)
  for (let i = m - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[at + i];
    out[at + i] = out[at + j];
    out[at + j] = t;
  }
}

/** n rows of model codes (one Int32Array per variable) from clique marginals `mu` (any positive scale). */
export function sampleJunctionTree(jt: JunctionTree, mu: readonly Float64Array[], n: number, rng: Rng, method: 'round' | 'draw' = 'round'): Int32Array[] {
  const sizes = jt.sizes;
  const out: Int32Array[] = sizes.map(() => new Int32Array(n));
  const done = new Uint8Array(sizes.length);
  const rowsBuf = new Int32Array(n);
  const valsBuf = new Int32Array(n);
  for (const i of jt.order) {
    const C = jt.cliques[i];
    const S = jt.sep[i];
    const N = C.filter((v) => !S.includes(v) && !done[v]);
    if (N.length === 0) continue;
    const kS = cellCount(sizes, S);
    const kN = cellCount(sizes, N);
    // conditional table over (separator config, new config)
    const mapS = jt.sepMapChild[i];
    const CN = C.filter((v) => S.includes(v) || N.includes(v));
    if (CN.length !== C.length) throw new Error('sampleJunctionTree: a clique variable outside its separator was already sampled');
    const mapN = subsetIndex(sizes, C, N);
    const cond = new Float64Array(kS * kN);
    const m = mu[i];
    for (let c = 0; c < m.length; c++) cond[mapS[c] * kN + mapN[c]] += m[c];
    // rows grouped by separator configuration (counting sort)
    const sIdx = new Int32Array(n);
    if (S.length) {
      for (const v of S) {
        const col = out[v];
        const k = sizes[v];
        for (let r = 0; r < n; r++) sIdx[r] = sIdx[r] * k + col[r];
      }
    }
    const start = new Int32Array(kS + 1);
    for (let r = 0; r < n; r++) start[sIdx[r] + 1]++;
    for (let s = 0; s < kS; s++) start[s + 1] += start[s];
    const fillAt = start.slice(0, kS);
    for (let r = 0; r < n; r++) rowsBuf[fillAt[sIdx[r]]++] = r;
    if (method === 'round') for (let s = 0; s < kS; s++) allot(cond, s * kN, kN, start[s + 1] - start[s], rng, valsBuf, start[s]);
    else {
      // independent draws from each row's conditional (multinomial sampling)
      for (let s = 0; s < kS; s++) toCdf(cond, s * kN, kN); // (an empty row becomes uniform)
      for (let q = 0; q < n; q++) valsBuf[q] = drawCdf(cond, sIdx[rowsBuf[q]] * kN, kN, rng.random());
    }
    // decode the new configuration into its variables (last fastest)
    for (let q = 0; q < n; q++) {
      const r = rowsBuf[q];
      let x = valsBuf[q];
      for (let p = N.length - 1; p >= 0; p--) {
        const k = sizes[N[p]];
        out[N[p]][r] = x % k;
        x = (x - (x % k)) / k;
      }
    }
    for (const v of N) done[v] = 1;
  }
  return out;
}
