// Distance-based privacy checks on the released synthetic table (no generator access): DCR to train and holdout, DCR share,
// NNDR, exact-copy rates and the distance membership-inference attack, on the Gower-style distance (docs/definitions.md#privacy-distances).

import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';
import { subsetRows } from '../src/domain.js';
import { buildIndex, gowerSpace, nearest, type GowerSpace } from './distance.js';
import { miaSummary, quantile, wilson, mean, tprAtFpr, zFor, type MiaSummary } from './stats.js';
import { baseline } from '../src/measure.js';
import { ivMeasure, baselineFrom, type Measure } from './measures.js';
import { copyTest, rowView, sortedRows, duplicateGroups, countIn, tprNullPValue, binomialUpper, type CopyTest } from './leak-tests.js';

export interface DistanceOptions {
  /** Columns (domain names) the distance runs over; default all analysed columns. */
  columns?: string[];
  /** Tables above this many rows are subsampled (seeded) before any distance work (default 200,000). */
  maxRows?: number;
  /** Rows per side for the distance MIA: equal-size seeded subsets of train and holdout (default 20,000, capped by the smaller table). */
  miaRows?: number;
  /** Confidence level of every interval (default 0.95). */
  confidence?: number;
  /** FPRs at which TPR is reported (default [0.01, 0.001]). */
  fprs?: number[];
  /** Bins of the DCR histograms (default 30, equal width over [0, largest DCR]). */
  histogramBins?: number;
}

/** Counts over shared equal-width bins: bin i is [edges[i], edges[i+1]), the last bin also holds its right edge. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export type DcrSummary = DistanceSummary & { histogram: Histogram };

export interface DistanceSummary {
  mean: number;
  p05: number;
  median: number;
  p95: number;
  /** Share of rows at distance exactly 0. */
  zeroShare: number;
}

/** The share with its Wilson interval, beside its ideal (baseline kind 'ideal'): the value expected when synthetic rows are as
 * far from train as from fresh data, n_train / (n_train + n_holdout). Lower is better (down to the ideal). */
export interface ShareResult extends Measure<'ideal'> {
  /** Synthetic rows strictly closer to train, strictly closer to holdout, and tied. */
  closerToTrain: number;
  closerToHoldout: number;
  ties: number;
  trainRows: number;
  holdoutRows: number;
  /** One-sided exact binomial test of share > ideal (closer-to-train count with ties as 1/2, rounded down); treats the
   * synthetic rows as the only source of noise (see `permutation` for the test the default policy uses). */
  pValue: number;
}

/**
 * The DCR share against its null by permuting which reference rows are train and which holdout (the train/holdout split is
 * random under the null, so the share's noise includes which rows happen to be train, not only which synthetic rows were drawn).
 */
export interface SharePermutation extends Measure {
  /** The observed share (value); interval = value -/+ z * nullSd (z for the confidence level); baseline = the ideal share
   * n_train / n, the mean of the permutation null (kind 'chance'). */
  nullMean: number;
  nullSd: number;
  /** Relabellings run. */
  permutations: number;
  /** One-sided permutation p-value (sequential: see method); at least 1 / (1 + the maximum number of relabellings). */
  pValue: number;
  method: string;
}

/** TPR of the distance MIA at one low FPR as a measure: value = TPR (Wilson interval), baseline = the FPR (a coin's TPR, kind 'chance'). */
export interface LowFprResult extends Measure {
  fpr: number;
  achievedFpr: number;
  truePositives: number;
  falsePositives: number;
  /** Non-members the threshold may admit: floor(fpr * n_nonmembers) (0 when the FPR is not resolvable). */
  allowedFalsePositives: number;
  resolvable: boolean;
  /** Exact permutation test of TPR > FPR (members and non-members exchangeable under the null; negative hypergeometric tail). */
  pValue: number;
}

/** A copy rate with its Wilson interval; the train and holdout rates stand beside the holdout's own rate (kind 'holdout'). */
export interface RateResult extends Measure {
  count: number;
  n: number;
}

