// aim: AIM, the adaptive and iterative mechanism (McKenna, Mullins, Sheldon & Miklau 2022), with Private-PGM's graphical
// model (./junction-tree.ts, ./estimation.ts), as the risk-calibrated AIM generator guide describes it.
//
// 1. Workload: every set of `degree` columns (weight 1). Candidates: its downward closure, each with weight
//    sum over workload sets W of |candidate & W| (Private-PGM's compile_workload).
// 2. Budget (./budget.ts): zCDP (rho) from epsilon/delta or rho; Gaussian DP (mu^2) from risk. `rounds` T (default 16 d):
//    sigma = sqrt(T / (2 * 0.9 rho)), selection epsilon = sqrt(8 * 0.1 rho / T) (GDP: 0.9 mu^2 = T / sigma^2 and
//    pureDpToMu(epsilon)^2 = 0.1 mu^2 / T). Every 1-way count vector is measured first with N(0, sigma^2) per cell.
// 3. compress (default true): codes whose noisy 1-way count is below 3 sigma (MST's rule) are merged into one model cell
//    per column, rarest first while the merged cell holds at most COMPRESS_MASS of the column's noisy mass; a merged
//    cell is expanded when sampling in proportion to the noisy counts (uniform if none is positive). Without the mass cap,
//    AIM's first sigma (the budget split over 16 d rounds) merges most categories of a small table and the merged cells
//    keep only that first noisy split (mean 2-way TVD 0.25 vs 0.16 uncompressed, Adult 1,000 rows, epsilon 1).
// 4. Rounds until the budget is spent: if what is left is less than two rounds' cost, the last round spends all of it
//    (0.9 / 0.1 again). Each round: the candidates admissible under the size limit maxModelSize x (budget used / budget)
//    MB, and at most CELLS_PER_ROW cells per noisy row count (our addition, post-processing: e.g. 0.76 MB for 1,000 rows,
//    25 MB for Adult's 32,561), or already inside a model clique, are scored
//    q = weight x (||x - model marginal||_1 - sqrt(2/pi) sigma cells), one is chosen by the exponential mechanism (sensitivity = the largest weight), measured with N(0, sigma^2), and the
//    model is re-fitted (mirror descent, warm start). If the model's answer on the measured marginal moved by at most
//    sqrt(2/pi) sigma cells in L1, sigma halves and epsilon doubles (annealing).
// 5. The final model is fitted with more iterations and sampled (./sample.ts); merged cells are expanded and numeric
//    values drawn inside their bin as the other generators do.
// Every mechanism is in the ledger; it composes exactly to the budget (procEpsilon entries first).

import { UserError } from '../../errors.js';
import type { Domain, Encoded } from '../../domain.js';
import type { Rng } from '../../rng.js';
import { ledgerMu, ledgerRho, muToPureDp, pureDpToMu, type LedgerEntry } from '../../dp.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from '../generator.js';
import {
  allowedCodes,
  checkBounds,
  checkColumnList,
  checkSameDomain,
  decodeMerged,
  domainBinRanges,
  memberCdfsOf,
  mergedColumnModel,
  savedColumnModels,
  type ColumnModel,
  type SavedColumnModel,
  optBoolean,
  optNumber,
  type BinRanges,
  type Bounds,
} from '../common.js';
import { budgetClaim, domainNote, parseBudget, type Budget } from '../budget.js';
import { cellCount } from './factor.js';
import { JunctionTree, modelSizeMb } from './junction-tree.js';
import { mirrorDescent, type Measurement } from './estimation.js';
import { sampleJunctionTree } from './sample.js';

const KNOWN = ['epsilon', 'delta', 'rho', 'risk', 'procEpsilon', 'degree', 'workload', 'maxModelSize', 'compress', 'rounds', 'iters', 'finalIters', 'sampling', 'bounds', 'publicDomain', 'noMissing'];
export const DEFAULT_MAX_MODEL_SIZE = 80;
export const DEFAULT_ITERS = 50;
export const DEFAULT_FINAL_ITERS = 300;
/**
 * Work caps (cells x iterations) of one round's and of the final mirror descent: a model of C cells gets at most
 * max(MIN_ITERS, cap / C) iterations, so a large model costs bounded time (Private-PGM runs 1,000 per round at any size,
 * hence hours); warm starts carry the fit from round to round.
 */
