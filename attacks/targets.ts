// Target selection for shadow-model attacks: the most vulnerable records by Meeus et al. 2023 ("Achilles' heels"): mean cosine
// distance to the 5 nearest neighbours, on one-hot categoricals and min-max-scaled numerics (definitions.md), plus seeded random rows.

import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';

export interface VulnerabilityOptions {
  /** Neighbours averaged (default 5). */
  k?: number;
  /** Candidate rows scored (seeded subset of the table above this size; default 5,000). */
  maxCandidates?: number;
  /** Rows searched for neighbours (seeded subset above this size; default 50,000). */
  maxReference?: number;
}

export interface ScoredRow {
  row: number;
  score: number;
}

/**
 * Vulnerability score of candidate rows of `e`: mean cosine distance (1 - cos) to their k nearest other rows. Feature vector:
 * one-hot of every categorical code (missing is a level), numeric (x - min)/range of the REAL table, missing numeric = 0.
 * With one-hot categoricals |x|^2 = n_categorical + sum num^2 and x.y = #equal codes + sum num_x num_y: no one-hot is built.
 */
export function vulnerabilityScores(e: Encoded, rng: Rng, opts: VulnerabilityOptions = {}): ScoredRow[] {
  const k = opts.k ?? 5;
  const cols = e.domain.columns;
  const catJ: number[] = [];
  const numJ: number[] = [];
  cols.forEach((c, j) => (c.kind === 'numeric' ? numJ : catJ).push(j));
  const nc = catJ.length;
  const nn = numJ.length;
  const pick = (max: number, label: string) => (e.n > max ? rng.fork(label).sampleWithoutReplacement(e.n, max).sort() : Int32Array.from({ length: e.n }, (_, i) => i));
  const cand = pick(opts.maxCandidates ?? 5000, 'vuln.candidates');
  const ref = pick(opts.maxReference ?? 50_000, 'vuln.reference');
  const m = ref.length;
  // row-major reference features
  const rc = new Int32Array(m * nc);
  const rn = new Float64Array(m * nn);
  const rnorm = new Float64Array(m);
  const scaled = numJ.map((j) => {
    const cd = cols[j];
    const v = e.values[j]!;
    const o = new Float64Array(e.n);
    if (cd.kind === 'numeric') for (let i = 0; i < e.n; i++) o[i] = v[i] !== v[i] ? 0 : (v[i] - cd.min) / cd.range;
    return o;
  });
  for (let r = 0; r < m; r++) {
    const i = ref[r];
    for (let t = 0; t < nc; t++) rc[r * nc + t] = e.codes[catJ[t]][i];
    let s = nc;
    for (let t = 0; t < nn; t++) {
      const x = scaled[t][i];
      rn[r * nn + t] = x;
      s += x * x;
    }
    rnorm[r] = Math.sqrt(s);
  }
  const out: ScoredRow[] = [];
  const qc = new Int32Array(nc);
  const qn = new Float64Array(nn);
  const best = new Float64Array(k);
  for (const i of cand) {
    let s = nc;
    for (let t = 0; t < nc; t++) qc[t] = e.codes[catJ[t]][i];
    for (let t = 0; t < nn; t++) {
      qn[t] = scaled[t][i];
      s += qn[t] * qn[t];
    }
    const qnorm = Math.sqrt(s);
    best.fill(Infinity);
    for (let r = 0; r < m; r++) {
      if (ref[r] === i) continue;
      let dot = 0;
      const co = r * nc;
      for (let t = 0; t < nc; t++) if (rc[co + t] === qc[t]) dot++;
      const no = r * nn;
      for (let t = 0; t < nn; t++) dot += rn[no + t] * qn[t];
      const den = qnorm * rnorm[r];
      const d = den > 0 ? 1 - dot / den : 1;
      if (d < best[k - 1]) {
        let p = k - 1;
        while (p > 0 && best[p - 1] > d) {
          best[p] = best[p - 1];
          p--;
        }
        best[p] = d;
      }
    }
    let sum = 0;
    let cnt = 0;
    for (let t = 0; t < k; t++)
      if (best[t] < Infinity) {
        sum += best[t];
        cnt++;
      }
    out.push({ row: i, score: cnt ? sum / cnt : 0 });
  }
  return out;
}

export interface TargetChoice {
  rows: number[];
  /** Why each was chosen: 'given', 'vulnerable' (with its score) or 'random'. */
  reasons: { row: number; kind: 'given' | 'vulnerable' | 'random'; score?: number }[];
}

/** Given row ids, or the nVulnerable highest-scoring rows plus nRandom seeded random others. */
export function chooseTargets(e: Encoded, rng: Rng, opts: { rows?: number[]; nVulnerable?: number; nRandom?: number } & VulnerabilityOptions = {}): TargetChoice {
  if (opts.rows && opts.rows.length) {
    for (const r of opts.rows) if (!(Number.isInteger(r) && r >= 0 && r < e.n)) throw new Error(`target row ${r} is outside the real table (0..${e.n - 1})`);
    return { rows: opts.rows.slice(), reasons: opts.rows.map((row) => ({ row, kind: 'given' as const })) };
  }
  const nV = opts.nVulnerable ?? 10;
  const nR = opts.nRandom ?? 3;
  const scored = nV > 0 ? vulnerabilityScores(e, rng, opts) : [];
  scored.sort((a, b) => b.score - a.score || a.row - b.row);
  const reasons: TargetChoice['reasons'] = scored.slice(0, nV).map((s) => ({ row: s.row, kind: 'vulnerable' as const, score: s.score }));
  const taken = new Set(reasons.map((r) => r.row));
  const rr = rng.fork('targets.random');
  let guard = 0;
  while (reasons.length < nV + nR && taken.size < e.n && guard++ < 100 * (nR + 1)) {
    const row = rr.int(e.n);
    if (taken.has(row)) continue;
    taken.add(row);
    reasons.push({ row, kind: 'random' });
  }
  return { rows: reasons.map((r) => r.row), reasons };
}
