// marginal-dp, the reference DP generator of the MST family: noisy 1-way marginals, a maximum spanning tree (degree 2) or
// a 2-tree of 3-way cliques (degree 3) chosen by the exponential mechanism, Gaussian measurements, consistent tables, ancestral sampling.
// Follows McKenna, Miklau & Sheldon 2021 (MST) and, for degree 3, Zhang et al. 2017 (PrivBayes) with AIM's noise-aware quality; docs/definitions.md#reference-generators.
//
// Steps (d columns, budget from ./budget.ts, split 1/3 : 1/3 : 1/3 as MST unless `split` says otherwise):
// 1. Measure every 1-way count vector with N(0, sigma1^2) per cell (d vectors, L2 sensitivity 1 each under add/remove).
//    Codes the generator never produces (the 'unseen' category, integer-free numeric bins) are structural zeros, unmeasured.
// 2. Compress (MST): codes whose noisy count is below 3 sigma1 are merged into one cell per column; a merged cell is later
//    expanded to one of its codes with probability proportional to max(noisy count, 0) (uniform if all are <= 0) - MST expands uniformly.
// 3. Select. Degree 2: d - 1 rounds of Kruskal; each round the exponential mechanism (quality = L1 distance between the pair's
//    true 2-way counts and the independent estimate from the noisy 1-ways, sensitivity 1) picks a pair joining two components.
//    Degree 3: first a pair as above, then d - 2 rounds each attaching an unplaced column X to a placed column or to an edge
//    (P1, P2) of an already measured clique, quality = L1(true counts of (S, X) - n^ * P^(S) x p^(X)) - sqrt(2/pi) sigma2 * cells
//    (the expected L1 of the measurement noise, AIM's penalty for large tables); each chosen clique is measured before the next round.
// 4. Measure the chosen 2-way (3-way) count tables with N(0, sigma2^2) per cell (d - 1 tables).
// 5. Post-process into consistent non-negative tables: n^ = inverse-variance mean of all measured totals; each column's
//    1-way = per-cell inverse-variance combination of its own measurement and the margins of every table containing it,
//    projected onto {x >= 0, sum = n^}; each table is corrected to those margins (minimum-norm, 2-way), projected onto the
//    simplex, floored by 1e-6 of the independent estimate and raked (IPF) to its margins: the 1-way margins of its columns,
//    and for a 3-way clique the 2-way margin of its parent edge as fixed by the earlier clique (so the model is consistent).
// 6. Sample root-to-leaves from the conditionals; expand merged cells; numeric values uniform inside their bin.
// fit() is this sequence of functions: measureOneWays (1), compressOneWays and estimateTotal (2), selectTree or growTwoTree with
// measureTable (3-4), then estimateTotal, reconcileOneWays, consistentTables, treeModel or twoTreeModel and fittedState (5).
// Numeric columns are modelled on the Domain's bins; private bounds and bin edges, if any, are estimated when the Domain is built
// (dp-domain.ts) and their cost is composed here through `procEpsilon`.

import { UserError } from '../errors.js';
import type { Domain, Encoded } from '../domain.js';
import type { Rng } from '../rng.js';
import { ledgerMu, ledgerRho, muToPureDp, type LedgerEntry } from '../dp.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from './generator.js';
import {
  allowedCodes,
  checkBounds,
  checkColumnList,
  checkSameDomain,
  decodeMerged,
  domainBinRanges,
  drawCdf,
  memberCdfsOf,
  mergedColumnModel,
  savedColumnModels,
  type ColumnModel,
  type SavedColumnModel,
  optBoolean,
  optNumber,
  projectSimplex,
  toCdf,
  type BinRanges,
  type Bounds,
} from './common.js';
import { budgetClaim, domainNote, parseBudget, type Budget } from './budget.js';

const KNOWN = ['epsilon', 'delta', 'rho', 'risk', 'procEpsilon', 'degree', 'bounds', 'compress', 'split', 'publicDomain', 'noMissing', 'maxCells'];
export const DEFAULT_MAX_CELLS = 50_000;
const FLOOR = 1e-6;

/** The exponential mechanism: index i with probability proportional to exp(epsilon * q_i / (2 sensitivity)). */
export function exponentialMechanism(quality: ArrayLike<number>, epsilon: number, sensitivity: number, rng: Rng): number {
  const k = quality.length;
  let max = -Infinity;
  for (let i = 0; i < k; i++) if (quality[i] > max) max = quality[i];
  const w = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) {
    w[i] = Math.exp((epsilon * (quality[i] - max)) / (2 * sensitivity));
    s += w[i];
  }
  let u = rng.random() * s;
  for (let i = 0; i < k; i++) {
    u -= w[i];
    if (u < 0) return i;
  }
  return k - 1;
}