export const ROUND_WORK = 2e7;
export const FINAL_WORK = 2e8;
const MIN_ITERS = 5;
/** Model cells allowed per (noisy) row: the size limit is also at most CELLS_PER_ROW x n^ x 8 bytes. */
export const CELLS_PER_ROW = 100;
/** Largest share of a column's noisy mass that compression may merge into one cell. */
export const COMPRESS_MASS = 0.05;
const BIAS = Math.sqrt(2 / Math.PI);

/** The exponential mechanism: index i with probability proportional to exp(epsilon * q_i / (2 sensitivity)). */
export function exponentialMechanism(quality: ArrayLike<number>, epsilon: number, sensitivity: number, rng: Rng): number {
  const k = quality.length;
  let max = -Infinity;
  for (let i = 0; i < k; i++) if (quality[i] > max) max = quality[i];
  const w = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) s += w[i] = Math.exp((epsilon * (quality[i] - max)) / (2 * sensitivity));
  let u = rng.random() * s;
  for (let i = 0; i < k; i++) {
    u -= w[i];
    if (u < 0) return i;
  }
  return k - 1;
}

/** All ascending k-subsets of 0..d-1. */
function combinations(d: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number) => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let v = start; v < d; v++) {
      cur.push(v);
      rec(v + 1);
      cur.pop();
    }
  };
  rec(0);
  return out;
}

/**
 * Downward closure of a workload with Private-PGM's weights: w(c) = sum over workload sets W of weight(W) |c & W|
 * (weight 1 unless given).
 */
export function compileWorkload(workload: number[][], wWeights: number[] = workload.map(() => 1)): { cliques: number[][]; weights: number[] } {
  const seen = new Map<string, number[]>();
  for (const W of workload) {
    const r = W.length;
    for (let mask = 1; mask < 1 << r; mask++) {
      const c = W.filter((_, i) => mask & (1 << i));
      seen.set(c.join(','), c);
    }
  }
  const cliques = [...seen.values()].sort((a, b) => a.length - b.length || cmpLex(a, b));
  const weights = cliques.map((c) => workload.reduce((s, W, i) => s + wWeights[i] * c.filter((v) => W.includes(v)).length, 0));
  return { cliques, weights };
}

