// Model scores, the one implementation in the project: accuracy, balanced accuracy, macro-F1, ROC AUC (Mann-Whitney with
// ties counting 1/2; one-vs-rest macro average for multiclass), log-loss; R^2, MAE, RMSE, as scikit-learn defines them
// (docs/definitions.md#model-scores). The core scores fixed predictions under optional row weights (bootstrap
// multiplicities, metrics/utility); the unweighted functions at the end (learners, pMSE, attacks, tests) call the same core.

export const CLASSIFICATION_METRICS = ['accuracy', 'balancedAccuracy', 'macroF1', 'rocAuc', 'logLoss'] as const;
export const REGRESSION_METRICS = ['r2', 'mae', 'rmse'] as const;
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetric | RegressionMetric;

export const HIGHER_IS_BETTER: Record<MetricName, boolean> = {
  accuracy: true,
  balancedAccuracy: true,
  macroF1: true,
  rocAuc: true,
  logLoss: false,
  r2: true,
  mae: false,
  rmse: false,
};

/** Probability floor for log-loss: p is clipped to [LOGLOSS_EPS, 1]. */
export const LOGLOSS_EPS = 1e-15;

export type ScoreSet = Partial<Record<MetricName, number | null>>;

/** Classification predictions prepared once so that each weighted re-scoring is linear in n. */
export interface ClassPredictions {
  kind: 'classification';
  n: number;
  nClasses: number;
  y: Int32Array;
  /** Row-major n * nClasses probabilities. */
  proba: Float64Array;
  /** argmax class per row (lowest class index on ties). */
  pred: Int32Array;
  /** -log(clip(p[y])) per row. */
  rowLoss: Float64Array;
  /** Classes scored by AUC: [1] for binary (positive = class 1), all classes otherwise. */
  aucClasses: number[];
  /** Per class in aucClasses: rows sorted ascending by that class's probability. */
  sorted: SortedScores[];
}

export interface RegPredictions {
  kind: 'regression';
  n: number;
  y: Float64Array;
  pred: Float64Array;
}

export type Predictions = ClassPredictions | RegPredictions;

export function prepareClassPredictions(y: Int32Array, proba: Float64Array, nClasses: number): ClassPredictions {
  const n = y.length;
  if (proba.length !== n * nClasses) throw new Error(`predictions: expected ${n * nClasses} probabilities, got ${proba.length}`);
  const pred = argmaxRows(proba, n, nClasses);
  const rowLoss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pt = proba[i * nClasses + y[i]];
    rowLoss[i] = -Math.log(Math.min(1, Math.max(LOGLOSS_EPS, Number.isFinite(pt) ? pt : 0)));
  }
  const aucClasses = nClasses === 2 ? [1] : Array.from({ length: nClasses }, (_, k) => k);
  const sorted = aucClasses.map((k) => {
    const sc = new Float64Array(n);
    const pos = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = proba[i * nClasses + k];
      sc[i] = Number.isFinite(v) ? v : 0;
      pos[i] = y[i] === k ? 1 : 0;
    }
    return sortScores(sc, pos);
  });
  return { kind: 'classification', n, nClasses, y, proba, pred, rowLoss, aucClasses, sorted };
}

export function prepareRegPredictions(y: Float64Array, pred: Float64Array): RegPredictions {
  if (pred.length !== y.length) throw new Error(`predictions: expected ${y.length} values, got ${pred.length}`);
  return { kind: 'regression', n: y.length, y, pred };
}

/** Rows of a one-vs-rest problem sorted ascending by score, for linear-time weighted AUC. */
export interface SortedScores {
  /** Row index at each sorted position. */
  rows: Int32Array;
  /** Score at each sorted position (ascending). */
  score: Float64Array;
  /** 1 if the row at that position is a positive. */
  pos: Uint8Array;
}

export function sortScores(score: ArrayLike<number>, isPos: ArrayLike<number | boolean>): SortedScores {
  const n = score.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => score[a] - score[b] || a - b);
  const rows = Int32Array.from(idx);
  const s = new Float64Array(n);
  const pos = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    s[r] = score[rows[r]];
    pos[r] = isPos[rows[r]] ? 1 : 0;
  }
  return { rows, score: s, pos };
}

/**
 * Weighted ROC AUC: the Mann-Whitney probability that a positive scores above a negative, ties counted 1/2,
 * each row counted w[row] times. Null when the (weighted) rows have no positive or no negative.
 */
export function weightedAuc(ss: SortedScores, w?: Float64Array): number | null {
  const { rows, score, pos: isPos } = ss;
  const n = rows.length;
  let negBelow = 0;
  let num = 0;
  let P = 0;
  let N = 0;
  let g = 0;
  while (g < n) {
    const s = score[g];
    let pos = 0;
    let neg = 0;
    let h = g;
    do {
      const wi = w ? w[rows[h]] : 1;
      if (isPos[h]) pos += wi;
      else neg += wi;
      h++;
    } while (h < n && score[h] === s); // a NaN score is a group of its own (=== is false), never an endless loop
    num += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    P += pos;
    N += neg;
    g = h;
  }
  if (P === 0 || N === 0) return null;
  return num / (P * N);
}