/** The plan of a fit: noise scales and the ledger they add up to. */
export interface MarginalDpPlan {
  degree: number;
  rounds: number;
  sigma1: number;
  sigma2: number;
  epsSelect: number;
  ledger: LedgerEntry[];
}

interface Measured {
  vars: number[];
  sizes: number[];
  noisy: Float64Array;
}

interface MarginalDpState {
  version: 1;
  degree: number;
  columns: SavedColumnModel[];
  /** Sampling order of the columns. */
  order: number[];
  /** Per column, its parents in the model (first is slowest in the conditional's layout). */
  parents: number[][];
  /** Per column, P(x | parents) laid out as parentConfig * k + x. */
  cond: number[][];
  /** The measured higher-order marginals (column indices), in the order chosen. */
  cliques: number[][];
  nHat: number;
  ledger: LedgerEntry[];
}

/** Diagnostics of the last fit, for tests and the curious (not serialised). */
export interface MarginalDpFitInfo {
  plan: MarginalDpPlan;
  /** Noisy 1-way counts per column over original codes (NaN where never generated). */
  oneWay: Float64Array[];
  /** Measured higher-order tables over model codes. */
  measured: Measured[];
  models: ColumnModel[];
  nHat: number;
}

function marginIndex(sizes: number[], keep: number[]): Int32Array {
  let cells = 1;
  for (const s of sizes) cells *= s;
  const idx = new Int32Array(cells);
  const r = sizes.length;
  const digit = new Int32Array(r);
  for (let c = 0; c < cells; c++) {
    let m = 0;
    for (const p of keep) m = m * sizes[p] + digit[p];
    idx[c] = m;
    for (let t = r - 1; t >= 0; t--) {
      if (++digit[t] < sizes[t]) break;
      digit[t] = 0;
    }
  }
  return idx;
}

function marginal(T: Float64Array, sizes: number[], keep: number[]): Float64Array {
  let k = 1;
  for (const p of keep) k *= sizes[p];
  const idx = marginIndex(sizes, keep);
  const out = new Float64Array(k);
  for (let c = 0; c < T.length; c++) out[idx[c]] += T[c];
  return out;
}

/** Iterative proportional fitting of T to the given margins (in place). */
function ipf(T: Float64Array, sizes: number[], cons: { keep: number[]; target: Float64Array }[], total: number): void {
  const maps = cons.map((c) => marginIndex(sizes, c.keep));
  const tol = 1e-9 * Math.max(1, total);
  for (let it = 0; it < 200; it++) {
    let worst = 0;
    for (let q = 0; q < cons.length; q++) {
      const idx = maps[q];
      const tgt = cons[q].target;
      const m = new Float64Array(tgt.length);
      for (let c = 0; c < T.length; c++) m[idx[c]] += T[c];
      for (let a = 0; a < tgt.length; a++) {
        const dev = Math.abs(m[a] - tgt[a]);
        if (dev > worst) worst = dev;
        m[a] = m[a] > 0 ? tgt[a] / m[a] : 0;
      }
      for (let c = 0; c < T.length; c++) T[c] *= m[idx[c]];
    }
    if (worst < tol) break;
  }
}

class UnionFind {
  p: Int32Array;
  constructor(n: number) {
    this.p = new Int32Array(n);
    for (let i = 0; i < n; i++) this.p[i] = i;
  }
  find(x: number): number {
    while (this.p[x] !== x) x = this.p[x] = this.p[this.p[x]];
    return x;
  }
  union(a: number, b: number): void {
    this.p[this.find(a)] = this.find(b);
  }
}

// ---- The steps of a fit, in order (fit() below is their sequence; numbers as in the header). ----

/** Step 1's output: noisy 1-way counts per column over original codes (NaN where never generated) and the codes generated. */
interface OneWayMeasurements {
  noisy: Float64Array[];
  allowed: Uint8Array[];
}

/** Step 1: measure every 1-way count vector over the codes the generator may produce, N(0, sigma1^2) per cell. */
function measureOneWays(
  data: Encoded,
  cols: Domain['columns'],
  ranges: (BinRanges | null)[],
  noMissing: Set<string>,
  sigma1: number,
  r1: Rng,
): OneWayMeasurements {
  const d = cols.length;
  const n = data.n;
  const oneWay: Float64Array[] = [];
  const allowed: Uint8Array[] = [];
  for (let j = 0; j < d; j++) {
    const a = allowedCodes(cols[j], ranges[j], !noMissing.has(cols[j].name));
    const y = new Float64Array(cols[j].nCodes);
    const c = data.codes[j];
    for (let i = 0; i < n; i++) if (a[c[i]]) y[c[i]]++;
    for (let k = 0; k < y.length; k++) y[k] = a[k] ? y[k] + sigma1 * r1.normal() : NaN;
    oneWay.push(y);
    allowed.push(a);
  }
  return { noisy: oneWay, allowed };
}