function cmpLex(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** One AIM round, for diagnostics and tests. */
export interface AimRound {
  vars: number[];
  sigma: number;
  epsilon: number;
  /** Size limit of this round (MB) and the model's size after it. */
  limitMb: number;
  sizeMb: number;
  candidates: number;
  annealed: boolean;
}

export interface AimFitInfo {
  sigma0: number;
  epsilon0: number;
  /** Noisy 1-way counts over original codes (NaN where never generated). */
  oneWay: Float64Array[];
  rounds: AimRound[];
  /** Every measurement over model codes (1-ways first). */
  measurements: Measurement[];
  models: ColumnModel[];
  total: number;
  ledger: LedgerEntry[];
}

interface AimState {
  version: 1;
  degree: number;
  columns: SavedColumnModel[];
  /** Measured cliques of degree >= 2, in the order measured. */
  measured: number[][];
  /** The cliques the junction tree is built from (the previous tree's maximal cliques plus the last new pick). */
  structure: number[][];
  /** Log-potentials of the junction tree's maximal cliques. */
  theta: number[][];
  total: number;
  ledger: LedgerEntry[];
}

export class AimGenerator implements Generator {
  readonly name = 'aim';
  readonly spec: GeneratorSpec;
  readonly budget: Budget;
  readonly degree: number;
  readonly maxModelSize: number;
  private readonly compress: boolean;
  private readonly rounds: number | undefined;
  private readonly sampling: 'round' | 'draw';
  private readonly workload: { sets: number[][]; weights: number[] } | null;
  private readonly iters: number;
  private readonly finalIters: number;
  private readonly bounds: Bounds;
  private readonly ranges: (BinRanges | null)[];
  private readonly publicDomain: boolean;
  private readonly noMissing: Set<string>;
  private claimValue: PrivacyClaim | null = null;
  private state: AimState | null = null;
  private jt: JunctionTree | null = null;
  private mu: Float64Array[] = [];
  private memberCdfs: Float64Array[][] = [];
  lastFit: AimFitInfo | null = null;
  /** Called once per round with a one-line summary (diagnostics; not serialised). */
  trace: ((line: string) => void) | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new UserError(`generator aim: unknown option "${k}" (${KNOWN.join(', ')})`);
    this.budget = parseBudget('aim', o, false, true)!;
    this.degree = optNumber('aim', o, 'degree', { min: 1, max: 3, integer: true }) ?? 2;
    this.maxModelSize = optNumber('aim', o, 'maxModelSize', { min: 0, exclusiveMin: true }) ?? DEFAULT_MAX_MODEL_SIZE;
    this.compress = optBoolean('aim', o, 'compress') ?? true;
    this.rounds = optNumber('aim', o, 'rounds', { min: 1, integer: true });
    this.iters = optNumber('aim', o, 'iters', { min: 1, max: 100000, integer: true }) ?? DEFAULT_ITERS;
    this.finalIters = optNumber('aim', o, 'finalIters', { min: 0, max: 100000, integer: true }) ?? DEFAULT_FINAL_ITERS;
    this.publicDomain = optBoolean('aim', o, 'publicDomain') ?? false;
    this.workload = parseWorkload(domain, o.workload);
    if (o.sampling !== undefined && o.sampling !== 'round' && o.sampling !== 'draw') throw new UserError(`generator aim: option sampling must be "round" or "draw" (got ${JSON.stringify(o.sampling)})`);
    this.sampling = (o.sampling as 'round' | 'draw' | undefined) ?? 'round';
    this.bounds = checkBounds('aim', domain, o.bounds);
    this.ranges = domainBinRanges(domain, this.bounds);
    this.noMissing = checkColumnList('aim', domain, 'noMissing', o.noMissing);
    this.spec = { name: 'aim', options: { ...o } };
  }

  claim(): PrivacyClaim {
    return (this.claimValue ??= budgetClaim(this.budget, domainNote(this.publicDomain)));
  }

  /** Budget units of this run: rho (zCDP) or mu^2 (GDP). */
  private units(): { total: number; gauss: (s: number) => number; exp: (e: number) => number; split: (rem: number, rounds: number) => [number, number] } {
    const b = this.budget;
    if (b.accounting === 'zcdp')
      return {
        total: b.rhoGen,
        gauss: (s) => 1 / (2 * s * s),
        exp: (e) => (e * e) / 8,
        split: (rem, T) => [Math.sqrt(T / (2 * 0.9 * rem)), Math.sqrt((8 * 0.1 * rem) / T)],
      };
    return {
      total: b.muGen * b.muGen,
      gauss: (s) => 1 / (s * s),
      exp: (e) => pureDpToMu(e) ** 2,
      split: (rem, T) => [Math.sqrt(T / (0.9 * rem)), muToPureDp(Math.sqrt((0.1 * rem) / T))],
    };
  }

  fit(data: Encoded, rng: Rng): this {
    checkSameDomain('aim', this.domain, data);
    const cols = this.domain.columns;
    const d = cols.length;
    const n = data.n;
    const U = this.units();
    const T = this.rounds ?? 16 * d;
    let [sigma, eps] = U.split(U.total, T);
    const sigma0 = sigma;
    const epsilon0 = eps;
    const ledger: LedgerEntry[] = [];
    for (const e of this.budget.procEpsilons) ledger.push({ label: 'private preprocessing (domain bounds, bin edges)', mechanism: 'laplace', epsilon: e, count: 1 });
    ledger.push({ label: '1-way marginals', mechanism: 'gaussian', sigma, count: d });
    let used = d * U.gauss(sigma);

    // 1-way measurements over the codes the generator may produce
    const r1 = rng.fork('aim.oneway');
    const oneWay: Float64Array[] = [];
    const allowed: Uint8Array[] = [];
    for (let j = 0; j < d; j++) {
      const a = allowedCodes(cols[j], this.ranges[j], !this.noMissing.has(cols[j].name));
      const y = new Float64Array(cols[j].nCodes);
      const c = data.codes[j];
      for (let i = 0; i < n; i++) if (a[c[i]]) y[c[i]]++;
      for (let k = 0; k < y.length; k++) y[k] = a[k] ? y[k] + sigma * r1.normal() : NaN;
      oneWay.push(y);
      allowed.push(a);
    }
    // compression
    const models: ColumnModel[] = [];
    const measurements: Measurement[] = [];
    for (let j = 0; j < d; j++) {
      const y = oneWay[j];
      const keep: number[] = [];
      let rare: number[] = [];
      let mass = 0;
      for (let k = 0; k < y.length; k++) {
        if (!allowed[j][k]) continue;
        mass += Math.max(0, y[k]);
        if (!this.compress || y[k] >= 3 * sigma) keep.push(k);
        else rare.push(k);
      }
      // the merged cell holds at most COMPRESS_MASS of the column's (noisy) mass: the rarest codes first
      rare.sort((p, q) => y[p] - y[q] || p - q);
      let merged = 0;
      let cut = 0;
      while (cut < rare.length && merged + Math.max(0, y[rare[cut]]) <= COMPRESS_MASS * mass) merged += Math.max(0, y[rare[cut++]]);
      keep.push(...rare.slice(cut));
      rare = rare.slice(0, cut).sort((p, q) => p - q);
      keep.sort((p, q) => p - q);
      const model = mergedColumnModel(y, keep, rare);
      const members = model.members;
      if (members.length === 0) throw new UserError(`generator aim: column "${cols[j].name}" has no value the generator may produce`);
      models.push(model);
      measurements.push({
        vars: [j],
        y: Float64Array.from(members, (ms) => ms.reduce((s, k) => s + y[k], 0)),
        w: Float64Array.from(members, (ms) => 1 / (ms.length * sigma * sigma)),
      });
    }
    const K = models.map((m) => m.k);
    const mc = models.map((m, j) => {
      const out = new Int32Array(n);
      const c = data.codes[j];
      for (let i = 0; i < n; i++) out[i] = m.map[c[i]];
      return out;
    });
    const count = (vars: number[]): Float64Array => {
      const x = new Float64Array(cellCount(K, vars));
      const cs = vars.map((v) => mc[v]);
      const ks = vars.map((v) => K[v]);
      outer: for (let i = 0; i < n; i++) {
        let idx = 0;
        for (let p = 0; p < cs.length; p++) {
          const c = cs[p][i];
          if (c < 0) continue outer;
          idx = idx * ks[p] + c;
        }
        x[idx]++;
      }
      return x;
    };

    // workload and candidates
    const deg = Math.min(this.degree, d);
    const { cliques: candidates, weights } = this.workload ? compileWorkload(this.workload.sets, this.workload.weights) : compileWorkload(combinations(d, deg));
    const answers = new Map<string, Float64Array>();
    const answer = (c: number[]) => {
      const key = c.join(',');
      let x = answers.get(key);
      if (!x) answers.set(key, (x = count(c)));
      return x;
    };

    let jt = new JunctionTree(K, []);
    let est = mirrorDescent(jt, measurements, { iters: this.iters });
    // a model far larger than the table has rows is mostly interpolation and costs time (shadow models fit 1,000-row
    // tables hundreds of times): cap its cells at CELLS_PER_ROW x the noisy row count (post-processing of the 1-ways)
    const rowCapMb = (CELLS_PER_ROW * est.total * 8) / 2 ** 20;
    const measured: number[][] = [];
    const sizeCache = new Map<number, number>();
    let structure: number[][] = [];
    const rounds: AimRound[] = [];
    const rSel = rng.fork('aim.select');
    const rMeas = rng.fork('aim.measure');
    let terminate = deg < 1 || U.total - used <= 0;
    let t = 0;
    while (!terminate) {
      t++;
      const rem = U.total - used;
      if (rem < 2 * (U.gauss(sigma) + U.exp(eps))) {
        [sigma, eps] = U.split(rem, 1);
        terminate = true;
      }
      used = terminate ? U.total : used + U.gauss(sigma) + U.exp(eps);
      const limit = Math.min((this.maxModelSize * used) / U.total, rowCapMb);
      // admissible candidates: inside a current clique (free) or a model within the limit
      const idx: number[] = [];
      for (let c = 0; c < candidates.length; c++) {
        const cl = candidates[c];
        if (jt.cliqueContaining(cl) >= 0) idx.push(c);
        else {
          // the hypothetical size only changes with the tree: cached until the tree grows
          let mb = sizeCache.get(c);
          if (mb === undefined) sizeCache.set(c, (mb = modelSizeMb(K, d, [...jt.cliques, cl])));
          if (mb <= limit) idx.push(c);
        }
      }
      const q = new Float64Array(idx.length);
      let sens = 0;
      // model marginals of the admissible candidates (pairs in one batch)
      const pairIdx = idx.filter((c) => candidates[c].length === 2);
      const pairMarg = jt.projectPairs(est.mu, pairIdx.map((c) => candidates[c]));
      const marg = new Map<number, Float64Array>();
      pairIdx.forEach((c, i) => marg.set(c, pairMarg[i]));
      idx.forEach((c, i) => {
        const cl = candidates[c];
        const x = answer(cl);
        const m = marg.get(c) ?? jt.project(est.mu, cl);
        let err = 0;
        for (let k = 0; k < x.length; k++) err += Math.abs(x[k] - m[k]);
        q[i] = weights[c] * (err - BIAS * sigma * x.length);
        if (weights[c] > sens) sens = weights[c];
      });
      const pick = candidates[idx[exponentialMechanism(q, eps, sens, rSel)]];
      ledger.push({ label: `round ${t}: selection`, mechanism: 'exponential', epsilon: eps, count: 1 });
      ledger.push({ label: `round ${t}: measure ${pick.map((v) => cols[v].name).join(' x ')}`, mechanism: 'gaussian', sigma, count: 1 });
      const x = answer(pick);
      const y = new Float64Array(x.length);
      for (let k = 0; k < y.length; k++) y[k] = x[k] + sigma * rMeas.normal();
      measurements.push({ vars: pick, y, w: new Float64Array(y.length).fill(1 / (sigma * sigma)) });
      const before = jt.project(est.mu, pick);
      let theta = est.theta;
      if (pick.length > 1) measured.push(pick);
      if (jt.cliqueContaining(pick) < 0) {
        // the new tree is built on the old maximal cliques plus the pick, so it covers every old clique
        structure = [...jt.cliques.filter((c) => c.length > 1), pick];
        const next = new JunctionTree(K, structure);
        theta = next.importPotentials(jt, theta);
        jt = next;
        sizeCache.clear();
      }
      est = mirrorDescent(jt, measurements, { iters: this.itersFor(this.iters, ROUND_WORK, jt), theta });
      const after = jt.project(est.mu, pick);
      let moved = 0;
      for (let k = 0; k < after.length; k++) moved += Math.abs(after[k] - before[k]);
      const annealed = !terminate && moved <= BIAS * sigma * after.length;
      rounds.push({ vars: pick, sigma, epsilon: eps, limitMb: limit, sizeMb: jt.sizeMb, candidates: idx.length, annealed });
      this.trace?.(`round ${t}: ${pick.map((v) => cols[v].name).join(' x ')} (${x.length} cells), sigma ${sigma.toPrecision(4)}, model ${jt.sizeMb.toPrecision(3)} MB (limit ${limit.toPrecision(3)}), ${idx.length} candidates, budget used ${((100 * used) / U.total).toFixed(1)}%${annealed ? ', annealed' : ''}`);
      if (annealed) {
        sigma /= 2;
        eps *= 2;
      }
    }
    if (this.finalIters > 0) est = mirrorDescent(jt, measurements, { iters: this.itersFor(this.finalIters, FINAL_WORK, jt), theta: est.theta });
    for (const e of ledger) {
      if (this.budget.accounting === 'gdp') e.mu = ledgerMu([e]);
      else e.rho = ledgerRho([e]);
    }
    this.lastFit = { sigma0, epsilon0, oneWay, rounds, measurements, models, total: est.total, ledger };
    this.setState({
      version: 1,
      degree: deg,
      columns: savedColumnModels(models),
      measured,
      structure,
      theta: est.theta.map((x) => Array.from(x)),
      total: est.total,
      ledger,
    });
    return this;
  }

  /** Iterations for a model: at most `max`, at most work / cells (but MIN_ITERS). */
  private itersFor(max: number, work: number, jt: JunctionTree): number {
    let cells = 0;
    for (const c of jt.cells) cells += c;
    return Math.min(max, Math.max(MIN_ITERS, Math.floor(work / cells)));
  }

  private setState(s: AimState): void {
    const K = s.columns.map((c) => c.members.length);
    const jt = new JunctionTree(K, s.structure);
    if (jt.cliques.length !== s.theta.length || jt.cells.some((c, i) => c !== s.theta[i].length)) throw new UserError('saved aim generator does not match its own model');
    this.state = s;
    this.jt = jt;
    this.mu = jt.marginals(
      s.theta.map((x) => Float64Array.from(x)),
      1,
    );
    this.memberCdfs = memberCdfsOf(s.columns);
  }

  /** The measured marginals of degree >= 2 (column names), in the order measured. */
  cliques(): string[][] {
    return this.state ? this.state.measured.map((c) => c.map((j) => this.domain.columns[j].name)) : [];
  }

  /** The model's size in MB (junction-tree tables, 8 bytes a cell). */
  modelSizeMb(): number {
    return this.jt ? this.jt.sizeMb : 0;
  }

  sample(n: number, rng: Rng): Encoded {
    const s = this.state;
    const jt = this.jt;
    if (!s || !jt) throw new Error('aim: sample() before fit()');
    const model = sampleJunctionTree(jt, this.mu, n, rng, this.sampling);
    return decodeMerged(this.domain, model, s.columns, this.memberCdfs, this.ranges, n, 'synthetic(aim)', rng);
  }

  toJSON(): GeneratorState {
    if (!this.state) throw new Error('aim: toJSON() before fit()');
    return { spec: this.spec, state: this.state };
  }

  static load(state: GeneratorState, domain: Domain): AimGenerator {
    const g = new AimGenerator(state.spec, domain);
    const s = state.state as AimState;
    if (!s || s.version !== 1 || s.columns?.length !== domain.columns.length || !Array.isArray(s.measured) || !Array.isArray(s.theta))
      throw new UserError('saved aim generator does not match the domain');
    s.columns.forEach((c, j) => {
      if (c.map.length !== domain.columns[j].nCodes) throw new UserError('saved aim generator does not match the domain', { column: domain.columns[j].name });
    });
    if (!Array.isArray(s.structure)) throw new UserError('saved aim generator does not match the domain');
    for (const c of s.structure) if (!Array.isArray(c) || !c.every((v) => Number.isInteger(v) && v >= 0 && v < domain.columns.length)) throw new UserError('saved aim generator does not match the domain');
    g.setState(s);
    return g;
  }
}

