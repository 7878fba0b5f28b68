// The fidelity section as a list of metric families (issue 10 item 6). A FidelityRun holds what every family shares:
// the resolved settings, the three encoded tables and their counts, the point values of the count-based metrics (1-way
// and 2-way TVD, Cramér's V) and their bootstrap replicates (one pass over the rows serves all three, so it is done
// once here), plus two things computed on first use: the numeric-column distances and the wide-table cut. Each family
// then fills one part of the result; fidelity() (index.ts) runs FIDELITY_METRICS in order and assembles the result.

import type { AuditContext } from '../../src/context.js';
import type { ColumnDomain, Encoded } from '../../src/domain.js';
import { bootstrapWeights } from '../../src/stats.js';
import { skip } from '../../src/skipped.js';
import { baseline, measure } from '../../src/measure.js';
import type { FidelityMeasure as Measure } from './index.js';
import { jointCodes, marginalCounts, marginalsFromPairs, pairCounts, pairCountsJoint, type PairLayout } from './counts.js';
import { hellinger, jsDistance, klSmoothed, tvd } from './divergence.js';
import { cramersV } from './cramer.js';
import { correlationMatrix, ksAndW1Sorted, sortedPresent } from './numeric.js';
import { checkConstraints } from './constraints.js';
import { outOfRangeChecks, unseenCategoryChecks } from './checks.js';
import { column, finite, maxFinite, meanFinite, shiftedInterval } from './stats.js';
import { pmseSection } from './pmse.js';
import { coverageSection, type CoverageSection } from './coverage.js';
import { distanceMeasure, floorOf, summaryItem, type Interval, type SummaryItem } from './measures.js';
import type { ColumnFidelity, CorrelationSection, DiffSummary, FidelityOptions, FidelityResult, PairFidelity, VMatrices, WorstPair } from './index.js';

/** The settings of one run, options resolved to their defaults. */
export interface FidelitySettings {
  /** Bootstrap replicates for the 1-way TVD, and for the pair metrics. */
  B: number;
  B2: number;
  level: number;
  alpha: number;
  worstN: number;
  matrixLimit: number;
  matrixKeep: number;
  pairsKept: number;
  maxEx: number;
}

interface CountSet {
  marg: Float64Array[];
  pair: Float64Array;
}

/** Cramér's V (plain and Bergsma-corrected) of every pair, NaN where undefined. */
interface PairV {
  v: Float64Array;
  vc: Float64Array;
}

/** Synthetic-vs-real (S) and holdout-vs-real (H) arrays of one metric. */
interface SH {
  S: Float64Array;
  H: Float64Array;
}

/** Bootstrap replicates, row-major: 1-way TVD B x d, 2-way TVD B2 x m, |ΔV| (mean, max) B2 x 2 per V kind. */
interface Replicates {
  tvd1: SH;
  tvd2: SH;
  v: SH;
  vc: SH;
}

/** KS and W1/range per numeric column (domain index -> value), synthetic and holdout. */
interface NumericDistances {
  ksS: Map<number, number>;
  ksH: Map<number, number>;
  w1S: Map<number, number>;
  w1H: Map<number, number>;
}

/** What a wide table keeps (FidelityOptions.maxMatrixColumns): pair indices for pairs.list and the matrix columns. */
export interface PairCut {
  wide: boolean;
  /** Kept pairs in pair order, or null when every pair is kept. */
  pairs: number[] | null;
  /** Columns of the Cramér's V matrices (all, in order, unless wide). */
  matrixColumns: number[];
}

/** The parts of the fidelity result the families compute, by family name. */
export interface FidelityParts {
  marginals: FidelityResult['marginals'];
  pairs: FidelityResult['pairs'];
  cramersV: FidelityResult['cramersV'];
  numeric: FidelityResult['numeric'];
  columns: FidelityResult['columns'];
  pmse: FidelityResult['pmse'];
  checks: FidelityResult['checks'];
  coverage: CoverageSection;
  summary: FidelityResult['summary'];
}

/** One family of fidelity metrics: the part of the result it fills, and the step that computes it from the run. */
export type FidelityMetric = { [K in keyof FidelityParts]: { name: K; run: (run: FidelityRun) => FidelityParts[K] } }[keyof FidelityParts];