/** Step 2's output: the model codes of each column, with the noisy 1-way count and its variance per model code. */
interface CompressedOneWays {
  models: ColumnModel[];
  /** Per column, noisy count per model code (sum over its members). */
  y: Float64Array[];
  /** Per column, variance of that count (members x sigma1^2). */
  v: Float64Array[];
}

/** Step 2 (MST compression): when `merge`, codes whose noisy count is below 3 sigma1 become one cell per column (a lone rare code stays). */
function compressOneWays(m1: OneWayMeasurements, sigma1: number, merge: boolean): CompressedOneWays {
  const models: ColumnModel[] = [];
  const yM: Float64Array[] = [];
  const vM: Float64Array[] = [];
  for (let j = 0; j < m1.noisy.length; j++) {
    const y = m1.noisy[j];
    const a = m1.allowed[j];
    const keep: number[] = [];
    const rare: number[] = [];
    for (let k = 0; k < y.length; k++) {
      if (!a[k]) continue;
      if (!merge || y[k] >= 3 * sigma1) keep.push(k);
      else rare.push(k);
    }
    const model = mergedColumnModel(y, keep, rare);
    const members = model.members;
    models.push(model);
    yM.push(Float64Array.from(members, (ms) => ms.reduce((s, k) => s + y[k], 0)));
    vM.push(Float64Array.from(members, (ms) => ms.length * sigma1 * sigma1));
  }
  return { models, y: yM, v: vM };
}

/** The private rows recoded to model codes (-1 = a code never generated), for counting tables. */
interface ModelCodes {
  n: number;
  /** Model codes per column. */
  K: number[];
  codes: Int32Array[];
}

/** Recode the data to the model codes of step 2. */
function toModelCodes(data: Encoded, models: ColumnModel[]): ModelCodes {
  const n = data.n;
  const codes = models.map((m, j) => {
    const out = new Int32Array(n);
    const c = data.codes[j];
    for (let i = 0; i < n; i++) out[i] = m.map[c[i]];
    return out;
  });
  return { n, K: models.map((m) => m.k), codes };
}

/** True count table of 2 or 3 columns over model codes (first column slowest); rows with a never-generated code are skipped. */
function countTable(mc: ModelCodes, vars: number[]): Float64Array {
  const { n, K } = mc;
  let cells = 1;
  for (const v of vars) cells *= K[v];
  const x = new Float64Array(cells);
  if (vars.length === 2) {
    const A = mc.codes[vars[0]];
    const B = mc.codes[vars[1]];
    const kb = K[vars[1]];
    for (let i = 0; i < n; i++) {
      const a = A[i];
      const b = B[i];
      if (a >= 0 && b >= 0) x[a * kb + b]++;
    }
  } else {
    const A = mc.codes[vars[0]];
    const B = mc.codes[vars[1]];
    const C = mc.codes[vars[2]];
    const kb = K[vars[1]];
    const kc = K[vars[2]];
    for (let i = 0; i < n; i++) {
      const a = A[i];
      const b = B[i];
      const c = C[i];
      if (a >= 0 && b >= 0 && c >= 0) x[(a * kb + b) * kc + c]++;
    }
  }
  return x;
}

/** Steps 2 and 5: n^ = inverse-variance mean of the 1-way totals, then of the measured tables' totals (in that order), at least 1. */
function estimateTotal(c1: CompressedOneWays, measured: Measured[], sigma2: number): number {
  let num = 0;
  let den = 0;
  for (let j = 0; j < c1.y.length; j++) {
    let t = 0;
    let v = 0;
    for (let m = 0; m < c1.y[j].length; m++) (t += c1.y[j][m]), (v += c1.v[j][m]);
    num += t / v;
    den += 1 / v;
  }
  for (const m of measured) {
    let t = 0;
    for (const x of m.noisy) t += x;
    const v = m.noisy.length * sigma2 * sigma2;
    num += t / v;
    den += 1 / v;
  }
  return Math.max(1, num / den);
}

/** Step 2: per column, the noisy 1-way projected onto {x >= 0, sum = nHat} and normalised to a distribution (uniform if empty). */
function oneWayDistributions(y: Float64Array[], nHat: number): Float64Array[] {
  return y.map((y) => {
    const p = projectSimplex(y, nHat);
    let s = 0;
    for (const x of p) s += x;
    for (let m = 0; m < p.length; m++) p[m] = s > 0 ? p[m] / s : 1 / p.length;
    return p;
  });
}

