// Features of a synthetic data set for shadow-model attacks (Stadler et al. 2022; TAPAS): naive (mean, median, variance per numeric
// column, frequencies per categorical code), histogram (1-way frequencies over every domain code), correlations, and target-aware ones.
//
// Correlations: Pearson over the numeric columns (standardised, missing = the real mean) and one-hot indicators of the K most
// frequent real levels of each categorical column (K = corrTopK, default 3), upper triangle; a constant column correlates 0.
// Target-aware (documented, as TAPAS "closest distance", plus kNN density): MIA = [min Gower distance to the target, mean
// distance to its 5 and 20 nearest synthetic rows, #rows at distance 0, within 0.05, 0.1, 0.2; per column the share of
// synthetic rows with the target's code (numeric: its quantile bin), the smallest of these shares, #rows matching the target's
// codes in all columns but at most one] (always last in the vector, see targetFeatureCount); AIA = per candidate secret c: [min distance on the non-secret columns among rows whose
// secret is c (1 if none), #such rows at distance 0, 1 if c is the unique closest candidate].

import type { Domain, Encoded } from '../src/domain.js';

export type FeatureFamily = 'naive' | 'hist' | 'corr' | 'target';
export const ALL_FEATURES: FeatureFamily[] = ['naive', 'hist', 'corr', 'target'];

export interface TargetRow {
  codes: number[];
  /** Raw numeric values (NaN = missing) per domain column, null for categorical. */
  values: (number | null)[];
}

export interface FeatureSpec {
  families: FeatureFamily[];
  corrTopK: number;
  target: TargetRow | null;
  /** For attribute inference: the secret column and the candidate codes (target features become per-candidate). */
  secret?: { column: number; candidates: number[] };
}

export function targetRow(e: Encoded, i: number): TargetRow {
  return { codes: e.codes.map((c) => c[i]), values: e.values.map((v) => (v ? v[i] : null)) };
}

function numericStats(v: Float64Array, mu: number, sd: number, out: number[]): void {
  const xs: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) xs.push(v[i]);
  if (xs.length === 0) {
    out.push(0, 0, 0);
    return;
  }
  let s = 0;
  for (const x of xs) s += x;
  const m = s / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  const med = n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  out.push((m - mu) / sd, (med - mu) / sd, ss / n / (sd * sd));
}

/**
 * Number of target-aware features at the end of the vector (0 without the target family or a target): the attack fits a
 * separate model on them so that a handful of target features are not lost among the set features.
 */
export function targetFeatureCount(d: Domain, spec: FeatureSpec): number {
  if (!spec.families.includes('target') || !spec.target) return 0;
  return spec.secret ? 3 * spec.secret.candidates.length : 7 + d.columns.length + 2;
}