/** Weighted confusion matrix conf[true * C + predicted] of labels y and predicted classes, and its total weight. */
export function confusion(y: Int32Array, pred: Int32Array, C: number, w?: Float64Array): { conf: Float64Array; W: number } {
  const conf = new Float64Array(C * C);
  let W = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    conf[y[i] * C + pred[i]] += wi;
    W += wi;
  }
  return { conf, W };
}

/** Accuracy, balanced accuracy (mean recall over classes present in y) and macro-F1 from a confusion matrix; null where undefined. */
export function confusionScores(conf: Float64Array, C: number, W: number): { accuracy: number | null; balancedAccuracy: number | null; macroF1: number | null } {
  if (W === 0) return { accuracy: null, balancedAccuracy: null, macroF1: null };
  let correct = 0;
  let recallSum = 0;
  let recallN = 0;
  let f1Sum = 0;
  let f1N = 0;
  for (let k = 0; k < C; k++) {
    const tp = conf[k * C + k];
    correct += tp;
    let rowSum = 0; // true k
    let colSum = 0; // predicted k
    for (let j = 0; j < C; j++) {
      rowSum += conf[k * C + j];
      colSum += conf[j * C + k];
    }
    if (rowSum > 0) {
      recallSum += tp / rowSum;
      recallN++;
    }
    // macro-F1 over labels present in y_true or y_pred (sklearn's default label set)
    if (rowSum > 0 || colSum > 0) {
      f1Sum += (2 * tp) / (rowSum + colSum);
      f1N++;
    }
  }
  return { accuracy: correct / W, balancedAccuracy: recallN ? recallSum / recallN : null, macroF1: f1N ? f1Sum / f1N : null };
}

/** Weighted mean of per-row losses (rows of weight 0 skipped); null when the total weight is 0. */
function weightedMean(rowLoss: Float64Array, w?: Float64Array): number | null {
  let W = 0;
  let loss = 0;
  for (let i = 0; i < rowLoss.length; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    W += wi;
    loss += wi * rowLoss[i];
  }
  return W === 0 ? null : loss / W;
}

/** All classification scores on the (weighted) rows. */
export function classificationScores(p: ClassPredictions, w?: Float64Array): Record<ClassificationMetric, number | null> {
  const { conf, W } = confusion(p.y, p.pred, p.nClasses, w);
  if (W === 0) return { accuracy: null, balancedAccuracy: null, macroF1: null, rocAuc: null, logLoss: null };
  const c = confusionScores(conf, p.nClasses, W);
  const rocAuc = classificationAuc(p, w);
  return { accuracy: c.accuracy, balancedAccuracy: c.balancedAccuracy, macroF1: c.macroF1, rocAuc, logLoss: weightedMean(p.rowLoss, w) };
}

/** Only the ROC AUC (the classification ranking score), cheaper than the full set. */
export function classificationAuc(p: ClassPredictions, w?: Float64Array): number | null {
  let aucSum = 0;
  let aucN = 0;
  for (let a = 0; a < p.sorted.length; a++) {
    const v = weightedAuc(p.sorted[a], w);
    if (v !== null) {
      aucSum += v;
      aucN++;
    }
  }
  return aucN ? aucSum / aucN : null;
}

/** Weighted sums behind the regression scores: total weight, SS_res, SS_tot (about the weighted mean of y) and sum |error|. */
function regressionSums(y: ArrayLike<number>, pred: ArrayLike<number>, w?: Float64Array): { W: number; ssr: number; sst: number; sae: number } {
  const n = y.length;
  let W = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    W += wi;
    sy += wi * y[i];
  }
  const my = sy / W;
  let ssr = 0;
  let sst = 0;
  let sae = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    const e = y[i] - pred[i];
    ssr += wi * e * e;
    sae += wi * Math.abs(e);
    const d = y[i] - my;
    sst += wi * d * d;
  }
  return { W, ssr, sst, sae };
}

/** R^2 = 1 - SS_res / SS_tot (SS_tot about the weighted mean of y on the scored rows; null when y is constant), MAE, RMSE. */
export function regressionScores(p: RegPredictions, w?: Float64Array): Record<RegressionMetric, number | null> {
  const { W, ssr, sst, sae } = regressionSums(p.y, p.pred, w);
  if (W === 0) return { r2: null, mae: null, rmse: null };
  return { r2: sst > 0 ? 1 - ssr / sst : null, mae: sae / W, rmse: Math.sqrt(ssr / W) };
}