/**
 * The `workload` option: a list of column sets, each a list of column names or {columns, weight} (weight > 0, default
 * 1); replaces the default workload (every set of `degree` columns).
 */
function parseWorkload(domain: Domain, v: unknown): { sets: number[][]; weights: number[] } | null {
  if (v === undefined || v === null) return null;
  const bad = () => new UserError('generator aim: option workload must be a list of column sets: ["a", "b"] or {"columns": ["a", "b"], "weight": 2}');
  if (!Array.isArray(v) || v.length === 0) throw bad();
  const sets: number[][] = [];
  const weights: number[] = [];
  for (const item of v) {
    const isObj = item !== null && typeof item === 'object' && !Array.isArray(item);
    const cols: unknown = isObj ? (item as Record<string, unknown>).columns : item;
    const w: unknown = isObj ? ((item as Record<string, unknown>).weight ?? 1) : 1;
    if (!Array.isArray(cols) || cols.length === 0 || !cols.every((c) => typeof c === 'string')) throw bad();
    if (typeof w !== 'number' || !(w > 0) || !Number.isFinite(w)) throw new UserError(`generator aim: workload weights must be positive numbers (got ${JSON.stringify(w)})`);
    const idx = (cols as string[]).map((c) => {
      const j = domain.index.get(c);
      if (j === undefined) throw new UserError('generator aim: workload names a column that is not in the domain', { column: c });
      return j;
    });
    const set = [...new Set(idx)].sort((a, b) => a - b);
    if (set.length > 3) throw new UserError('generator aim: workload sets have at most 3 columns');
    sets.push(set);
    weights.push(w);
  }
  return { sets, weights };
}
