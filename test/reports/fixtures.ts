// Hand-built AuditResult fixtures for the renderer, gate and matcher tests: meta and data sections shaped like
// src/app/audit.ts builds them, with labels chosen to exercise escaping.

import type { AuditResult } from '../../reports/result.js';

export const HOSTILE = ['<script>alert(1)</script>', '</svg>', '{{x}}', `"quoted" & 'single'`, 'emoji 😀 ünïcode', '| pipe *star* _u_ [l](http://x)'];

export function baseResult(labels: { column?: string; category?: string } = {}): AuditResult {
  const col = labels.column ?? 'workclass';
  return {
    version: 2,
    meta: {
      tool: 'synthaudit',
      version: '0.1.0',
      seed: 7,
      options: { target: 'income', bins: 20 },
      inputs: [
        { role: 'real', file: 'real.csv', sha256: 'a'.repeat(64), rows: 666, columns: 4 },
        { role: 'holdout', file: 'holdout.csv', sha256: 'b'.repeat(64), rows: 334, columns: 4 },
        { role: 'synthetic', file: 'synth.csv', sha256: 'c'.repeat(64), rows: 666, columns: 4 },
      ],
      stages: ['load', 'schema+domain+encode', 'fidelity', 'privacy'],
    },
    data: {
      columns: [
        { name: 'age', kind: 'numeric', source: 'inferred', reason: 'numeric with 60 distinct values', nDistinct: 60, nMissing: 0, analysed: true },
        { name: col, kind: 'categorical', source: 'inferred', reason: 'text values', nDistinct: 4, nMissing: 3, analysed: true, unseen: { holdout: 0, synthetic: 2, examples: [labels.category ?? 'Never-worked'] } },
        { name: 'income', kind: 'categorical', source: 'inferred', reason: 'text values', nDistinct: 2, nMissing: 0, analysed: true, unseen: { holdout: 0, synthetic: 0, examples: [] } },
        { name: 'id', kind: 'identifier', source: 'inferred', reason: 'unique per row', nDistinct: 666, nMissing: 0, analysed: false },
      ],
      notices: [`column "id" looks like an identifier and is left out`, `synthetic: column "${col}" has 2 cell(s) in categories the real table never had`],
      target: 'income',
    },
  };
}

/** A fidelity section shaped like metrics/fidelity's FidelityResult (the parts renderers and matchers read). */
export function fidelitySection(names: string[] = ['age', 'workclass', 'income'], tvds: number[] = [0.02, 0.12, 0.04]) {
  // results v2 measures: value, interval, the holdout floor as baseline with its interval, better
  const cmp = (value: number, floor: number) => ({ value, interval: [value * 0.8, value * 1.3] as [number, number], baseline: { kind: 'holdout' as const, value: floor, interval: [floor * 0.8, floor * 1.3] as [number, number] }, better: 'lower' as const });
  const mean1 = tvds.reduce((a, b) => a + b, 0) / tvds.length;
  const item = (metric: string, c: ReturnType<typeof cmp>) => ({ metric, ...c, text: `${metric} ${c.value}` });
  const pairs: { a: string; b: string; value: number; baseline: { kind: 'holdout'; value: number }; better: 'lower' }[] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push({ a: names[i], b: names[j], value: 0.05 + 0.01 * (i + j), baseline: { kind: 'holdout', value: 0.03 }, better: 'lower' });
  pairs.sort((x, y) => y.value - x.value);
  const mean2 = pairs.reduce((a, p) => a + p.value, 0) / pairs.length;
  return {
    rows: { real: 666, synthetic: 666, holdout: 334 },
    columns: names.map((name, j) => ({ name, kind: j === 0 ? 'numeric' : 'categorical', cells: 5, tvd: cmp(tvds[j], 0.03), pairTvdMean: cmp(0.06, 0.04) })),
    pairs: { count: pairs.length, tvd: { mean: cmp(mean2, 0.03), max: cmp(pairs[0].value, 0.05), worst: pairs } },
    summary: { overall: [item('mean 1-way TVD', cmp(mean1, 0.03)), item('mean 2-way TVD', cmp(mean2, 0.03))], perColumn: [] },
  };
}

/** A privacy section with two membership attacks (distance MIA and DOMIAS), MiaSummary-shaped (results v2 measures). */
export function privacySection(aucs: [number, number] = [0.52, 0.61]) {
  const chance = { kind: 'chance', value: 0.5 };
  const mia = (v: number) => ({ auc: { value: v, interval: [v - 0.03, v + 0.03], baseline: chance, better: 'lower', se: 0.015 }, tprAtFpr: [], maxAdvantage: 0.1, nMembers: 300, nNonMembers: 300, baseline: { auc: 0.5, note: 'coin' } });
  return { distance: { mia: mia(aucs[0]), dcrShare: { value: 0.52, interval: [0.48, 0.56], baseline: { kind: 'ideal', value: 0.5 }, better: 'lower' } }, domias: mia(aucs[1]) };
}

