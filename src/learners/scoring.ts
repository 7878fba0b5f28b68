// Model scores over row-major class probabilities (n * K) and integer labels, or regression predictions:
// accuracy, balanced accuracy, macro-F1, ROC AUC (Mann-Whitney with average ranks for ties), log-loss, R^2, MAE, RMSE, as scikit-learn's.

/** Number of classes K implied by a row-major probability array over n labels. */
export function classesOf(proba: Float64Array, n: number): number {
  if (n === 0) throw new Error('scoring: no rows');
  const K = proba.length / n;
  if (!Number.isInteger(K) || K < 1) throw new Error(`scoring: probabilities length ${proba.length} is not a multiple of ${n} labels`);
  return K;
}

/** Predicted class per row: argmax of the row's probabilities (first index wins a tie). */
export function argmaxRows(proba: Float64Array, n: number): Int32Array {
  const K = classesOf(proba, n);
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

/** Share of rows whose argmax class equals the label. */
export function accuracy(proba: Float64Array, y: Int32Array): number {
  const pred = argmaxRows(proba, y.length);
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

/** Mean recall over the classes present in y (sklearn balanced_accuracy_score). */
export function balancedAccuracy(proba: Float64Array, y: Int32Array): number {
  const K = classesOf(proba, y.length);
  const pred = argmaxRows(proba, y.length);
  const tp = new Float64Array(K);
  const cnt = new Float64Array(K);
  for (let i = 0; i < y.length; i++) {
    cnt[y[i]]++;
    if (pred[i] === y[i]) tp[y[i]]++;
  }
  let s = 0;
  let c = 0;
  for (let k = 0; k < K; k++) {
    if (cnt[k] > 0) {
      s += tp[k] / cnt[k];
      c++;
    }
  }
  return s / c;
}

/**
 * Macro-averaged F1 over the classes that occur in y or in the predictions (sklearn f1_score average='macro'
 * with labels = union of true and predicted); a class with no true positive scores 0.
 */
export function macroF1(proba: Float64Array, y: Int32Array): number {
  const K = classesOf(proba, y.length);
  const pred = argmaxRows(proba, y.length);
  const tp = new Float64Array(K);
  const nTrue = new Float64Array(K);
  const nPred = new Float64Array(K);
  for (let i = 0; i < y.length; i++) {
    nTrue[y[i]]++;
    nPred[pred[i]]++;
    if (pred[i] === y[i]) tp[y[i]]++;
  }
  let s = 0;
  let c = 0;
  for (let k = 0; k < K; k++) {
    if (nTrue[k] === 0 && nPred[k] === 0) continue;
    s += (2 * tp[k]) / (nTrue[k] + nPred[k]);
    c++;
  }
  return s / c;
}

/**
 * ROC AUC of scores for a binary label (1 = positive): the Mann-Whitney U statistic / (n1 n0), tied scores taking
 * their average rank (= probability a random positive outranks a random negative, ties counting 1/2).
 * NaN when either class is absent.
 */
export function aucFromScores(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): number {
  const n = scores.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sc = Float64Array.from(scores as ArrayLike<number>);
  order.sort((a, b) => sc[a] - sc[b]);
  let n1 = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sc[order[j]] === sc[order[i]]) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j
    for (let k = i; k < j; k++) {
      if (positive[order[k]]) {
        n1++;
        rankSum += avgRank;
      }
    }
    i = j;
  }
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) return NaN;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/**
 * ROC AUC from class probabilities. Binary (K = 2, or K = 1 meaning scores of class 1): AUC of P(class 1).
 * Multiclass: one-vs-rest macro average over classes that have both positives and negatives in y
 * (sklearn roc_auc_score multi_class='ovr', average='macro'). NaN when no class qualifies.
 */
export function rocAuc(proba: Float64Array, y: Int32Array): number {
  const n = y.length;
  const K = classesOf(proba, n);
  if (K <= 2) {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = K === 1 ? proba[i] : proba[i * 2 + 1];
    const pos = new Uint8Array(n);
    for (let i = 0; i < n; i++) pos[i] = y[i] === 1 ? 1 : 0;
    return aucFromScores(s, pos);
  }
  let total = 0;
  let c = 0;
  const s = new Float64Array(n);
  const pos = new Uint8Array(n);
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
export function logLoss(proba: Float64Array, y: Int32Array, eps = 1e-15): number {
  const n = y.length;
  const K = classesOf(proba, n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = K === 1 ? (y[i] === 1 ? proba[i] : 1 - proba[i]) : proba[i * K + y[i]];
    s -= Math.log(Math.min(1, Math.max(eps, p)));
  }
  return s / n;
}

/** Coefficient of determination 1 - SS_res / SS_tot (sklearn r2_score; 1 if perfect and constant, 0 if constant y mispredicted). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    ssr += (yTrue[i] - yPred[i]) ** 2;
    sst += (yTrue[i] - mean) ** 2;
  }
  if (sst === 0) return ssr === 0 ? 1 : 0;
  return 1 - ssr / sst;
}

export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(s / yTrue.length);
}