export interface DistanceResult {
  convention: string;
  columns: string[];
  rows: { synthetic: number; train: number; holdout: number };
  /** Notes on subsampling, if any. */
  notes: string[];
  dcr: {
    /** Synthetic row -> nearest train row. The three histograms share their edges. */
    syntheticToTrain: DcrSummary;
    /** Synthetic row -> nearest holdout row. */
    syntheticToHoldout: DcrSummary;
    /** Baseline: holdout row -> nearest train row (what a fresh sample of the population looks like). */
    holdoutToTrain: DcrSummary;
  };
  /** Share of synthetic rows closer to train than to holdout (ties count 1/2), Wilson interval, beside its ideal. */
  dcrShare: ShareResult;
  /** The same with train subsampled (seeded) to the holdout's size: ideal 1/2. */
  dcrShareBalanced: ShareResult;
  /** The DCR share tested by permuting the train/holdout labels of the reference rows (the default policy gates on its pValue). */
  dcrSharePermutation: SharePermutation;
  nndr: {
    convention: string;
    syntheticToTrain: DistanceSummary;
    /** Baseline: holdout rows against train. */
    holdoutToTrain: DistanceSummary;
  };
  exactCopies: {
    /** Synthetic rows identical (on the encoding) to some train row; baseline (kind 'holdout'): holdoutInTrain's rate. */
    train: RateResult;
    /** Synthetic rows identical to some holdout row (control: copies a model could make without seeing the row); baseline: trainInHoldout's rate. */
    holdout: RateResult;
    /** Baseline: holdout rows identical to some train row (duplicates natural to the population). */
    holdoutInTrain: RateResult;
    /** Baseline for copies of holdout rows: train rows identical to some holdout row. */
    trainInHoldout: RateResult;
    /** Rows identical to another row of the same table (leave-one-out duplicates) and the groups they form. */
    duplicates: { train: { rows: number; groups: number }; holdout: { rows: number; groups: number } };
    /** Copies of training rows beyond what a fresh sample of the population shows (the default policy gates on its pValue). */
    trainExcess: CopyTest;
    /** Copies of holdout rows (real people the generator never saw) beyond what a fresh sample shows. */
    holdoutExcess: CopyTest;
  };
  /** Distance MIA: score = -(distance to the nearest synthetic row); members = train rows, non-members = holdout rows. */
  mia: MiaSummary & { score: string; lowFpr: LowFprResult };
}

function summary(d: Float64Array, stride = 1, offset = 0): DistanceSummary {
  const m = Math.floor((d.length - offset + stride - 1) / stride);
  const x = new Float64Array(m);
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    x[i] = d[offset + i * stride];
    if (x[i] === 0) zeros++;
  }
  return { mean: mean(x), p05: quantile(x, 0.05), median: quantile(x, 0.5), p95: quantile(x, 0.95), zeroShare: m ? zeros / m : 0 };
}

function nndrSummary(d: Float64Array): DistanceSummary {
  const m = d.length / 2;
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const d1 = d[2 * i];
    const d2 = d[2 * i + 1];
    x[i] = d1 === 0 ? 0 : d2 === Infinity ? 1 : d1 / d2;
  }
  return summary(x);
}

/** Seeded subsample of an encoded table when it has more than max rows. */
export function capRows(e: Encoded, max: number, rng: Rng, notes: string[], role: string): Encoded {
  if (e.n <= max) return e;
  notes.push(`${role}: ${e.n} rows subsampled (seeded) to ${max}`);
  const rows = rng.sampleWithoutReplacement(e.n, max);
  return subsetRows(e, rows.sort());
}

/** Column indices for a list of domain column names (all analysed columns when absent). */
export function columnIndices(e: Encoded, names?: string[]): number[] {
  if (!names) return e.domain.columns.map((_, j) => j);
  return names.map((nm) => {
    const j = e.domain.index.get(nm);
    if (j === undefined) throw new Error(`unknown column "${nm}"`);
    return j;
  });
}