/** A results-v2 measure with a bootstrap interval as metrics/utility writes it (baseline: tstr beside trtr, ratio beside 1). */
function est(value: number, w = 0.02, base?: { kind: 'real'; value: number; interval?: [number, number] }) {
  return { value, interval: [value - w, value + w] as [number, number], better: 'higher' as const, ...(base ? { baseline: base } : {}) };
}

/** A coefficient fit as a results-v2 measure (value = estimate, interval = Wald bounds, se beside). */
function coef(estimate: number, se: number, lower: number, upper: number, real?: { value: number; interval: [number, number] }) {
  return { value: estimate, interval: [lower, upper] as [number, number], better: 'closer' as const, se, ...(real ? { baseline: { kind: 'real' as const, value: real.value, interval: real.interval } } : {}) };
}

/** A utility section shaped like metrics/utility's UtilityResult. */
export function utilitySection(modelLabels: string[] = ['logistic', 'forest', 'boosting']) {
  const trtr = [0.84, 0.86, 0.87];
  const tstr = [0.8, 0.78, 0.83];
  return {
    task: 'classification',
    target: 'income',
    classes: ['<=50K', '>50K'],
    positiveClass: '>50K',
    primaryMetric: 'accuracy',
    metrics: ['accuracy', 'rocAuc'],
    higherIsBetter: { accuracy: true, rocAuc: true },
    rows: { real: { total: 666, used: 666, droppedMissingTarget: 0, droppedUnseenTarget: 0 }, holdout: { total: 334, used: 334, droppedMissingTarget: 0, droppedUnseenTarget: 0 }, synthetic: { total: 666, used: 666, droppedMissingTarget: 0, droppedUnseenTarget: 0 } },
    verdicts: [],
    bootstrap: { replicates: 50, confidence: 0.95, method: 'percentile', resampled: 'holdout rows' },
    baseline: { description: 'always the most frequent real class', scores: { accuracy: est(0.7, 0) } },
    models: modelLabels.map((label, i) => ({
      label,
      spec: { name: label },
      syntheticFit: 'model',
      trtr: { accuracy: est(trtr[i % 3]), rocAuc: est(0.9) },
      tstr: { accuracy: est(tstr[i % 3], 0.02, { kind: 'real', value: trtr[i % 3], interval: [trtr[i % 3] - 0.02, trtr[i % 3] + 0.02] }), rocAuc: est(0.85, 0.02, { kind: 'real', value: 0.9, interval: [0.88, 0.92] }) },
      ratio: { accuracy: est(tstr[i % 3] / trtr[i % 3], 0.03, { kind: 'real', value: 1 }), rocAuc: est(0.94, 0.02, { kind: 'real', value: 1 }) },
    })),
    ranking: {
      primaryMetric: 'accuracy',
      models: modelLabels,
      trtr: modelLabels.map((_, i) => trtr[i % 3]),
      tstr: modelLabels.map((_, i) => tstr[i % 3]),
      rankTrtr: [3, 2, 1],
      rankTstr: [2, 3, 1],
      spearman: est(0.5, 0.5),
      kendallTauB: est(0.33, 0.5),
      sra: est(0.667, 0.3),
      tiedPairs: { trtr: 0, tstr: 0, total: 3 },
    },
    featureImportance: { model: 'forest', metric: 'accuracy', repeats: 2, rows: 334, baseScore: { real: 0.86, synthetic: 0.78 }, features: [{ name: 'age', real: 0.05, synthetic: 0.02 }, { name: 'workclass', real: 0.01, synthetic: 0.03 }], spearman: { value: -1, better: 'higher' }, kendallTauB: { value: -1, better: 'higher' }, topReal: ['age'], topSynthetic: ['workclass'], topOverlap: 0 },
    inferential: {
      applicable: true,
      model: 'logistic',
      C: null,
      approach: 'binary',
      positiveClass: '>50K',
      confidence: 0.95,
      coefficients: [
        { name: 'age', real: coef(0.03, 0.01, 0.01, 0.05), synthetic: coef(0.02, 0.01, 0.0, 0.04, { value: 0.03, interval: [0.01, 0.05] }), overlap: { raw: 0.5, clipped: 0.5 }, signAgree: true },
        { name: `${modelLabels[0]}=x`, real: coef(0.5, 0.1, 0.3, 0.7), synthetic: coef(-0.5, 0.1, -0.7, -0.3, { value: 0.5, interval: [0.3, 0.7] }), overlap: { raw: -2, clipped: 0 }, signAgree: false },
        { name: 'workclass=Never', real: null, synthetic: coef(1, 1, -1, 3), overlap: { raw: null, clipped: null, reason: 'not estimated on real data' }, signAgree: null },
      ],
      meanOverlap: -0.75,
      meanOverlapClipped: 0.25,
      signAgreement: 0.5,
      defined: 2,
      total: 3,
      notes: [],
    },
    conventions: { ratio: 'TSTR / TRTR per metric' },
  };
}