function countsOf(e: Encoded, layout: PairLayout, nCodes: number[], w?: Int32Array): CountSet {
  return { marg: e.codes.map((c, j) => marginalCounts(c, nCodes[j], w)), pair: pairCounts(e.codes, layout, w) };
}

function cramerAll(counts: Float64Array, layout: PairLayout): PairV {
  const m = layout.a.length;
  const v = new Float64Array(m);
  const vc = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const c = cramersV(counts, layout.r[p], layout.k[p], layout.offset[p]);
    v[p] = c.v ?? NaN;
    vc[p] = c.vCorrected ?? NaN;
  }
  return { v, vc };
}

function pairTvds(x: Float64Array, r: Float64Array, layout: PairLayout): Float64Array {
  const m = layout.a.length;
  const o = new Float64Array(m);
  for (let p = 0; p < m; p++) o[p] = tvd(r, x, layout.offset[p], layout.r[p] * layout.k[p]);
  return o;
}

/** Mean and max of |V_x - V_r| over pairs, skipping undefined. */
function meanMaxAbs(x: Float64Array, r: Float64Array): [number, number] {
  let s = 0;
  let m = 0;
  let mx = NaN;
  for (let p = 0; p < x.length; p++) {
    const d = Math.abs(x[p] - r[p]);
    if (!Number.isFinite(d)) continue;
    s += d;
    m++;
    if (!(d <= mx)) mx = d;
  }
  return [m ? s / m : NaN, mx];
}

/** Per-replicate reduction of a row-major replicate matrix of the given width. */
function repReduce(reps: Float64Array, width: number, f: (row: Float64Array) => number): Float64Array {
  const nb = width > 0 ? reps.length / width : 0;
  const out = new Float64Array(nb);
  for (let b = 0; b < nb; b++) out[b] = f(reps.subarray(b * width, (b + 1) * width));
  return out;
}

/** Mean and max over columns or pairs, as distances with their floors (no intervals). */
function meanMax(x: Float64Array, y: Float64Array): { mean: Measure; max: Measure } {
  return { mean: distanceMeasure(finite(meanFinite(x)), finite(meanFinite(y))), max: distanceMeasure(finite(maxFinite(x)), finite(maxFinite(y))) };
}

/** Matrix over the columns idx (all columns when idx lists 0..d-1), diagonal null; f takes column indices a < b. */
function matrixOf(idx: number[], f: (a: number, b: number) => number | null): (number | null)[][] {
  return idx.map((a) => idx.map((b) => (a === b ? null : f(Math.min(a, b), Math.max(a, b)))));
}

/** Up to `cap` column indices taken from the given pairs (worst first), in ascending order. */
function columnsOfPairs(pairs: [number, number][], cap: number): number[] {
  const keep: number[] = [];
  for (const [a, b] of pairs) {
    for (const j of [a, b]) if (keep.length < cap && !keep.includes(j)) keep.push(j);
    if (keep.length >= cap) break;
  }
  return keep.sort((x, y) => x - y);
}

/** Pair index of (a, b), a < b, in pairLayout order. */
function pairIndex(d: number, a: number, b: number): number {
  return a * d - (a * (a + 1)) / 2 + (b - a - 1);
}

/** Per-pair |X_s - X_r| summary for Cramér's V or correlations. */
function diffSummary(names: [string, string][], real: Float64Array, syn: Float64Array, hold: Float64Array, worstN: number, ciMean: Interval = null, ciFloorMean: Interval = null, ciMax: Interval = null, ciFloorMax: Interval = null): DiffSummary {
  const m = names.length;
  const ds = new Float64Array(m);
  const dh = new Float64Array(m);
  let undef = 0;
  for (let p = 0; p < m; p++) {
    ds[p] = Math.abs(syn[p] - real[p]);
    dh[p] = Math.abs(hold[p] - real[p]);
    if (!Number.isFinite(ds[p])) undef++;
  }
  const order = [...Array(m).keys()].filter((p) => Number.isFinite(ds[p])).sort((x, y) => ds[y] - ds[x] || x - y);
  return {
    meanAbsDiff: distanceMeasure(finite(meanFinite(ds)), finite(meanFinite(dh)), ciMean, ciFloorMean),
    maxAbsDiff: distanceMeasure(finite(maxFinite(ds)), finite(maxFinite(dh)), ciMax, ciFloorMax),
    undefinedPairs: undef,
    worst: order.slice(0, worstN).map((p) => ({ a: names[p][0], b: names[p][1], real: real[p], synthetic: syn[p], holdout: finite(hold[p]), diff: syn[p] - real[p] })),
  };
}