/**
 * Relative tolerance per distance column under which a distance to train and one to holdout are a tie: |dT - dH| <=
 * DCR_TIE_TOLERANCE * p * max(dT, dH), p = number of distance columns. A Gower distance sums p per-column terms, and the same
 * terms summed in another order differ by a few ulps (about p * 1.1e-16 relative); genuinely different distances differ by
 * far more on ordinary data (one unit of a column of range R moves the distance by 1 / (R p)).
 */
export const DCR_TIE_TOLERANCE = 1e-9;

/** dT vs dH: -1 closer to train, 1 closer to holdout, 0 a tie (within the stated relative tolerance, see DCR_TIE_TOLERANCE). */
export function compareDistances(dT: number, dH: number, p: number): -1 | 0 | 1 {
  if (dT === dH) return 0;
  const m = dT > dH ? dT : dH;
  if (Number.isFinite(m) && Math.abs(dT - dH) <= DCR_TIE_TOLERANCE * p * m) return 0;
  return dT < dH ? -1 : 1;
}


function share(dTrain: Float64Array, dHold: Float64Array, nTrain: number, nHold: number, cl: number, p: number): ShareResult {
  let closerT = 0;
  let closerH = 0;
  let ties = 0;
  for (let i = 0; i < dTrain.length; i++) {
    const c = compareDistances(dTrain[i], dHold[i], p);
    if (c < 0) closerT++;
    else if (c > 0) closerH++;
    else ties++;
  }
  const n = dTrain.length;
  const w = wilson(closerT + ties / 2, n, cl);
  const ideal = nTrain / (nTrain + nHold);
  // the one-sided exact binomial p-value against the ideal (ties as 1/2, count rounded down)
  const pValue = binomialUpper(Math.floor(closerT + ties / 2), closerT + closerH + ties, ideal);
  return ivMeasure(w, baseline('ideal', ideal), { closerToTrain: closerT, closerToHoldout: closerH, ties, trainRows: nTrain, holdoutRows: nHold, pValue });
}

/**
 * Histograms of several distance arrays over the same edges: `bins` equal-width bins over [0, max] with max the largest value
 * of all arrays (edges [0, 1] when every value is 0). Every value is counted once, so counts sum to the array's length.
 */
export function sharedHistograms(ds: ArrayLike<number>[], bins = 30): Histogram[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`histogram bins must be an integer >= 1 (got ${bins})`);
  let max = 0;
  for (const d of ds) for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? top : (top * i) / bins));
  return ds.map((d) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < d.length; i++) {
      const x = d[i];
      let b = Math.min(bins - 1, Math.max(0, Math.floor((x / top) * bins)));
      // agree with the stored edges exactly, whatever the rounding of x / top * bins
      while (b > 0 && x < edges[b]) b--;
      while (b < bins - 1 && x >= edges[b + 1]) b++;
      counts[b]++;
    }
    return { edges, counts };
  });
}

function rate(count: number, n: number, cl: number, base: Measure | null = null): RateResult {
  return ivMeasure(wilson(count, n, cl), base && baselineFrom('holdout', base), { count, n });
}

/**
 * Permutation null of the DCR share. Each synthetic row's nearest reference rows (its two nearest train rows and nearest
 * holdout row, those at the smallest distance) form its tie set; the share counts 1 when the set is all train, 1/2 when mixed.
 * Relabelling the n_train + n_holdout reference rows at random (n_train of them train) gives the null distribution.
 */