/** A privacy section shaped like attacks/index.ts's PrivacyResult (results v2: every number a measure, lower is better). */
export function fullPrivacySection(targetLabel = 'target') {
  type Base = { kind: string; value: number; interval?: [number, number] };
  const iv = (value: number, w = 0.03, baseline?: Base) => ({ value, interval: [Math.max(0, value - w), Math.min(1, value + w)] as [number, number], ...(baseline ? { baseline } : {}), better: 'lower' });
  const chance = (value: number) => ({ kind: 'chance', value });
  const like = (kind: string, m: { value: number; interval: [number, number] }) => ({ kind, value: m.value, interval: m.interval });
  const dsum = (m: number) => ({ mean: m, p05: m / 3, median: m * 0.9, p95: m * 2, zeroShare: 0.01 });
  const tpr = (fpr: number, value: number, lo: number, hi: number, resolvable: boolean) => ({ value, interval: [lo, hi], baseline: chance(fpr), better: 'lower', fpr, achievedFpr: fpr, resolvable });
  const mia = (v: number) => ({ auc: { ...iv(v, 0.03, chance(0.5)), se: 0.015 }, tprAtFpr: [tpr(0.01, 0.015, 0.005, 0.03, true), tpr(0.001, 0.002, 0, 0.01, false)], maxAdvantage: 0.05, nMembers: 334, nNonMembers: 334, baseline: { auc: 0.5, note: 'coin' } });
  const ideal0 = { kind: 'ideal', value: 0 };
  const risk = (v: number) => ({ value: v, interval: [v - 0.05, v + 0.05], baseline: ideal0, better: 'lower', error: 0.05, clipped: { value: Math.max(0, v), interval: [Math.max(0, v - 0.05), Math.min(1, v + 0.05)], baseline: ideal0, better: 'lower' } });
  const control = (t: number, c: number) => {
    const ctl = { ...iv(c), successes: Math.round(c * 300), attacks: 300 };
    return { train: { ...iv(t, 0.03, like('holdout', ctl)), successes: Math.round(t * 300), attacks: 300 }, control: ctl, risk: risk((t - c) / (1 - c)) };
  };
  const target = (i: number, auc: number) => ({ row: 10 + i, kind: i === 0 ? 'vulnerable' : 'random', vulnerability: 0.4 - i * 0.01, auc: iv(auc, 0.08, chance(0.5)), accuracy: iv(auc - 0.02, 0.08, chance(0.5)), advantage: iv((auc - 0.5) * 1.5, 0.1, chance(0)), tprAtFpr: [tpr(0.01, 0.04, 0, 0.1, true)], epsilon: { epsilonLb: i === 0 ? 0.9 : 0, threshold: 0.5, fpUpper: 0.2, fnUpper: 0.3, falsePositives: 5, falseNegatives: 8, nTestMembers: 50, nTestNonMembers: 50, nValidation: 100, delta: 0, confidence: 0.95, maxCertifiable: 2.9 } });
  return {
    conventions: { confidence: 0.95, members: 'train rows', baselines: 'holdout', separation: 'privacy only' },
    secret: 'income',
    distance: {
      convention: 'Gower',
      columns: ['age', 'workclass'],
      rows: { synthetic: 666, train: 666, holdout: 334 },
      notes: [],
      dcr: { syntheticToTrain: dsum(0.08), syntheticToHoldout: dsum(0.1), holdoutToTrain: dsum(0.1) },
      dcrShare: { ...iv(0.7, 0.03, { kind: 'ideal', value: 0.666 }), closerToTrain: 400, closerToHoldout: 200, ties: 66, trainRows: 666, holdoutRows: 334 },
      dcrShareBalanced: { ...iv(0.55, 0.03, { kind: 'ideal', value: 0.5 }), closerToTrain: 300, closerToHoldout: 250, ties: 116, trainRows: 334, holdoutRows: 334 },
      nndr: { convention: 'd1/d2', syntheticToTrain: dsum(0.5), holdoutToTrain: dsum(0.6) },
      exactCopies: { train: { ...iv(0.02, 0.01, like('holdout', iv(0.003, 0.003))), count: 13, n: 666 }, holdout: { ...iv(0.004, 0.004), count: 3, n: 666 }, holdoutInTrain: { ...iv(0.003, 0.003), count: 1, n: 334 } },
      mia: { ...mia(0.56), score: '-distance', roc: { fpr: [0, 0.1, 0.5, 1], tpr: [0, 0.15, 0.58, 1] } },
    },
    domias: { ...mia(0.53), density: 'chow-liu', reference: { holdoutRowsForReference: 167, note: 'half of holdout' } },
    inference: { ...control(0.6, 0.5), secret: 'income', quasiIdentifiers: ['age', 'workclass'], randomGuess: { ...iv(0.55), successes: 165, attacks: 300 }, convention: 'nearest' },
    modelInference: { skipped: true, reason: 'disabled' },
    singlingOut: { univariate: { ...control(0.1, 0.08), predicates: [] }, multivariate: { skipped: true, reason: 'too few columns' } },
    linkability: { ...control(0.05, 0.05) },
    shadowMia: {
      settings: { generator: { name: 'independent', options: { epsilon: 1 } }, claim: { kind: 'dp', epsilon: 1, delta: 0, neighbours: 'add-remove' }, threatModel: 'knows generator', nTrainSets: 200, nTestSets: 100, trainSize: 300, syntheticSize: 300, auxiliaryRows: 334, features: ['naive'], featureNote: '', corrTopK: 3, nTrees: 100, workers: 2, notes: [`${targetLabel} note`] },
      targets: [target(0, 0.71), target(1, 0.52), target(2, 0.49)],
      summary: { meanAuc: 0.57, maxAuc: 0.71, meanAucVulnerable: 0.71, meanAdvantage: 0.1, worstEpsilonLb: 0.9, worstTarget: 0 },
      dpCheck: { claimedEpsilon: 1, worstEpsilonLb: 0.9, violation: false, note: 'bound below the claim' },
    },
    shadowAia: { skipped: true, reason: 'no generator given' },
  };
}