/** All scores of the task. */
export function scoreAll(p: Predictions, w?: Float64Array): ScoreSet {
  return p.kind === 'classification' ? classificationScores(p, w) : regressionScores(p, w);
}

/** The primary (ranking) score: ROC AUC for classification, R^2 for regression. */
export function primaryScore(p: Predictions, w?: Float64Array): number | null {
  return p.kind === 'classification' ? classificationAuc(p, w) : regressionScores(p, w).r2;
}

// ---------------------------------------------------------------- unweighted scores of raw predictions (same core)

/** Number of classes K implied by a row-major probability array over n labels. */
export function classesOf(proba: Float64Array, n: number): number {
  if (n === 0) throw new Error('scoring: no rows');
  const K = proba.length / n;
  if (!Number.isInteger(K) || K < 1) throw new Error(`scoring: probabilities length ${proba.length} is not a multiple of ${n} labels`);
  return K;
}

/** Predicted class per row: argmax of the row's K probabilities (first index wins a tie). */
export function argmaxRows(proba: Float64Array, n: number, K = classesOf(proba, n)): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * K;
    let best = 0;
    let bv = proba[r];
    for (let k = 1; k < K; k++) {
      if (proba[r + k] > bv) {
        bv = proba[r + k];
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}

/** The unweighted confusion scores of class probabilities (NaN where undefined). */
function rawConfusionScores(proba: Float64Array, y: Int32Array) {
  const K = classesOf(proba, y.length);
  const { conf, W } = confusion(y, argmaxRows(proba, y.length, K), K);
  return confusionScores(conf, K, W);
}

/** Share of rows whose argmax class equals the label. */
export function accuracy(proba: Float64Array, y: Int32Array): number {
  return rawConfusionScores(proba, y).accuracy ?? NaN;
}

/** Mean recall over the classes present in y (sklearn balanced_accuracy_score). */
export function balancedAccuracy(proba: Float64Array, y: Int32Array): number {
  return rawConfusionScores(proba, y).balancedAccuracy ?? NaN;
}

/**
 * Macro-averaged F1 over the classes that occur in y or in the predictions (sklearn f1_score average='macro'
 * with labels = union of true and predicted); a class with no true positive scores 0.
 */
export function macroF1(proba: Float64Array, y: Int32Array): number {
  return rawConfusionScores(proba, y).macroF1 ?? NaN;
}

/**
 * ROC AUC of scores for a binary label (truthy = positive): the Mann-Whitney probability that a positive outranks a
 * negative, ties counting 1/2 (weightedAuc with unit weights). NaN when either class is absent.
 */
export function aucFromScores(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): number {
  return weightedAuc(sortScores(scores, positive)) ?? NaN;
}

/**
 * ROC AUC from class probabilities. Binary (K = 2, or K = 1 meaning scores of class 1): AUC of P(class 1).
 * Multiclass: one-vs-rest macro average over classes that have both positives and negatives in y
 * (sklearn roc_auc_score multi_class='ovr', average='macro'). NaN when no class qualifies.
 */
export function rocAuc(proba: Float64Array, y: Int32Array): number {
  const n = y.length;
  const K = classesOf(proba, n);
  const s = new Float64Array(n);
  const pos = new Uint8Array(n);
  if (K <= 2) {
    for (let i = 0; i < n; i++) {
      s[i] = K === 1 ? proba[i] : proba[i * 2 + 1];
      pos[i] = y[i] === 1 ? 1 : 0;
    }
    return aucFromScores(s, pos);
  }
  let total = 0;
  let c = 0;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < n; i++) {
      s[i] = proba[i * K + k];
      pos[i] = y[i] === k ? 1 : 0;
    }
    const a = aucFromScores(s, pos);
    if (!Number.isNaN(a)) {
      total += a;
      c++;
    }
  }
  return c ? total / c : NaN;
}

/** Mean negative log-probability of the true class, probabilities clipped to [eps, 1] (eps default 1e-15; rows not renormalised). */
export function logLoss(proba: Float64Array, y: Int32Array, eps = LOGLOSS_EPS): number {
  const n = y.length;
  const K = classesOf(proba, n);
  const rowLoss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = K === 1 ? (y[i] === 1 ? proba[i] : 1 - proba[i]) : proba[i * K + y[i]];
    rowLoss[i] = -Math.log(Math.min(1, Math.max(eps, p)));
  }
  return weightedMean(rowLoss) ?? NaN;
}

/** Coefficient of determination 1 - SS_res / SS_tot (sklearn r2_score; 1 if perfect and constant, 0 if constant y mispredicted). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { ssr, sst } = regressionSums(yTrue, yPred);
  if (sst === 0) return ssr === 0 ? 1 : 0;
  return 1 - ssr / sst;
}

export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { W, sae } = regressionSums(yTrue, yPred);
  return sae / W;
}

export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { W, ssr } = regressionSums(yTrue, yPred);
  return Math.sqrt(ssr / W);
}