/** What the fidelity families share: settings, tables, counts, the count-based point values and their bootstrap replicates. */
export class FidelityRun {
  readonly R: Encoded;
  readonly S: Encoded;
  readonly H: Encoded;
  readonly cols: ColumnDomain[];
  readonly d: number;
  readonly names: string[];
  readonly layout: PairLayout;
  /** Number of column pairs, and their names in pair order. */
  readonly m: number;
  readonly pairNames: [string, string][];
  /** Domain indices of the numeric columns. */
  readonly numIdx: number[];
  readonly counts: { R: CountSet; S: CountSet; H: CountSet };
  /** Point values: 1-way TVD per column, 2-way TVD per pair, Cramér's V per pair on each table. */
  readonly tvd1: SH;
  readonly tvd2: SH;
  readonly v: { R: PairV; S: PairV; H: PairV };
  readonly boot: Replicates;
  /** The parts computed so far, by family name. */
  readonly parts: Partial<FidelityParts> = {};
  private numericMemo?: NumericDistances;
  private cutMemo?: PairCut;

  constructor(
    readonly ctx: AuditContext,
    readonly options: FidelityOptions,
    readonly s: FidelitySettings,
    layout: PairLayout,
  ) {
    const { domain, real: R, synthetic: S, holdout: H } = ctx;
    this.R = R;
    this.S = S;
    this.H = H;
    this.cols = domain.columns;
    this.d = this.cols.length;
    this.names = this.cols.map((c) => c.name);
    this.layout = layout;
    this.m = layout.a.length;
    this.pairNames = [];
    for (let p = 0; p < this.m; p++) this.pairNames.push([this.names[layout.a[p]], this.names[layout.b[p]]]);
    this.numIdx = this.cols.map((c, j) => (c.kind === 'numeric' ? j : -1)).filter((j) => j >= 0);

    const task = ctx.progress.task('fidelity: counts and distances');
    const nCodes = this.cols.map((c) => c.nCodes);
    this.counts = { R: countsOf(R, layout, nCodes), S: countsOf(S, layout, nCodes), H: countsOf(H, layout, nCodes) };
    const { R: cR, S: cS, H: cH } = this.counts;
    const tvd1 = { S: new Float64Array(this.d), H: new Float64Array(this.d) };
    for (let j = 0; j < this.d; j++) {
      tvd1.S[j] = tvd(cR.marg[j], cS.marg[j]);
      tvd1.H[j] = tvd(cR.marg[j], cH.marg[j]);
    }
    this.tvd1 = tvd1;
    this.tvd2 = { S: pairTvds(cS.pair, cR.pair, layout), H: pairTvds(cH.pair, cR.pair, layout) };
    this.v = { R: cramerAll(cR.pair, layout), S: cramerAll(cS.pair, layout), H: cramerAll(cH.pair, layout) };
    task.done();
    this.boot = this.bootstrap(nCodes);
  }

