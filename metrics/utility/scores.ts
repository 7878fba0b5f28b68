// Holdout scores from fixed predictions with optional row weights (bootstrap multiplicities): accuracy, balanced accuracy,
// macro-F1, ROC AUC (Mann-Whitney with ties as 1/2; one-vs-rest macro for multiclass), log-loss; R^2, MAE, RMSE (sklearn's definitions).

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
  const pred = new Int32Array(n);
  const rowLoss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bp = proba[i * nClasses];
    for (let k = 1; k < nClasses; k++) {
      const p = proba[i * nClasses + k];
      if (p > bp) {
        bp = p;
        best = k;
      }
    }
    pred[i] = best;
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
    while (h < n && score[h] === s) {
      const wi = w ? w[rows[h]] : 1;
      if (isPos[h]) pos += wi;
      else neg += wi;
      h++;
    }
    num += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    P += pos;
    N += neg;
    g = h;
  }
  if (P === 0 || N === 0) return null;
  return num / (P * N);
}

/** All classification scores on the (weighted) rows. */
export function classificationScores(p: ClassPredictions, w?: Float64Array): Record<ClassificationMetric, number | null> {
  const { n, nClasses: C, y, pred, rowLoss } = p;
  const conf = new Float64Array(C * C); // conf[true*C + pred]
  let W = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    conf[y[i] * C + pred[i]] += wi;
    W += wi;
    loss += wi * rowLoss[i];
  }
  if (W === 0) return { accuracy: null, balancedAccuracy: null, macroF1: null, rocAuc: null, logLoss: null };
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
  const rocAuc = classificationAuc(p, w);
  return {
    accuracy: correct / W,
    balancedAccuracy: recallN ? recallSum / recallN : null,
    macroF1: f1N ? f1Sum / f1N : null,
    rocAuc,
    logLoss: loss / W,
  };
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

/** R^2 = 1 - SS_res / SS_tot (SS_tot about the weighted mean of y on the scored rows; null when y is constant), MAE, RMSE. */
export function regressionScores(p: RegPredictions, w?: Float64Array): Record<RegressionMetric, number | null> {
  const { n, y, pred } = p;
  let W = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    W += wi;
    sy += wi * y[i];
  }
  if (W === 0) return { r2: null, mae: null, rmse: null };
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