export function sharePermutation(sR: { dist: Float64Array; idx: Int32Array }, sH: { dist: Float64Array; idx: Int32Array }, nTrain: number, nHold: number, observed: number, rng: Rng, cl: number, p: number, permutations = 999, stopAfter = 20, minRuns = 100): SharePermutation {
  const nS = sH.dist.length;
  const kR = sR.dist.length / nS;
  const kH = sH.dist.length / nS;
  // tie sets as pooled ids (train r -> r, holdout h -> nTrain + h), flattened
  const start = new Int32Array(nS + 1);
  const ids: number[] = [];
  for (let i = 0; i < nS; i++) {
    let dmin = Infinity;
    for (let t = 0; t < kR; t++) dmin = Math.min(dmin, sR.dist[i * kR + t]);
    for (let t = 0; t < kH; t++) dmin = Math.min(dmin, sH.dist[i * kH + t]);
    for (let t = 0; t < kR; t++) if (compareDistances(sR.dist[i * kR + t], dmin, p) === 0 && sR.idx[i * kR + t] >= 0) ids.push(sR.idx[i * kR + t]);
    for (let t = 0; t < kH; t++) if (compareDistances(sH.dist[i * kH + t], dmin, p) === 0 && sH.idx[i * kH + t] >= 0) ids.push(nTrain + sH.idx[i * kH + t]);
    start[i + 1] = ids.length;
  }
  const n = nTrain + nHold;
  // only the reference rows in some tie set matter: relabel those (a uniformly random labelling with n_train train rows among
  // n, drawn sequentially: P(train) = train labels left / rows left), in the seeded order of first appearance
  const local = new Map<number, number>();
  const loc = new Int32Array(ids.length);
  for (let p = 0; p < ids.length; p++) {
    let l = local.get(ids[p]);
    if (l === undefined) local.set(ids[p], (l = local.size));
    loc[p] = l;
  }
  const u = local.size;
  // synthetic rows with a single nearest reference row contribute that row's label: summed as a weight per reference row
  const weight = new Float64Array(u);
  const multi: number[] = [];
  for (let i = 0; i < nS; i++) {
    if (start[i + 1] - start[i] === 1) weight[loc[start[i]]]++;
    else multi.push(i);
  }
  const lab = new Uint8Array(u);
  const null_: number[] = [];
  let atLeast = 0;
  // sequential Monte Carlo (Besag & Clifford 1991): stop once `stopAfter` relabellings reach the observed share, p = that
  // count / relabellings run (a valid p-value); otherwise run them all, p = (1 + count) / (1 + permutations)
  // (at least `minRuns` relabellings are run for the null's mean and sd; the p-value uses the sequence up to the stop)
  let stoppedAt = 0;
  for (let b = 0; b < permutations && (stoppedAt === 0 || b < minRuns); b++) {
    let trainLeft = nTrain;
    let acc = 0;
    for (let l = 0; l < u; l++) {
      // P(train) = train labels left / rows left, from one 32-bit draw
      const t = rng.nextU32() * (n - l) < trainLeft * 4294967296 ? 1 : 0;
      lab[l] = t;
      trainLeft -= t;
      acc += t * weight[l];
    }
    for (const i of multi) {
      let tr = 0;
      const a = start[i];
      const e = start[i + 1];
      for (let p = a; p < e; p++) tr += lab[loc[p]];
      acc += tr === e - a ? 1 : tr > 0 ? 0.5 : 0;
    }
    const x = acc / nS;
    null_.push(x);
    if (stoppedAt === 0 && x >= observed - 1e-12 && ++atLeast === stopAfter) stoppedAt = b + 1;
  }
  const run = null_.length;
  let mu = 0;
  for (const x of null_) mu += x;
  mu /= run;
  let v = 0;
  for (const x of null_) v += (x - mu) * (x - mu);
  const sd = Math.sqrt(v / Math.max(1, run - 1));
  const z = zFor(cl);
  const pValue = stoppedAt > 0 ? stopAfter / stoppedAt : (1 + atLeast) / (1 + permutations);
  return ivMeasure({ value: observed, lo: Math.max(0, observed - z * sd), hi: Math.min(1, observed + z * sd) }, baseline('chance', nTrain / n), {
    nullMean: mu,
    nullSd: sd,
    permutations: run,
    pValue,
    method: `up to ${permutations} seeded relabellings of the train/holdout reference rows, stopping once ${stopAfter} reach the observed share (Besag-Clifford: p = ${stopAfter} / the relabellings run until then; otherwise p = (1 + relabellings at or above it) / (1 + ${permutations})); tie sets from each synthetic row's 2 nearest train rows and nearest holdout row`,
  });
}