  /** One seeded pass of B = max(B, B2) replicates resampling real, synthetic and holdout rows; pairs only in the first B2. */
  private bootstrap(nCodes: number[]): Replicates {
    const { B, B2 } = this.s;
    const { d, m, layout, R, S, H } = this;
    const boot: Replicates = {
      tvd1: { S: new Float64Array(B * d), H: new Float64Array(B * d) },
      tvd2: { S: new Float64Array(B2 * m), H: new Float64Array(B2 * m) },
      v: { S: new Float64Array(B2 * 2), H: new Float64Array(B2 * 2) }, // mean |dV|, max |dV| (uncorrected)
      vc: { S: new Float64Array(B2 * 2), H: new Float64Array(B2 * 2) },
    };
    if (B === 0 && B2 === 0) return boot;
    const rng = this.ctx.rng.fork('fidelity.bootstrap');
    const bt = this.ctx.progress.task('fidelity: bootstrap', Math.max(B, B2));
    const jR = B2 > 0 ? jointCodes(R.codes, layout) : [];
    const jS = B2 > 0 ? jointCodes(S.codes, layout) : [];
    const jH = B2 > 0 ? jointCodes(H.codes, layout) : [];
    const resample = (e: Encoded, j: (Uint16Array | Int32Array)[], withPairs: boolean): CountSet => {
      const w = bootstrapWeights(e.n, rng);
      if (!withPairs || d < 2) return { marg: e.codes.map((c, k) => marginalCounts(c, nCodes[k], w)), pair: withPairs ? pairCountsJoint(j, layout, w) : new Float64Array(0) };
      const pair = pairCountsJoint(j, layout, w);
      return { marg: marginalsFromPairs(pair, layout, d), pair };
    };
    for (let b = 0; b < Math.max(B, B2); b++) {
      const wp = b < B2;
      const r = resample(R, jR, wp);
      const s = resample(S, jS, wp);
      const h = resample(H, jH, wp);
      if (b < B) {
        for (let j = 0; j < d; j++) {
          boot.tvd1.S[b * d + j] = tvd(r.marg[j], s.marg[j]);
          boot.tvd1.H[b * d + j] = tvd(r.marg[j], h.marg[j]);
        }
      }
      if (!wp) {
        bt.tick();
        continue;
      }
      boot.tvd2.S.set(pairTvds(s.pair, r.pair, layout), b * m);
      boot.tvd2.H.set(pairTvds(h.pair, r.pair, layout), b * m);
      const vr = cramerAll(r.pair, layout);
      const vs = cramerAll(s.pair, layout);
      const vh = cramerAll(h.pair, layout);
      boot.v.S.set(meanMaxAbs(vs.v, vr.v), 2 * b);
      boot.v.H.set(meanMaxAbs(vh.v, vr.v), 2 * b);
      boot.vc.S.set(meanMaxAbs(vs.vc, vr.vc), 2 * b);
      boot.vc.H.set(meanMaxAbs(vh.vc, vr.vc), 2 * b);
      bt.tick();
    }
    bt.done();
    return boot;
  }

  /** The interval of a statistic from its replicates (none without replicates); every such metric lies in [0, 1]. */
  ci(reps: Float64Array, value: number): Interval {
    return reps.length > 0 ? shiftedInterval(reps, value, this.s.level, 0, 1) : null;
  }

  /** A distance with its floor and, when replicates are given, both intervals. */
  withCi(value: number, floor: number, reps: Float64Array | null, floorReps: Float64Array | null): Measure {
    return reps && floorReps && reps.length > 0 ? distanceMeasure(finite(value), finite(floor), this.ci(reps, value), this.ci(floorReps, floor)) : distanceMeasure(finite(value), finite(floor));
  }

  /** A part an earlier family computed (FIDELITY_METRICS lists every family after those it reads). */
  part<K extends keyof FidelityParts>(name: K): FidelityParts[K] {
    const p = this.parts[name];
    if (p === undefined) throw new Error(`fidelity: the "${name}" part is read before its family ran`);
    return p;
  }

  /** KS and W1/range of every numeric column, on raw values (computed once, on first use). */
  numericDistances(): NumericDistances {
    if (this.numericMemo) return this.numericMemo;
    const nd: NumericDistances = { ksS: new Map(), ksH: new Map(), w1S: new Map(), w1H: new Map() };
    for (const j of this.numIdx) {
      const cd = this.cols[j];
      if (cd.kind !== 'numeric') continue;
      const r = sortedPresent(this.R.values[j]!);
      const s = ksAndW1Sorted(r, sortedPresent(this.S.values[j]!));
      const h = ksAndW1Sorted(r, sortedPresent(this.H.values[j]!));
      nd.ksS.set(j, s.ks);
      nd.ksH.set(j, h.ks);
      nd.w1S.set(j, s.w1 / cd.range);
      nd.w1H.set(j, h.w1 / cd.range);
    }
    this.numericMemo = nd;
    return nd;
  }

  /** What pairs.list and the Cramér's V matrices keep (computed once, on first use). */
  cut(): PairCut {
    if (this.cutMemo) return this.cutMemo;
    const { d, m, layout, s } = this;
    const tvd2S = this.tvd2.S;
    const vR = this.v.R;
    const vS = this.v.S;
    const wide = d > s.matrixLimit;
    let cut: PairCut = { wide, pairs: null, matrixColumns: [...Array(d).keys()] };
    if (wide) {
      const byTvd = [...Array(m).keys()].sort((x, y) => (Number.isFinite(tvd2S[y]) ? tvd2S[y] : -1) - (Number.isFinite(tvd2S[x]) ? tvd2S[x] : -1) || x - y);
      const vc = [...Array(m).keys()].filter((p) => Number.isFinite(vS.vc[p] - vR.vc[p])).sort((x, y) => Math.abs(vS.vc[y] - vR.vc[y]) - Math.abs(vS.vc[x] - vR.vc[x]) || x - y);
      cut = {
        wide,
        pairs: byTvd.slice(0, s.pairsKept).sort((x, y) => x - y),
        matrixColumns: columnsOfPairs([...vc, ...byTvd].map((p) => [layout.a[p], layout.b[p]]), s.matrixKeep),
      };
    }
    this.cutMemo = cut;
    return cut;
  }
}