/** Step 4: one table measured with N(0, sigma2^2) per cell. */
function measureTable(mc: ModelCodes, vars: number[], sigma2: number, rMeas: Rng): Measured {
  const x = countTable(mc, vars);
  for (let c = 0; c < x.length; c++) x[c] += sigma2 * rMeas.normal();
  return { vars, sizes: vars.map((v) => mc.K[v]), noisy: x };
}

/** What the selection of step 3 may look at: true counts, the noisy 1-ways (as distributions, and n^), the plan and the cell cap. */
interface SelectionInput {
  mc: ModelCodes;
  /** Per column, the noisy 1-way as a distribution over model codes. */
  p1: Float64Array[];
  /** n^ from the 1-way totals. */
  nHat: number;
  plan: MarginalDpPlan;
  maxCells: number;
}

/** Step 3: quality of a pair, L1 distance of its true 2-way counts from the independent estimate n^ p^(a) x p^(b) (sensitivity 1). */
function pairQuality(s: SelectionInput, a: number, b: number): number {
  const x = countTable(s.mc, [a, b]);
  const pa = s.p1[a];
  const pb = s.p1[b];
  const kb = s.mc.K[b];
  let q = 0;
  for (let u = 0; u < pa.length; u++) for (let v = 0; v < kb; v++) q += Math.abs(x[u * kb + v] - s.nHat * pa[u] * pb[v]);
  return q;
}

/** Step 3: column pairs whose 2-way table fits in maxCells, with their selection quality (same order for every degree). */
function candidatePairs(s: SelectionInput): { pairs: [number, number][]; w: number[] } {
  const { K } = s.mc;
  const d = K.length;
  const pairs: [number, number][] = [];
  const w: number[] = [];
  for (let a = 0; a < d; a++)
    for (let b = a + 1; b < d; b++) {
      if (K[a] * K[b] > s.maxCells) continue;
      pairs.push([a, b]);
      w.push(pairQuality(s, a, b));
    }
  return { pairs, w };
}

/** Step 3, degree 2: a maximum spanning tree (forest) by Kruskal, each round's pair picked by the exponential mechanism. */
function selectTree(s: SelectionInput, rSel: Rng): [number, number][] {
  const { pairs, w } = candidatePairs(s);
  const uf = new UnionFind(s.mc.K.length);
  const chosen: [number, number][] = [];
  for (let r = 0; r < s.plan.rounds; r++) {
    const cand: number[] = [];
    for (let t = 0; t < pairs.length; t++) if (uf.find(pairs[t][0]) !== uf.find(pairs[t][1])) cand.push(t);
    if (cand.length === 0) break;
    const pick = cand[exponentialMechanism(cand.map((t) => w[t]), s.plan.epsSelect, 1, rSel)];
    chosen.push(pairs[pick]);
    uf.union(pairs[pick][0], pairs[pick][1]);
  }
  return chosen;
}