/** TPR at a low FPR with its exact null p-value (tprNullPValue). */
export function lowFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, fpr: number, cl: number): LowFprResult {
  const t = tprAtFpr(scores, labels, fpr, cl);
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) m++;
  const N = labels.length - m;
  const tp = Math.round(t.tpr * m);
  const fp = Math.round(t.achievedFpr * N);
  const a = Math.floor(fpr * N + 1e-9);
  return ivMeasure({ value: t.tpr, lo: t.lo, hi: t.hi }, baseline('chance', fpr), {
    fpr,
    achievedFpr: t.achievedFpr,
    truePositives: tp,
    falsePositives: fp,
    allowedFalsePositives: a,
    resolvable: t.resolvable,
    pValue: tprNullPValue(tp, m, N, a),
  });
}

/** The FPR of the gated low-FPR point of the distance MIA. */
export const LOW_FPR = 0.001;

function zeros(d: Float64Array, stride = 1): number {
  let c = 0;
  for (let i = 0; i < d.length; i += stride) if (d[i] === 0) c++;
  return c;
}

/** Stride-k first-neighbour distances as their own array. */
function firstOf(d: Float64Array, k: number): Float64Array {
  if (k === 1) return d;
  const o = new Float64Array(d.length / k);
  for (let i = 0; i < o.length; i++) o[i] = d[i * k];
  return o;
}

/**
 * Distance of each query row to its nearest row among `subset` of the reference, from its two nearest rows in the whole
 * reference (`all`, k = 2): the first of them that lies in the subset has that distance (every other reference row is at
 * least as far as the second nearest), and only the query rows with neither in the subset are searched (`search`).
 * A row's distance is the same sum whichever index finds it, so the values equal a search of the subset's own index.
 */
export function nearestInSubset(all: { k: number; dist: Float64Array; idx: Int32Array }, nQuery: number, nRef: number, subset: ArrayLike<number>, search: (rows: Int32Array) => Float64Array): Float64Array {
  if (all.k !== 2) throw new Error('nearestInSubset: needs the two nearest rows of each query');
  const inSubset = new Uint8Array(nRef);
  for (let t = 0; t < subset.length; t++) inSubset[subset[t]] = 1;
  const out = new Float64Array(nQuery);
  const rest: number[] = [];
  for (let i = 0; i < nQuery; i++) {
    const a = all.idx[2 * i];
    const b = all.idx[2 * i + 1];
    if (a >= 0 && inSubset[a]) out[i] = all.dist[2 * i];
    else if (b >= 0 && inSubset[b]) out[i] = all.dist[2 * i + 1];
    else rest.push(i);
  }
  if (rest.length > 0) {
    const d = search(Int32Array.from(rest));
    for (let t = 0; t < rest.length; t++) out[rest[t]] = d[t];
  }
  return out;
}