/** Mean and max of the per-column 1-way TVD, with their floors and intervals. */
const marginals: FidelityMetric = {
  name: 'marginals',
  run: (r) => {
    const { B } = r.s;
    const { tvd1, boot, d } = r;
    const mean = r.withCi(meanFinite(tvd1.S), meanFinite(tvd1.H), B > 0 ? repReduce(boot.tvd1.S, d, meanFinite) : null, B > 0 ? repReduce(boot.tvd1.H, d, meanFinite) : null);
    const max = r.withCi(maxFinite(tvd1.S), maxFinite(tvd1.H), B > 0 ? repReduce(boot.tvd1.S, d, maxFinite) : null, B > 0 ? repReduce(boot.tvd1.H, d, maxFinite) : null);
    return { tvd: { mean, max } };
  },
};

/** Per pair: 2-way TVD (with intervals), smoothed KL, JS and Hellinger, Cramér's V; their means and maxima; the worst pairs. */
const pairs: FidelityMetric = {
  name: 'pairs',
  run: (r) => {
    const { B2, alpha, worstN } = r.s;
    const { m, layout, pairNames, boot } = r;
    const { R: cR, S: cS, H: cH } = r.counts;
    const { S: tvd2S, H: tvd2H } = r.tvd2;
    const { R: vR, S: vS, H: vH } = r.v;
    const klS2 = new Float64Array(m);
    const klH2 = new Float64Array(m);
    const jsS2 = new Float64Array(m);
    const jsH2 = new Float64Array(m);
    const heS2 = new Float64Array(m);
    const heH2 = new Float64Array(m);
    const list: PairFidelity[] = [];
    for (let p = 0; p < m; p++) {
      const off = layout.offset[p];
      const size = layout.r[p] * layout.k[p];
      klS2[p] = klSmoothed(cR.pair, cS.pair, alpha, off, size);
      klH2[p] = klSmoothed(cR.pair, cH.pair, alpha, off, size);
      jsS2[p] = jsDistance(cR.pair, cS.pair, off, size);
      jsH2[p] = jsDistance(cR.pair, cH.pair, off, size);
      heS2[p] = hellinger(cR.pair, cS.pair, off, size);
      heH2[p] = hellinger(cR.pair, cH.pair, off, size);
      list.push({
        a: pairNames[p][0],
        b: pairNames[p][1],
        tvd: r.withCi(tvd2S[p], tvd2H[p], B2 > 0 ? column(boot.tvd2.S, m, p) : null, B2 > 0 ? column(boot.tvd2.H, m, p) : null),
        kl: distanceMeasure(finite(klS2[p]), finite(klH2[p])),
        js: distanceMeasure(finite(jsS2[p]), finite(jsH2[p])),
        hellinger: distanceMeasure(finite(heS2[p]), finite(heH2[p])),
        v: { real: finite(vR.v[p]), synthetic: finite(vS.v[p]), holdout: finite(vH.v[p]) },
        vCorrected: { real: finite(vR.vc[p]), synthetic: finite(vS.vc[p]), holdout: finite(vH.vc[p]) },
      });
    }
    const worst: WorstPair[] = [...Array(m).keys()]
      .filter((p) => Number.isFinite(tvd2S[p]))
      .sort((x, y) => tvd2S[y] - tvd2S[x] || x - y)
      .slice(0, worstN)
      .map((p) => ({ ...measure(tvd2S[p], 'lower', { interval: B2 > 0 ? r.ci(column(boot.tvd2.S, m, p), tvd2S[p]) : null, baseline: baseline('holdout', finite(tvd2H[p])) }), value: tvd2S[p], a: pairNames[p][0], b: pairNames[p][1] }));
    const mean = r.withCi(meanFinite(tvd2S), meanFinite(tvd2H), B2 > 0 ? repReduce(boot.tvd2.S, m, meanFinite) : null, B2 > 0 ? repReduce(boot.tvd2.H, m, meanFinite) : null);
    const max = r.withCi(maxFinite(tvd2S), maxFinite(tvd2H), B2 > 0 ? repReduce(boot.tvd2.S, m, maxFinite) : null, B2 > 0 ? repReduce(boot.tvd2.H, m, maxFinite) : null);
    const kept = r.cut().pairs;
    return {
      count: m,
      tvd: { mean, max, worst },
      kl: meanMax(klS2, klH2),
      js: meanMax(jsS2, jsH2),
      hellinger: meanMax(heS2, heH2),
      list: kept ? kept.map((p) => list[p]) : list,
    };
  },
};