/** Steps 3-4, degree 3: grow a 2-tree, measuring each chosen clique before the next selection round (adaptive composition). */
function growTwoTree(s: SelectionInput, rSel: Rng, rMeas: Rng): Measured[] {
  const { mc, p1, plan, maxCells } = s;
  const { K } = mc;
  const d = K.length;
  const measure = (vars: number[]) => measureTable(mc, vars, plan.sigma2, rMeas);
  const measured: Measured[] = [];
  const { pairs, w } = candidatePairs(s);
  if (pairs.length === 0) return measured;
  const first = pairs[exponentialMechanism(w, plan.epsSelect, 1, rSel)];
  measured.push(measure(first));
  const placed = new Uint8Array(d);
  placed[first[0]] = placed[first[1]] = 1;
  // edges usable as parent pairs, with the normalised noisy margin of the table that measured them
  const edges: { a: number; b: number; p: Float64Array }[] = [];
  const addEdges = (t: Measured) => {
    const r = t.vars.length;
    for (let i = 0; i < r; i++)
      for (let k = i + 1; k < r; k++) {
        const m = marginal(t.noisy, t.sizes, [i, k]);
        const p = projectSimplex(m, s.nHat);
        let sum = 0;
        for (const x of p) sum += x;
        for (let c = 0; c < p.length; c++) p[c] = sum > 0 ? p[c] / sum : 1 / p.length;
        edges.push({ a: t.vars[i], b: t.vars[k], p });
      }
  };
  addEdges(measured[0]);
  const bias = Math.sqrt(2 / Math.PI) * plan.sigma2;
  const cache = new Map<string, number>();
  const quality = (S: number[], X: number, pS: Float64Array): number => {
    const key = `${S.join(',')}|${X}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const x = countTable(mc, [...S, X]);
    const kx = K[X];
    const px = p1[X];
    const nh = s.nHat;
    let q = 0;
    for (let c = 0; c < pS.length; c++) for (let v = 0; v < kx; v++) q += Math.abs(x[c * kx + v] - nh * pS[c] * px[v]);
    q -= bias * x.length;
    cache.set(key, q);
    return q;
  };
  for (let r = 1; r < plan.rounds; r++) {
    const cands: { S: number[]; X: number }[] = [];
    const qs: number[] = [];
    for (let X = 0; X < d; X++) {
      if (placed[X]) continue;
      for (let P = 0; P < d; P++) {
        if (!placed[P] || K[P] * K[X] > maxCells) continue;
        cands.push({ S: [P], X });
        qs.push(quality([P], X, p1[P]));
      }
      for (const e of edges) {
        if (K[e.a] * K[e.b] * K[X] > maxCells) continue;
        cands.push({ S: [e.a, e.b], X });
        qs.push(quality([e.a, e.b], X, e.p));
      }
    }
    if (cands.length === 0) break;
    const c = cands[exponentialMechanism(qs, plan.epsSelect, 1, rSel)];
    const t = measure([...c.S, c.X]);
    measured.push(t);
    placed[c.X] = 1;
    addEdges(t);
  }
  return measured;
}

/** Step 5: per column, inverse-variance mix of its 1-way and the margins of the tables holding it, projected onto {x >= 0, sum = nHat}. */
function reconcileOneWays(c1: CompressedOneWays, K: number[], measured: Measured[], sigma2: number, nHat: number): Float64Array[] {
  const { y: yM, v: vM } = c1;
  const oneWayEst: Float64Array[] = [];
  for (let j = 0; j < K.length; j++) {
    const kj = K[j];
    const acc = new Float64Array(kj);
    const prec = new Float64Array(kj);
    for (let m = 0; m < kj; m++) {
      acc[m] = yM[j][m] / vM[j][m];
      prec[m] = 1 / vM[j][m];
    }
    for (const t of measured) {
      const pos = t.vars.indexOf(j);
      if (pos < 0) continue;
      const marg = marginal(t.noisy, t.sizes, [pos]);
      const v = (sigma2 * sigma2 * t.noisy.length) / kj;
      for (let m = 0; m < kj; m++) {
        acc[m] += marg[m] / v;
        prec[m] += 1 / v;
      }
    }
    for (let m = 0; m < kj; m++) acc[m] /= prec[m];
    const est = projectSimplex(acc, nHat);
    if (!est.some((x) => x > 0)) est.fill(nHat / kj);
    oneWayEst.push(est);
  }
  return oneWayEst;
}

/** Step 5: each measured table, in order, made non-negative and consistent with the reconciled 1-ways and earlier tables (header, step 5). */
function consistentTables(measured: Measured[], K: number[], oneWayEst: Float64Array[], nHat: number, degree: number): Float64Array[] {
  const finals: Float64Array[] = [];
  const edgeOwner = new Map<string, { clique: number }>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (let q = 0; q < measured.length; q++) {
    const t = measured[q];
    const T = t.noisy.slice();
    const r = t.vars.length;
    const cons: { keep: number[]; target: Float64Array }[] = [];
    if (r === 2 && (degree === 2 || q === 0)) {
      const [a, b] = t.vars;
      const ka = K[a];
      const kb = K[b];
      // minimum-norm correction of the table to the reconciled margins
      const row = marginal(T, t.sizes, [0]);
      const col = marginal(T, t.sizes, [1]);
      let tot = 0;
      for (const x of T) tot += x;
      for (let u = 0; u < ka; u++)
        for (let v = 0; v < kb; v++) T[u * kb + v] += (oneWayEst[a][u] - row[u]) / kb + (oneWayEst[b][v] - col[v]) / ka - (nHat - tot) / (ka * kb);
      cons.push({ keep: [0], target: oneWayEst[a] }, { keep: [1], target: oneWayEst[b] });
    } else {
      // 3-way (or a 2-way attachment in a 2-tree): rows = parent set S, last = new column X
      const S = t.vars.slice(0, r - 1);
      const X = t.vars[r - 1];
      let target: Float64Array;
      if (S.length === 1) target = oneWayEst[S[0]];
      else {
        const owner = edgeOwner.get(key(S[0], S[1]))!;
        const ot = measured[owner.clique];
        target = marginal(finals[owner.clique], ot.sizes, [ot.vars.indexOf(S[0]), ot.vars.indexOf(S[1])]);
      }
      cons.push({ keep: S.map((_, i) => i), target }, { keep: [r - 1], target: oneWayEst[X] });
    }
    const P = projectSimplex(T, nHat);
    // floor by a tiny share of the independent estimate so that IPF can fill rows the projection emptied
    const mIdx = cons.map((c) => marginIndex(t.sizes, c.keep));
    for (let c = 0; c < P.length; c++) P[c] += (FLOOR * cons[0].target[mIdx[0][c]] * cons[1].target[mIdx[1][c]]) / nHat;
    ipf(P, t.sizes, cons, nHat);
    finals.push(P);
    for (let i = 0; i < r; i++) for (let k = i + 1; k < r; k++) if (!edgeOwner.has(key(t.vars[i], t.vars[k]))) edgeOwner.set(key(t.vars[i], t.vars[k]), { clique: q });
  }
  return finals;
}

/** The fitted graphical model: a sampling order, each column's parents and its (unnormalised) table given them. */
interface ModelGraph {
  order: number[];
  parents: number[][];
  /** Per column, counts laid out as parentConfig * k + x (a column without parents keeps its 1-way). */
  cond: Float64Array[];
}

/** Step 5, degree 2: breadth-first from the lowest unvisited column of each tree; a child's table is its edge's, parent rows first. */
function treeModel(measured: Measured[], finals: Float64Array[], oneWayEst: Float64Array[], K: number[]): ModelGraph {
  const d = oneWayEst.length;
  const parents: number[][] = Array.from({ length: d }, () => []);
  const cond: Float64Array[] = oneWayEst.map((m) => m.slice());
  const order: number[] = [];
  const adj: number[][] = Array.from({ length: d }, () => []);
  measured.forEach((t, q) => {
    adj[t.vars[0]].push(q);
    adj[t.vars[1]].push(q);
  });
  const seen = new Uint8Array(d);
  for (let root = 0; root < d; root++) {
    if (seen[root]) continue;
    seen[root] = 1;
    order.push(root);
    const queue = [root];
    while (queue.length) {
      const p = queue.shift()!;
      for (const q of adj[p]) {
        const t = measured[q];
        const c = t.vars[0] === p ? t.vars[1] : t.vars[0];
        if (seen[c]) continue;
        seen[c] = 1;
        order.push(c);
        queue.push(c);
        parents[c] = [p];
        const F = finals[q];
        const kp = K[p];
        const kc = K[c];
        const C = new Float64Array(kp * kc);
        const pFirst = t.vars[0] === p;
        for (let u = 0; u < kp; u++) for (let v = 0; v < kc; v++) C[u * kc + v] = pFirst ? F[u * kc + v] : F[v * kp + u];
        cond[c] = C;
      }
    }
  }
  return { order, parents, cond };
}

/** Step 5, degree 3 (and 1): columns in the order their table was measured (the last column of each is the new one), then the rest. */
function twoTreeModel(measured: Measured[], finals: Float64Array[], oneWayEst: Float64Array[]): ModelGraph {
  const d = oneWayEst.length;
  const parents: number[][] = Array.from({ length: d }, () => []);
  const cond: Float64Array[] = oneWayEst.map((m) => m.slice());
  const order: number[] = [];
  const placed = new Uint8Array(d);
  measured.forEach((t, q) => {
    const r = t.vars.length;
    if (q === 0 && r === 2) {
      const [a, b] = t.vars;
      order.push(a, b);
      placed[a] = placed[b] = 1;
      parents[b] = [a];
      cond[b] = finals[q];
    } else {
      const X = t.vars[r - 1];
      order.push(X);
      placed[X] = 1;
      parents[X] = t.vars.slice(0, r - 1);
      cond[X] = finals[q];
    }
  });
  for (let j = 0; j < d; j++) if (!placed[j]) order.push(j);
  return { order, parents, cond };
}

/** Step 5: each row of each conditional normalised to a distribution (uniform where the row is empty). */
function normaliseRows(cond: Float64Array[], K: number[]): number[][] {
  return cond.map((C, j) => {
    const k = K[j];
    const out = new Array<number>(C.length);
    for (let off = 0; off < C.length; off += k) {
      let s = 0;
      for (let x = 0; x < k; x++) s += C[off + x];
      for (let x = 0; x < k; x++) out[off + x] = s > 0 ? C[off + x] / s : 1 / k;
    }
    return out;
  });
}

/** Step 5: the fitted model as saved: column models, sampling order, parents, row-normalised conditionals, cliques, n^, ledger. */
function fittedState(plan: MarginalDpPlan, models: ColumnModel[], graph: ModelGraph, measured: Measured[], nHat: number): MarginalDpState {
  return {
    version: 1,
    degree: plan.degree,
    columns: savedColumnModels(models),
    order: graph.order,
    parents: graph.parents,
    cond: normaliseRows(graph.cond, models.map((m) => m.k)),
    cliques: measured.map((t) => t.vars),
    nHat,
    ledger: plan.ledger,
  };
}

export class MarginalDpGenerator implements Generator {
  readonly name = 'marginal-dp';
  readonly spec: GeneratorSpec;
  readonly budget: Budget;
  readonly degree: number;
  private readonly compress: boolean;
  private readonly split: [number, number, number];
  private readonly bounds: Bounds;
  private readonly ranges: (BinRanges | null)[];
  private readonly publicDomain: boolean;
  private readonly noMissing: Set<string>;
  private readonly maxCells: number;
  private claimValue: PrivacyClaim | null = null;
  private state: MarginalDpState | null = null;
  private cdfs: Float64Array[] = [];
  private memberCdfs: Float64Array[][] = [];
  lastFit: MarginalDpFitInfo | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new UserError(`generator marginal-dp: unknown option "${k}" (${KNOWN.join(', ')})`);
    this.budget = parseBudget('marginal-dp', o, false, true)!;
    this.degree = optNumber('marginal-dp', o, 'degree', { min: 1, max: 3, integer: true }) ?? 2;
    this.compress = optBoolean('marginal-dp', o, 'compress') ?? true;
    this.publicDomain = optBoolean('marginal-dp', o, 'publicDomain') ?? false;
    this.maxCells = optNumber('marginal-dp', o, 'maxCells', { min: 4 }) ?? DEFAULT_MAX_CELLS;
    const sp = o.split ?? [1 / 3, 1 / 3, 1 / 3];
    if (!Array.isArray(sp) || sp.length !== 3 || !sp.every((x) => typeof x === 'number' && x > 0 && Number.isFinite(x)))
      throw new UserError('generator marginal-dp: option split must be three positive numbers [oneWay, selection, measurement]');
    const ss = sp[0] + sp[1] + sp[2];
    this.split = [sp[0] / ss, sp[1] / ss, sp[2] / ss];
    this.bounds = checkBounds('marginal-dp', domain, o.bounds);
    this.ranges = domainBinRanges(domain, this.bounds);
    this.noMissing = checkColumnList('marginal-dp', domain, 'noMissing', o.noMissing);
    this.spec = { name: 'marginal-dp', options: { ...o } };
  }

  /** Computed on first use (the zCDP advantage bound takes a few ms; shadow-model workers may never ask). */
  claim(): PrivacyClaim {
    return (this.claimValue ??= budgetClaim(this.budget, domainNote(this.publicDomain)));
  }

  /** Noise scales for d columns and the ledger they compose to (equal to the budget: a test checks it). */
  plan(d = this.domain.columns.length): MarginalDpPlan {
    const degree = d >= 2 ? this.degree : 1;
    const rounds = degree >= 2 ? d - 1 : 0;
    const [f1, fs, f2] = rounds > 0 ? this.split : [1, 0, 0];
    const b = this.budget;
    let sigma1: number;
    let sigma2 = NaN;
    let epsSelect = NaN;
    const ledger: LedgerEntry[] = [];
    for (const e of b.procEpsilons) ledger.push({ label: 'private preprocessing (domain bounds, bin edges)', mechanism: 'laplace', epsilon: e, count: 1 });
    if (b.accounting === 'gdp') {
      const m2 = b.muGen * b.muGen;
      sigma1 = Math.sqrt(d / (f1 * m2));
      if (rounds > 0) {
        epsSelect = muToPureDp(Math.sqrt((fs * m2) / rounds));
        sigma2 = Math.sqrt(rounds / (f2 * m2));
      }
    } else {
      sigma1 = Math.sqrt(d / (2 * f1 * b.rhoGen));
      if (rounds > 0) {
        epsSelect = Math.sqrt((8 * fs * b.rhoGen) / rounds);
        sigma2 = Math.sqrt(rounds / (2 * f2 * b.rhoGen));
      }
    }
    ledger.push({ label: '1-way marginals', mechanism: 'gaussian', sigma: sigma1, count: d });
    if (rounds > 0) {
      ledger.push({ label: `selection (exponential mechanism, ${rounds} rounds)`, mechanism: 'exponential', epsilon: epsSelect, count: rounds });
      ledger.push({ label: `${degree}-way marginals`, mechanism: 'gaussian', sigma: sigma2, count: rounds });
    }
    for (const e of ledger) {
      if (b.accounting === 'gdp') e.mu = ledgerMu([e]);
      else e.rho = ledgerRho([e]);
    }
    return { degree, rounds, sigma1, sigma2, epsSelect, ledger };
  }

  /** Fit: steps 1-5 of the header, each a function above (the random streams: oneway, select, measure). */
  fit(data: Encoded, rng: Rng): this {
    checkSameDomain('marginal-dp', this.domain, data);
    const plan = this.plan(this.domain.columns.length);
    const { sigma1, sigma2 } = plan;
    // 1-2. noisy 1-way marginals, compressed to model codes; n^ and the 1-way distributions the selection compares against
    const m1 = measureOneWays(data, this.domain.columns, this.ranges, this.noMissing, sigma1, rng.fork('marginal-dp.oneway'));
    const c1 = compressOneWays(m1, sigma1, this.compress && plan.degree >= 2);
    const mc = toModelCodes(data, c1.models);
    const nHat1 = estimateTotal(c1, [], sigma2);
    const sel: SelectionInput = { mc, p1: oneWayDistributions(c1.y, nHat1), nHat: nHat1, plan, maxCells: this.maxCells };
    // 3-4. selection (a tree, or a 2-tree) and measurement of the chosen tables
    const rSel = rng.fork('marginal-dp.select');
    const rMeas = rng.fork('marginal-dp.measure');
    let measured: Measured[] = [];
    if (plan.degree === 2) measured = selectTree(sel, rSel).map((e) => measureTable(mc, e, sigma2, rMeas));
    else if (plan.degree === 3) measured = growTwoTree(sel, rSel, rMeas);
    // 5. consistent tables (n^ refined by the tables' totals) and the model they define
    const nHat = estimateTotal(c1, measured, sigma2);
    const oneWayEst = reconcileOneWays(c1, mc.K, measured, sigma2, nHat);
    const finals = consistentTables(measured, mc.K, oneWayEst, nHat, plan.degree);
    const graph = plan.degree === 2 ? treeModel(measured, finals, oneWayEst, mc.K) : twoTreeModel(measured, finals, oneWayEst);
    this.lastFit = { plan, oneWay: m1.noisy, measured, models: c1.models, nHat };
    this.setState(fittedState(plan, c1.models, graph, measured, nHat));
    return this;
  }

  private setState(s: MarginalDpState): void {
    this.state = s;
    const K = s.columns.map((c) => c.members.length);
    this.cdfs = s.cond.map((C, j) => {
      const F = Float64Array.from(C);
      for (let off = 0; off < F.length; off += K[j]) toCdf(F, off, K[j]);
      return F;
    });
    this.memberCdfs = memberCdfsOf(s.columns);
  }

  sample(n: number, rng: Rng): Encoded {
    const s = this.state;
    if (!s) throw new Error('marginal-dp: sample() before fit()');
    const d = this.domain.columns.length;
    const K = s.columns.map((c) => c.members.length);
    const model: Int32Array[] = Array.from({ length: d }, () => new Int32Array(n));
    // one 32-bit draw per categorical choice (resolution 2^-32 is ample for a CDF lookup, half the cost of random())
    const U = 2.3283064365386963e-10;
    for (const j of s.order) {
      const par = s.parents[j];
      const cdf = this.cdfs[j];
      const k = K[j];
      const out = model[j];
      if (par.length === 0) for (let i = 0; i < n; i++) out[i] = drawCdf(cdf, 0, k, rng.nextU32() * U);
      else if (par.length === 1) {
        const A = model[par[0]];
        for (let i = 0; i < n; i++) out[i] = drawCdf(cdf, A[i] * k, k, rng.nextU32() * U);
      } else {
        const A = model[par[0]];
        const B = model[par[1]];
        const kb = K[par[1]];
        for (let i = 0; i < n; i++) out[i] = drawCdf(cdf, (A[i] * kb + B[i]) * k, k, rng.nextU32() * U);
      }
    }
    return decodeMerged(this.domain, model, s.columns, this.memberCdfs, this.ranges, n, 'synthetic(marginal-dp)', rng);
  }

  /** The measured higher-order marginals (column names), e.g. for reports. */
  cliques(): string[][] {
    if (!this.state) return [];
    return this.state.cliques.map((c) => c.map((j) => this.domain.columns[j].name));
  }

  toJSON(): GeneratorState {
    if (!this.state) throw new Error('marginal-dp: toJSON() before fit()');
    return { spec: this.spec, state: this.state };
  }

  static load(state: GeneratorState, domain: Domain): MarginalDpGenerator {
    const g = new MarginalDpGenerator(state.spec, domain);
    const s = state.state as MarginalDpState;
    if (!s || s.version !== 1 || s.columns?.length !== domain.columns.length) throw new UserError('saved marginal-dp generator does not match the domain');
    s.columns.forEach((c, j) => {
      if (c.map.length !== domain.columns[j].nCodes) throw new UserError('saved marginal-dp generator does not match the domain', { column: domain.columns[j].name });
    });
    g.setState(s);
    return g;
  }
}