export function distanceMetrics(real: Encoded, holdout: Encoded, synthetic: Encoded, rng: Rng, opts: DistanceOptions = {}): DistanceResult {
  const cl = opts.confidence ?? 0.95;
  const maxRows = opts.maxRows ?? 200_000;
  const notes: string[] = [];
  const R = capRows(real, maxRows, rng.fork('cap.train'), notes, 'train');
  const H = capRows(holdout, maxRows, rng.fork('cap.holdout'), notes, 'holdout');
  const S = capRows(synthetic, maxRows, rng.fork('cap.synthetic'), notes, 'synthetic');
  const cols = columnIndices(R, opts.columns);
  const space: GowerSpace = gowerSpace(R, cols);

  const idxR = buildIndex(R, space);
  const idxH = buildIndex(H, space);
  const sR = nearest(idxR, S, { k: 2 });
  const sH = nearest(idxH, S, { k: 1 });
  const hR = nearest(idxR, H, { k: 2 });
  const dSR = firstOf(sR.dist, 2);
  const dHR = firstOf(hR.dist, 2);
  const hist = sharedHistograms([dSR, sH.dist, dHR], opts.histogramBins ?? 30);

  // balanced share: train subsampled to the holdout's size
  const nBal = Math.min(R.n, H.n);
  const balRows = rng.fork('dcr.balanced').sampleWithoutReplacement(R.n, nBal).sort();
  const sRb = { dist: nearestInSubset(sR, S.n, R.n, balRows, (rows) => nearest(buildIndex(R, space, balRows), S, { k: 1, rows }).dist) };

  // distance MIA on equal-size seeded subsets
  const m = Math.min(R.n, H.n, opts.miaRows ?? 20_000);
  if (m < R.n || m < H.n) notes.push(`distance MIA: ${m} members and ${m} non-members (seeded subsets of equal size)`);
  const memRows = rng.fork('mia.members').sampleWithoutReplacement(R.n, m).sort();
  const nonRows = rng.fork('mia.nonmembers').sampleWithoutReplacement(H.n, m).sort();
  const idxS = buildIndex(S, space);
  const dm = nearest(idxS, R, { k: 1, rows: memRows }).dist;
  const dn = nearest(idxS, H, { k: 1, rows: nonRows }).dist;
  const scores = new Float64Array(2 * m);
  const labels = new Uint8Array(2 * m);
  for (let i = 0; i < m; i++) {
    scores[i] = -dm[i];
    labels[i] = 1;
    scores[m + i] = -dn[i];
  }

  // exact copies against a fresh sample (leak-tests.ts): rows compared on the distance space's columns
  const vR = rowView(R, space);
  const vH = rowView(H, space);
  const oR = sortedRows(vR);
  const oH = sortedRows(vH);
  const dupR = duplicateGroups(vR, oR);
  const dupH = duplicateGroups(vH, oH);
  const trainInHoldout = countIn(vR, oR, vH, oH);
  const cST = zeros(dSR);
  const cSH = zeros(sH.dist);
  const cHR = zeros(dHR);
  const dcrShare = share(dSR, sH.dist, R.n, H.n, cl, cols.length);
  const dcrShareValue = dcrShare.value ?? NaN;
  // the copy rates a fresh sample shows: the baselines of the synthetic table's copy rates
  const holdoutInTrainRate = rate(cHR, H.n, cl);
  const trainInHoldoutRate = rate(trainInHoldout, R.n, cl);

  return {
    convention:
      'Gower-style: mean over columns of |x-y|/range_train capped at 1 (numeric) and 1[code differs] (categorical); missing vs value = 1, missing vs missing = 0; categories unseen in train compare by their raw label (two different unseen categories differ); ' +
      `DCR share: a distance to train and one to holdout tie when |dT - dH| <= ${DCR_TIE_TOLERANCE} * p * max(dT, dH), p = number of distance columns (the same terms summed in another order are equal)`,
    columns: cols.map((j) => R.domain.columns[j].name),
    rows: { synthetic: S.n, train: R.n, holdout: H.n },
    notes,
    dcr: {
      syntheticToTrain: { ...summary(dSR), histogram: hist[0] },
      syntheticToHoldout: { ...summary(sH.dist), histogram: hist[1] },
      holdoutToTrain: { ...summary(dHR), histogram: hist[2] },
    },
    dcrShare,
    dcrShareBalanced: share(sRb.dist, sH.dist, nBal, H.n, cl, cols.length),
    dcrSharePermutation: sharePermutation(sR, sH, R.n, H.n, dcrShareValue, rng.fork('dcr.permutation'), cl, cols.length),
    nndr: {
      convention: 'd1/d2 to the two nearest train rows; 0 when d1 = 0 (an exact copy, even of a duplicated row)',
      syntheticToTrain: nndrSummary(sR.dist),
      holdoutToTrain: nndrSummary(hR.dist),
    },
    exactCopies: {
      train: rate(cST, S.n, cl, holdoutInTrainRate),
      holdout: rate(cSH, S.n, cl, trainInHoldoutRate),
      holdoutInTrain: holdoutInTrainRate,
      trainInHoldout: trainInHoldoutRate,
      duplicates: { train: dupR, holdout: dupH },
      trainExcess: copyTest(cST, S.n, cHR, H.n, dupR, R.n, cl, 'train'),
      holdoutExcess: copyTest(cSH, S.n, trainInHoldout, R.n, dupH, H.n, cl, 'holdout'),
    },
    mia: { ...miaSummary(scores, labels, cl, opts.fprs), score: '-(Gower distance to the nearest synthetic row)', lowFpr: lowFpr(scores, labels, LOW_FPR, cl) },
  };
}