/** Change in association (Cramér's V, plain and Bergsma-corrected): |ΔV| summaries with intervals, and the matrices. */
const cramersVFamily: FidelityMetric = {
  name: 'cramersV',
  run: (r) => {
    const { B2, worstN } = r.s;
    const { d, names, pairNames } = r;
    const pick = (reps: Float64Array, k: number) => repReduce(reps, 2, (row) => row[k]);
    const vDiff = (real: Float64Array, syn: Float64Array, hold: Float64Array, reps: SH) => {
      const [ms, xs] = meanMaxAbs(syn, real);
      const [mh, xh] = meanMaxAbs(hold, real);
      return diffSummary(pairNames, real, syn, hold, worstN, B2 > 0 ? r.ci(pick(reps.S, 0), ms) : null, B2 > 0 ? r.ci(pick(reps.H, 0), mh) : null, B2 > 0 ? r.ci(pick(reps.S, 1), xs) : null, B2 > 0 ? r.ci(pick(reps.H, 1), xh) : null);
    };
    const { R: vR, S: vS, H: vH } = r.v;
    const uncorrected = vDiff(vR.v, vS.v, vH.v, r.boot.v);
    const corrected = vDiff(vR.vc, vS.vc, vH.vc, r.boot.vc);
    if (!(r.options.matrices ?? true)) return { uncorrected, corrected };
    const matIdx = r.cut().matrixColumns;
    const mat = (x: Float64Array) => matrixOf(matIdx, (a, b) => finite(x[pairIndex(d, a, b)]));
    const vMats = (re: Float64Array, sy: Float64Array, h: Float64Array): VMatrices => ({
      real: mat(re),
      synthetic: mat(sy),
      holdout: mat(h),
      diff: mat(sy.map((v, i) => v - re[i])),
      floorDiff: mat(h.map((v, i) => v - re[i])),
    });
    return { uncorrected, corrected, matrices: { columns: matIdx.map((j) => names[j]), uncorrected: vMats(vR.v, vS.v, vH.v), corrected: vMats(vR.vc, vS.vc, vH.vc) } };
  },
};

/** Pearson or Spearman matrices over the numeric columns with the |Δ| summary (null with fewer than 2 numeric columns). */
function correlation(r: FidelityRun, method: 'pearson' | 'spearman'): CorrelationSection | null {
  const { numIdx, names, R, S, H } = r;
  const { worstN, matrixLimit, matrixKeep } = r.s;
  const k = numIdx.length;
  if (k < 2) return null;
  const mr = correlationMatrix(numIdx.map((j) => R.values[j]!), method);
  const ms = correlationMatrix(numIdx.map((j) => S.values[j]!), method);
  const mh = correlationMatrix(numIdx.map((j) => H.values[j]!), method);
  const pn: [string, string][] = [];
  const pr: number[] = [];
  const ps: number[] = [];
  const ph: number[] = [];
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      pn.push([names[numIdx[a]], names[numIdx[b]]]);
      pr.push(mr[a * k + b]);
      ps.push(ms[a * k + b]);
      ph.push(mh[a * k + b]);
    }
  const diff = diffSummary(pn, Float64Array.from(pr), Float64Array.from(ps), Float64Array.from(ph), worstN);
  // a wide table keeps the columns of the most-changed pairs (results.json stays linear in the column count)
  let keep = [...Array(k).keys()];
  if (k > matrixLimit) {
    const at = new Map(numIdx.map((j, a) => [names[j], a]));
    const byChange = pn.map((_nm, p) => ({ p, x: Math.abs(ps[p] - pr[p]) })).filter((e) => Number.isFinite(e.x)).sort((u, v) => v.x - u.x || u.p - v.p);
    keep = columnsOfPairs(byChange.map((e) => [at.get(pn[e.p][0])!, at.get(pn[e.p][1])!]), matrixKeep);
  }
  const toRows = (x: Float64Array) => keep.map((a) => keep.map((b) => finite(x[a * k + b])));
  return {
    columns: keep.map((a) => names[numIdx[a]]),
    real: toRows(mr),
    synthetic: toRows(ms),
    holdout: toRows(mh),
    diffMatrix: toRows(ms.map((v, i) => v - mr[i])),
    floorDiffMatrix: toRows(mh.map((v, i) => v - mr[i])),
    diff,
    ...(k > matrixLimit ? { summarised: `${k} numeric columns > ${matrixLimit}: the matrices keep the ${keep.length} columns of the pairs whose correlation changed most; the diff summary is over all ${pn.length} pairs` } : {}),
  };
}