/** Feature vector of a synthetic table S for the given spec (fixed length for a domain and spec). */
export function features(S: Encoded, spec: FeatureSpec): Float64Array {
  const d: Domain = S.domain;
  const n = S.n;
  const out: number[] = [];
  const fam = new Set(spec.families);
  if (fam.has('naive')) {
    d.columns.forEach((cd, j) => {
      if (cd.kind === 'numeric') numericStats(S.values[j]!, cd.mean, cd.std, out);
      else {
        const f = new Float64Array(cd.nCodes);
        for (const c of S.codes[j]) f[c]++;
        for (let c = 0; c < cd.nCodes; c++) out.push(n ? f[c] / n : 0);
      }
    });
  }
  if (fam.has('hist')) {
    d.columns.forEach((cd, j) => {
      const f = new Float64Array(cd.nCodes);
      for (const c of S.codes[j]) f[c]++;
      for (let c = 0; c < cd.nCodes; c++) out.push(n ? f[c] / n : 0);
    });
  }
  if (fam.has('corr')) {
    const cols: Float64Array[] = [];
    d.columns.forEach((cd, j) => {
      if (cd.kind === 'numeric') {
        const v = S.values[j]!;
        const o = new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = v[i] === v[i] ? (v[i] - cd.mean) / cd.std : 0;
        cols.push(o);
      } else {
        const K = Math.min(spec.corrTopK, cd.levels.length);
        for (let c = 0; c < K; c++) {
          const o = new Float64Array(n);
          const codes = S.codes[j];
          for (let i = 0; i < n; i++) o[i] = codes[i] === c ? 1 : 0;
          cols.push(o);
        }
      }
    });
    const q = cols.length;
    const mu = new Float64Array(q);
    const sd = new Float64Array(q);
    for (let a = 0; a < q; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[a][i];
      mu[a] = n ? s / n : 0;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (cols[a][i] - mu[a]) ** 2;
      sd[a] = Math.sqrt(ss);
      // centre in place for the products below
      for (let i = 0; i < n; i++) cols[a][i] -= mu[a];
    }
    for (let a = 0; a < q; a++)
      for (let b = a + 1; b < q; b++) {
        if (sd[a] === 0 || sd[b] === 0) {
          out.push(0);
          continue;
        }
        const x = cols[a];
        const y = cols[b];
        let s = 0;
        for (let i = 0; i < n; i++) s += x[i] * y[i];
        out.push(s / (sd[a] * sd[b]));
      }
  }
  if (fam.has('target') && spec.target) {
    const t = spec.target;
    const sec = spec.secret?.column ?? -1;
    const ncols = d.columns.length - (sec >= 0 ? 1 : 0);
    const dist = new Float64Array(n);
    d.columns.forEach((cd, j) => {
      if (j === sec) return;
      if (cd.kind === 'categorical') {
        const c = S.codes[j];
        const tc = t.codes[j];
        for (let i = 0; i < n; i++) if (c[i] !== tc) dist[i] += 1;
      } else {
        const v = S.values[j]!;
        const tv = t.values[j] as number;
        const tm = tv !== tv;
        const r = cd.range;
        for (let i = 0; i < n; i++) {
          const x = v[i];
          const xm = x !== x;
          if (xm || tm) dist[i] += xm && tm ? 0 : 1;
          else {
            // |x - y| / range from raw values (as attacks/distance.ts): equal differences give equal terms, so ties stay ties
            const g = Math.abs(x - tv) / r;
            dist[i] += g < 1 ? g : 1;
          }
        }
      }
    });
    for (let i = 0; i < n; i++) dist[i] /= ncols;
    if (spec.secret) {
      const sc = S.codes[spec.secret.column];
      const cs = spec.secret.candidates;
      const mins = new Float64Array(cs.length).fill(1);
      const zeros = new Float64Array(cs.length);
      cs.forEach((cand, k) => {
        for (let i = 0; i < n; i++)
          if (sc[i] === cand) {
            if (dist[i] < mins[k]) mins[k] = dist[i];
            if (dist[i] === 0) zeros[k]++;
          }
      });
      // plus 1 if this candidate is the unique closest (the nearest-neighbour guess, readable by a single split)
      cs.forEach((_, k) => {
        let unique = 1;
        for (let o = 0; o < cs.length; o++) if (o !== k && mins[o] <= mins[k]) unique = 0;
        out.push(mins[k], zeros[k], unique);
      });
    } else {
      // distances to the nearest synthetic rows (kNN density around the target) and counts within radii
      const sorted = Float64Array.from(dist).sort();
      const knn = (k: number) => {
        const m = Math.min(k, n);
        if (m === 0) return 1;
        let s = 0;
        for (let i = 0; i < m; i++) s += sorted[i];
        return s / m;
      };
      let z = 0;
      let w5 = 0;
      let w10 = 0;
      let w20 = 0;
      for (let i = 0; i < n; i++) {
        const x = dist[i];
        if (x === 0) z++;
        if (x <= 0.05) w5++;
        if (x <= 0.1) w10++;
        if (x <= 0.2) w20++;
      }
      out.push(n ? sorted[0] : 1, knn(5), knn(20), z, w5, w10, w20);
      // the target's own cells: share of synthetic rows with the target's code in each column (numeric: its quantile bin),
      // their minimum (the rarest of its values), and rows matching it in all columns but at most one
      const mism = new Int32Array(n);
      let rarest = 1;
      d.columns.forEach((_, j) => {
        const c = S.codes[j];
        const tc = t.codes[j];
        let k = 0;
        for (let i = 0; i < n; i++) {
          if (c[i] === tc) k++;
          else mism[i]++;
        }
        const share = n ? k / n : 0;
        if (share < rarest) rarest = share;
        out.push(share);
      });
      let near = 0;
      for (let i = 0; i < n; i++) if (mism[i] <= 1) near++;
      out.push(rarest, near);
    }
  }
  return Float64Array.from(out);
}