/** A fidelity section with every part the report reads (matrices, checks, pMSE skipped). */
export function fullFidelitySection(names: string[] = ['age', 'workclass', 'income']) {
  const f: any = fidelitySection(names, names.map((_, j) => 0.02 + 0.05 * j));
  const dist = (value: number, floor: number) => ({ value, baseline: { kind: 'holdout', value: floor }, better: 'lower' });
  f.columns[0].ks = dist(0.08, 0.05);
  f.columns[0].wasserstein = dist(0.02, 0.015);
  const d = names.length;
  const m = (base: number) => names.map((_, i) => names.map((__, j) => (i === j ? null : base + 0.01 * (i + j))));
  f.cramersV = {
    uncorrected: { meanAbsDiff: dist(0.05, 0.03), maxAbsDiff: dist(0.1, 0.06), undefinedPairs: 0, worst: [] },
    corrected: { meanAbsDiff: dist(0.04, 0.02), maxAbsDiff: dist(0.09, 0.05), undefinedPairs: 0, worst: d > 1 ? [{ a: names[0], b: names[1], real: 0.3, synthetic: 0.1, holdout: 0.28, diff: -0.2 }] : [] },
    matrices: { columns: names, uncorrected: { real: m(0.2), synthetic: m(0.1), holdout: m(0.19) }, corrected: { real: m(0.2), synthetic: m(0.1), holdout: m(0.19), diff: names.map((_, i) => names.map((__, j) => (i === j ? null : -0.1 - 0.001 * (i + j)))) } },
  };
  f.pmse = { skipped: true, reason: 'pMSE not wired yet' };
  f.checks = {
    outOfRange: [{ column: names[0], realMin: 17, realMax: 90, below: 2, above: 1, rate: 0.0045, holdoutCount: 0, holdoutRate: 0, examples: [{ row: 4, value: 12 }] }],
    unseenCategories: [{ column: names[1], count: 2, rate: 0.003, holdoutCount: 0, holdoutRate: 0, examples: [{ row: 7, value: names[1] + '-invented' }] }],
    constraints: [{ constraint: `${names[0]} >= 18`, violations: 2, unknown: 0, rows: 666, realViolations: 0, examples: [{ row: 4, values: { [names[0]]: '12' } }] }],
  };
  f.conventions = { tvd: 'TVD = 1/2 sum |p - q|' };
  return f;
}

export function richResult(labels: { column?: string; category?: string } = {}): AuditResult {
  const b = baseResult(labels);
  const names = ['age', labels.column ?? 'workclass', 'income'];
  return { ...b, fidelity: fullFidelitySection(names), utility: utilitySection(), privacy: fullPrivacySection() } as any;
}