/** Numeric columns: mean and max KS and W1/range, and the Pearson and Spearman sections. */
const numeric: FidelityMetric = {
  name: 'numeric',
  run: (r) => {
    const nd = r.numericDistances();
    const { numIdx, names } = r;
    const of = (x: Map<number, number>) => Float64Array.from(numIdx.map((j) => x.get(j)!));
    const pearson = correlation(r, 'pearson');
    const spearman = correlation(r, 'spearman');
    return { columns: numIdx.map((j) => names[j]), ks: meanMax(of(nd.ksS), of(nd.ksH)), wasserstein: meanMax(of(nd.w1S), of(nd.w1H)), pearson, spearman };
  },
};

/** Per column: 1-way TVD (with intervals), KL, JS, Hellinger, mean 2-way TVD with the others, KS and W1 (numeric), counts. */
const columns: FidelityMetric = {
  name: 'columns',
  run: (r) => {
    const { B, B2, alpha } = r.s;
    const { m, d, layout, boot, tvd1 } = r;
    const { R: cR, S: cS, H: cH } = r.counts;
    const { S: tvd2S, H: tvd2H } = r.tvd2;
    const nd = r.numericDistances();
    const pairsOf = (j: number) => [...Array(m).keys()].filter((p) => layout.a[p] === j || layout.b[p] === j);
    return r.cols.map((cd, j) => {
      const ps = pairsOf(j);
      const meanOver = (x: Float64Array) => meanFinite(ps.map((p) => x[p]));
      const c: ColumnFidelity = {
        name: cd.name,
        kind: cd.kind,
        cells: cd.nCodes,
        tvd: r.withCi(tvd1.S[j], tvd1.H[j], B > 0 ? column(boot.tvd1.S, d, j) : null, B > 0 ? column(boot.tvd1.H, d, j) : null),
        kl: distanceMeasure(finite(klSmoothed(cR.marg[j], cS.marg[j], alpha)), finite(klSmoothed(cR.marg[j], cH.marg[j], alpha))),
        js: distanceMeasure(finite(jsDistance(cR.marg[j], cS.marg[j])), finite(jsDistance(cR.marg[j], cH.marg[j]))),
        hellinger: distanceMeasure(finite(hellinger(cR.marg[j], cS.marg[j])), finite(hellinger(cR.marg[j], cH.marg[j]))),
        pairTvdMean: r.withCi(
          meanOver(tvd2S),
          meanOver(tvd2H),
          B2 > 0 ? repReduce(boot.tvd2.S, m, (row) => meanFinite(ps.map((p) => row[p]))) : null,
          B2 > 0 ? repReduce(boot.tvd2.H, m, (row) => meanFinite(ps.map((p) => row[p]))) : null,
        ),
      };
      // counts over the shared Domain codes (bins + missing for numeric; levels + missing + unseen for categorical)
      c.counts = { labels: cd.labels.slice(), real: Array.from(cR.marg[j]), synthetic: Array.from(cS.marg[j]), holdout: Array.from(cH.marg[j]) };
      if (cd.kind === 'numeric') {
        c.ks = distanceMeasure(finite(nd.ksS.get(j)!), finite(nd.ksH.get(j)!));
        c.wasserstein = distanceMeasure(finite(nd.w1S.get(j)!), finite(nd.w1H.get(j)!));
      }
      return c;
    });
  },
};

