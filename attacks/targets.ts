// Target selection for shadow-model attacks: the most vulnerable records by Meeus et al. 2023 ("Achilles' heels"): mean cosine
// distance to the 5 nearest neighbours, on one-hot categoricals and min-max-scaled numerics (docs/definitions.md#shadow-models), plus seeded random rows.

import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';

export interface VulnerabilityOptions {
  /** Neighbours averaged (default 5). */
  k?: number;
  /** Candidate rows scored (seeded subset of the table above this size; default: every row). Scoring is O(candidates x reference). */
  maxCandidates?: number;
  /** Rows searched for neighbours (seeded subset above this size; default 50,000). */
  maxReference?: number;
}

/**
 * Above this many rows, chooseTargets screens every row against a seeded reference subsample of SCREEN_REFERENCE rows
 * and re-scores the SCREEN_KEEP highest (at least 20 per target) exactly against the full reference.
 */
export const SCREEN_ABOVE = 5000;
export const SCREEN_REFERENCE = 2000;
export const SCREEN_KEEP = 1000;

export interface ScoredRow {
  row: number;
  score: number;
}

/** All n row indices, or a seeded sorted sample of `max` of them when n is larger (the fork label keeps draws independent). */
function pickRows(n: number, max: number, rng: Rng, label: string): Int32Array {
  return n > max ? rng.fork(label).sampleWithoutReplacement(n, max).sort() : Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * Vulnerability score of candidate rows of `e`: mean cosine distance (1 - cos) to their k nearest other rows. Feature vector:
 * one-hot of every categorical code (missing is a level), numeric (x - min)/range of the REAL table, missing numeric = 0.
 * With one-hot categoricals |x|^2 = n_categorical + sum num^2 and x.y = #equal codes + sum num_x num_y: no one-hot is built.
 */
export function vulnerabilityScores(e: Encoded, rng: Rng, opts: VulnerabilityOptions = {}): ScoredRow[] {
  const pick = (max: number, label: string) => pickRows(e.n, max, rng, label);
  return scoreRows(e, pick(opts.maxCandidates ?? Infinity, 'vuln.candidates'), pick(opts.maxReference ?? 50_000, 'vuln.reference'), opts.k ?? 5);
}

/**
 * Per categorical column of the reference rows: the reference positions holding each code (counting sort, increasing
 * position), and the column's majority code (more than half the rows; -1 if none) with the positions NOT holding it.
 * Counting equal codes for a candidate then walks only min(#equal, #unequal) positions per column instead of all of them.
 */
interface CodeIndex {
  /** offsets[c]..offsets[c+1] in `rows`: the reference positions with code c. */
  offsets: Int32Array;
  rows: Int32Array;
  majority: number;
  /** Reference positions whose code is not the majority code (empty when there is none). */
  others: Int32Array;
}

function codeIndex(col: Int32Array): CodeIndex {
  const m = col.length;
  let maxCode = -1;
  for (let r = 0; r < m; r++) if (col[r] > maxCode) maxCode = col[r];
  const offsets = new Int32Array(maxCode + 2);
  for (let r = 0; r < m; r++) offsets[col[r] + 1]++;
  let majority = -1;
  for (let c = 0; c <= maxCode; c++) if (2 * offsets[c + 1] > m) majority = c;
  for (let c = 0; c <= maxCode; c++) offsets[c + 1] += offsets[c];
  const fill = offsets.slice(0, maxCode + 1);
  const rows = new Int32Array(m);
  for (let r = 0; r < m; r++) rows[fill[col[r]]++] = r;
  let others = new Int32Array(0);
  if (majority >= 0) {
    others = new Int32Array(m - (offsets[majority + 1] - offsets[majority]));
    let o = 0;
    for (let r = 0; r < m; r++) if (col[r] !== majority) others[o++] = r;
  }
  return { offsets, rows, majority, others };
}

/**
 * Exact scores against the full table (every row as reference), per Encoded and k: the membership and attribute attacks
 * screen with different seeded subsamples but re-score many of the same rows exactly; a row's exact score depends only
 * on the table and k, so it is computed once (NaN = not yet).
 */
const fullReferenceScores = new WeakMap<Encoded, Map<number, Float64Array>>();

function isIdentity(ref: Int32Array, n: number): boolean {
  if (ref.length !== n) return false;
  for (let r = 0; r < n; r++) if (ref[r] !== r) return false;
  return true;
}

/** Mean cosine distance of each candidate row to its k nearest rows among `ref` (itself excluded). */
function scoreRows(e: Encoded, cand: Int32Array, ref: Int32Array, k: number): ScoredRow[] {
  let memo: Float64Array | undefined;
  if (isIdentity(ref, e.n)) {
    let byK = fullReferenceScores.get(e);
    if (!byK) fullReferenceScores.set(e, (byK = new Map()));
    memo = byK.get(k);
    if (!memo) byK.set(k, (memo = new Float64Array(e.n).fill(NaN)));
    const known = memo;
    const todo = cand.filter((i) => known[i] !== known[i]);
    if (todo.length > 0) for (const s of scoreRowsUncached(e, todo, ref, k)) known[s.row] = s.score;
    return Array.from(cand, (i) => ({ row: i, score: known[i] }));
  }
  return scoreRowsUncached(e, cand, ref, k);
}

function scoreRowsUncached(e: Encoded, cand: Int32Array, ref: Int32Array, k: number): ScoredRow[] {
  const cols = e.domain.columns;
  const catJ: number[] = [];
  const numJ: number[] = [];
  cols.forEach((c, j) => (c.kind === 'numeric' ? numJ : catJ).push(j));
  const nc = catJ.length;
  const nn = numJ.length;
  const m = ref.length;
  // column-major reference features (tight loops over typed arrays)
  const scaled = numJ.map((j) => {
    const cd = cols[j];
    const v = e.values[j]!;
    const o = new Float64Array(e.n);
    if (cd.kind === 'numeric') for (let i = 0; i < e.n; i++) o[i] = v[i] !== v[i] ? 0 : (v[i] - cd.min) / cd.range;
    return o;
  });
  const cidx = catJ.map((j) => codeIndex(Int32Array.from(ref, (i) => e.codes[j][i])));
  const rn = scaled.map((col) => Float64Array.from(ref, (i) => col[i]));
  const rnorm = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = nc;
    for (let t = 0; t < nn; t++) s += rn[t][r] * rn[t][r];
    rnorm[r] = Math.sqrt(s);
  }
  const out: ScoredRow[] = [];
  const dot = new Float64Array(m);
  const equal = new Int32Array(m);
  const best = new Float64Array(k);
  for (const i of cand) {
    // number of equal categorical codes per reference row: an integer, so the sum below equals adding 1 per match
    equal.fill(0);
    let base = 0;
    for (let t = 0; t < nc; t++) {
      const q = e.codes[catJ[t]][i];
      const ci = cidx[t];
      if (q === ci.majority) {
        base++;
        const o = ci.others;
        for (let p = 0; p < o.length; p++) equal[o[p]]--;
      } else if (q + 1 < ci.offsets.length) {
        const rows = ci.rows;
        for (let p = ci.offsets[q], end = ci.offsets[q + 1]; p < end; p++) equal[rows[p]]++;
      }
    }
    for (let r = 0; r < m; r++) dot[r] = equal[r] + base;
    let s = nc;
    for (let t = 0; t < nn; t++) {
      const q = scaled[t][i];
      s += q * q;
      if (q === 0) continue;
      const col = rn[t];
      for (let r = 0; r < m; r++) dot[r] += col[r] * q;
    }
    const qnorm = Math.sqrt(s);
    best.fill(Infinity);
    for (let r = 0; r < m; r++) {
      if (ref[r] === i) continue;
      const den = qnorm * rnorm[r];
      const d = den > 0 ? 1 - dot[r] / den : 1;
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

/**
 * Every row (or maxCandidates of them) scored for vulnerability. Up to SCREEN_ABOVE rows: exactly, against the full reference.
 * Above: a screen of every row against a seeded subsample of SCREEN_REFERENCE reference rows, then the SCREEN_KEEP
 * highest-screened rows (at least 20 per target wanted) re-scored exactly against the full reference; only those carry
 * exact scores and compete for the top (O(n x 2,000) instead of O(n^2): 32,561 Adult rows in seconds, not minutes).
 */
export function screenedScores(e: Encoded, rng: Rng, nWanted: number, opts: VulnerabilityOptions = {}): ScoredRow[] {
  const k = opts.k ?? 5;
  const pick = (max: number, label: string) => pickRows(e.n, max, rng, label);
  const cand = pick(opts.maxCandidates ?? Infinity, 'vuln.candidates');
  const ref = pick(opts.maxReference ?? 50_000, 'vuln.reference');
  const keep = Math.max(SCREEN_KEEP, 20 * nWanted);
  if (cand.length <= Math.max(SCREEN_ABOVE, keep) || ref.length <= SCREEN_REFERENCE) return scoreRows(e, cand, ref, k);
  const screenRef = rng.fork('vuln.screen').sampleWithoutReplacement(ref.length, SCREEN_REFERENCE).sort();
  const screen = scoreRows(e, cand, Int32Array.from(screenRef, (i) => ref[i]), k);
  screen.sort((a, b) => b.score - a.score || a.row - b.row);
  const top = Int32Array.from(screen.slice(0, keep), (s) => s.row).sort();
  return scoreRows(e, top, ref, k);
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
  const scored = nV > 0 ? screenedScores(e, rng, nV, opts) : [];
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