/** Propensity-score MSE (logit and tree) beside the holdout's, or skipped when turned off. */
const pmse: FidelityMetric = {
  name: 'pmse',
  run: (r) => (r.options.pmse === false ? skip('turned off (options.fidelity.pmse = false)') : pmseSection(r.ctx, r.options.pmse ?? {})),
};

/** Fit-for-purpose checks: out-of-range values, unseen categories, user constraints. */
const checks: FidelityMetric = {
  name: 'checks',
  run: (r) => ({
    outOfRange: outOfRangeChecks(r.S, r.H, r.s.maxEx),
    unseenCategories: unseenCategoryChecks(r.S, r.H, r.ctx.tables.synthetic, r.s.maxEx),
    constraints: checkConstraints(r.options.constraints ?? [], r.ctx.tables.synthetic, r.ctx.tables.real, r.s.maxEx),
  }),
};

/** Category and range coverage per column and their mean, beside the holdout's (coverage.ts). */
const coverage: FidelityMetric = {
  name: 'coverage',
  run: (r) => coverageSection(r.cols, r.R, r.S, r.H, { R: r.counts.R.marg, S: r.counts.S.marg, H: r.counts.H.marg }),
};

/** The headline items (overall and per column), read from the parts above. */
const summary: FidelityMetric = {
  name: 'summary',
  run: (r) => {
    const marg = r.part('marginals');
    const prs = r.part('pairs');
    const cv = r.part('cramersV');
    const num = r.part('numeric');
    const cols = r.part('columns');
    const pm = r.part('pmse');
    const overall: SummaryItem[] = [
      summaryItem('mean 1-way TVD', marg.tvd.mean, 'lower'),
      summaryItem('max 1-way TVD', marg.tvd.max, 'lower'),
      summaryItem('mean 2-way TVD', prs.tvd.mean, 'lower'),
      summaryItem('max 2-way TVD', prs.tvd.max, 'lower'),
      summaryItem("mean |ΔCramér's V| (Bergsma)", cv.corrected.meanAbsDiff, 'lower'),
      summaryItem("max |ΔCramér's V| (Bergsma)", cv.corrected.maxAbsDiff, 'lower'),
      summaryItem('mean 1-way KL(real||syn)', distanceMeasure(finite(meanFinite(cols.map((c) => c.kl.value ?? NaN))), finite(meanFinite(cols.map((c) => floorOf(c.kl) ?? NaN)))), 'lower'),
      summaryItem('mean 2-way JS distance', prs.js.mean, 'lower'),
    ];
    if (r.numIdx.length) {
      overall.push(summaryItem('mean KS (numeric)', num.ks.mean, 'lower'));
      overall.push(summaryItem('mean W1/range (numeric)', num.wasserstein.mean, 'lower'));
    }
    if (num.spearman) overall.push(summaryItem('mean |ΔSpearman|', num.spearman.diff.meanAbsDiff, 'lower'));
    if (!('skipped' in pm)) overall.push(...pm.summary);
    const perColumn = cols.map((c) => {
      const items = [summaryItem('1-way TVD', c.tvd, 'lower'), summaryItem('mean 2-way TVD with others', c.pairTvdMean, 'lower'), summaryItem('KL(real||syn)', c.kl, 'lower')];
      if (c.ks) items.push(summaryItem('KS', c.ks, 'lower'));
      if (c.wasserstein) items.push(summaryItem('W1/range', c.wasserstein, 'lower'));
      return { column: c.name, items };
    });
    return { overall, perColumn };
  },
};

/** The fidelity metric families, in run order (each after the parts it reads). */
export const FIDELITY_METRICS: readonly FidelityMetric[] = [marginals, pairs, cramersVFamily, numeric, columns, pmse, checks, coverage, summary];

/** Run every family in order; the parts, complete. */
export function runFamilies(run: FidelityRun, families: readonly FidelityMetric[] = FIDELITY_METRICS): FidelityParts {
  for (const f of families) {
    // f.name and f.run's result type go together (FidelityMetric), but TypeScript cannot correlate them through a union index
    Object.assign(run.parts, { [f.name]: f.run(run) });
  }
  return {
    marginals: run.part('marginals'),
    pairs: run.part('pairs'),
    cramersV: run.part('cramersV'),
    numeric: run.part('numeric'),
    columns: run.part('columns'),
    pmse: run.part('pmse'),
    checks: run.part('checks'),
    coverage: run.part('coverage'),
    summary: run.part('summary'),
  };
}
