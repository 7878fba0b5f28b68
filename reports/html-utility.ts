// The utility part of the HTML report: TSTR beside TRTR per model with intervals and the constant-predictor floor,
// the model-ranking scatter and agreement, feature-importance agreement, inferential overlap; read from metrics/utility.

import { COLORS } from './charts.js';
import { fmtInterval, fmtNum, isObj, isSkipped } from './util.js';
import { RenderCtx, cell, numCell, ivCell, table, measure, isNotRun, type SectionView, type BlockView, type Cell } from './view.js';
import { utilityMetricName } from './model.js';
import type { AuditResult } from './result.js';
import type { UtilityResult, FeatureImportanceResult } from '../metrics/utility/index.js';
import type { InferentialResult, CoefficientComparison } from '../metrics/utility/inferential.js';
import type { VlSpec } from './charts.js';

const metricName = utilityMetricName;
const REAL = 'trained on real (TRTR)';
const SYN = 'trained on synthetic (TSTR)';

async function modelsBlock(ctx: RenderCtx, sec: UtilityResult, metric: string, higher: boolean): Promise<[BlockView, BlockView] | undefined> {
  const models = Array.isArray(sec.models) ? sec.models.filter(isObj) : [];
  if (!models.length) return undefined;
  const values: { model: string; source: string; score: number; lo: number | null; hi: number | null }[] = [];
  const rows: Cell[][] = [];
  for (const m of models) {
    const tr = measure(m.trtr?.[metric]);
    const ts = measure(m.tstr?.[metric]);
    const ra = measure(m.ratio?.[metric]);
    const label = String(m.label ?? '?');
    if (tr?.value != null) values.push({ model: label, source: REAL, score: tr.value, lo: tr.interval?.[0] ?? null, hi: tr.interval?.[1] ?? null });
    if (ts?.value != null) values.push({ model: label, source: SYN, score: ts.value, lo: ts.interval?.[0] ?? null, hi: ts.interval?.[1] ?? null });
    rows.push([cell(label), numCell(tr?.value), ivCell(tr?.interval), numCell(ts?.value), ivCell(ts?.interval), numCell(ra?.value), ivCell(ra?.interval), cell(m.syntheticFit === 'constant' ? 'constant (one class in synthetic)' : '')]);
  }
  const base = measure(sec.baseline?.scores?.[metric]);
  // the y encoding sits on the data layers only, so the baseline rule (its own data) spans the plot instead of adding a row
  const y = { y: { field: 'model', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0 } }, yOffset: { field: 'source', sort: null } };
  // a dot plot: each score a point on its bootstrap interval, TRTR and TSTR of a model on neighbouring lines
  const layers: VlSpec[] = [
    { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { ...y, x: { field: 'lo', type: 'quantitative', title: metricName(metric), scale: { zero: false } }, x2: { field: 'hi' }, color: { field: 'source', type: 'nominal', title: null, scale: { domain: [REAL, SYN], range: [COLORS.real, COLORS.synthetic] }, legend: { labelLimit: 0, orient: 'bottom' } } } },
    { mark: { type: 'point', filled: true, size: 45 }, encoding: { ...y, x: { field: 'score', type: 'quantitative' }, color: { field: 'source', type: 'nominal', title: null, scale: { domain: [REAL, SYN], range: [COLORS.real, COLORS.synthetic] } } } },
  ];
  if (base?.value != null) layers.push({ data: { values: [{ b: base.value }] }, mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.floor }, encoding: { x: { field: 'b', type: 'quantitative' } } });
  const spec = {
    width: 460,
    data: { values },
    height: { step: 11 },
    layer: layers,
  };
  return [
    {
      id: 'utility-models',
      title: `TSTR vs TRTR per model (${metricName(metric)})`,
      note: `Each model is trained once on the real table (TRTR) and once on the synthetic table (TSTR), and both are scored on the holdout. ${higher ? 'Higher is better' : 'Lower is better'}; TSTR close to TRTR means the synthetic data supports the same predictions. The dashed line is a constant predictor (${String(sec.baseline?.description ?? 'class prior / mean')}): models should beat it. Points are scores, lines their bootstrap intervals over holdout rows; the numbers are in the table "TSTR and TRTR scores".`,
      svg: values.length ? await ctx.chart(spec, 'TSTR and TRTR scores per model') : undefined,
      table: values.length ? undefined : table(['Model', cell('TRTR', true), cell('Interval', true), cell('TSTR', true), cell('Interval', true), cell('TSTR / TRTR', true), cell('Interval', true), 'Note'], rows),
    },
    {
      id: 'utility-models-table',
      title: 'TSTR and TRTR scores',
      table: table(['Model', cell('TRTR', true), cell('Interval', true), cell('TSTR', true), cell('Interval', true), cell('TSTR / TRTR', true), cell('Interval', true), 'Note'], rows),
    },
  ];
}

async function rankingBlock(ctx: RenderCtx, sec: UtilityResult, metric: string): Promise<BlockView | undefined> {
  const r = sec.ranking;
  if (!isObj(r) || !Array.isArray(r.models)) return undefined;
  const values = r.models
    .map((m: unknown, i: number) => ({ model: String(m), trtr: r.trtr?.[i], tstr: r.tstr?.[i] }))
    .filter((p): p is { model: string; trtr: number; tstr: number } => typeof p.trtr === 'number' && typeof p.tstr === 'number');
  const list: string[] = [];
  const sra = measure(r.sra);
  const rho = measure(r.spearman);
  const tau = measure(r.kendallTauB);
  const txt = (label: string, m: ReturnType<typeof measure>) => (m ? `${label}: ${m.value === null ? `— (${m.reason ?? 'undefined'})` : fmtNum(m.value)}${m.interval ? ` [${fmtNum(m.interval[0])}, ${fmtNum(m.interval[1])}]` : ''}` : '');
  for (const s of [txt('Synthetic ranking agreement', sra), txt('Spearman ρ', rho), txt('Kendall τ-b', tau)]) if (s) list.push(s);
  if (isObj(r.tiedPairs) && (r.tiedPairs.trtr > 0 || r.tiedPairs.tstr > 0)) list.push(`Tied model pairs: ${r.tiedPairs.trtr} on real, ${r.tiedPairs.tstr} on synthetic, of ${r.tiedPairs.total} (ties never count as agreeing).`);
  if (values.length < 2) return { id: 'utility-ranking', title: 'Model ranking', note: 'Fewer than two models have scores on both sides.', list };
  const all = values.flatMap((v) => [v.trtr, v.tstr]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo) * 0.1 || 0.01;
  const dom = [lo - pad, hi + pad];
  const spec = {
    width: 260,
    height: 260,
    layer: [
      { data: { values: [{ x: dom[0], y: dom[0] }, { x: dom[1], y: dom[1] }] }, mark: { type: 'line', color: '#bbb', strokeDash: [4, 3] }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: dom }, title: `TRTR ${metricName(metric)}` }, y: { field: 'y', type: 'quantitative', scale: { domain: dom }, title: `TSTR ${metricName(metric)}` } } },
      { data: { values }, mark: { type: 'point', filled: true, size: 50, color: COLORS.synthetic }, encoding: { x: { field: 'trtr', type: 'quantitative' }, y: { field: 'tstr', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 }, encoding: { x: { field: 'trtr', type: 'quantitative' }, y: { field: 'tstr', type: 'quantitative' }, text: { field: 'model' } } },
    ],
  };
  return {
    id: 'utility-ranking',
    title: 'Model ranking',
    note: 'Each point is a model: its holdout score when trained on real (x) and on synthetic (y). Points on the dashed line lose nothing; what matters for model selection is that the order is kept. Ranking agreement 1 = same order, 0 = every pair flipped (Jordon et al. 2018).',
    svg: await ctx.chart(spec, 'Model scores trained on real vs on synthetic'),
    list,
  };
}

function importanceBlock(sec: UtilityResult): BlockView | undefined {
  const fi = sec.featureImportance as FeatureImportanceResult | undefined; // the not-applicable shape is caught by isNotRun below
  if (fi === undefined) return undefined;
  const nr = isNotRun(fi);
  if (nr) return { id: 'utility-importance', title: 'Feature importance', notRun: nr };
  const feats = Array.isArray(fi.features) ? fi.features.filter(isObj) : [];
  const sorted = [...feats].sort((a, b) => (b.real ?? -Infinity) - (a.real ?? -Infinity));
  const list: string[] = [];
  const rho = measure(fi.spearman);
  if (rho) list.push(`Spearman ρ between the two importance orders: ${rho.value === null ? `— (${rho.reason ?? 'undefined'})` : fmtNum(rho.value)}`);
  if (typeof fi.topOverlap === 'number') list.push(`Top features shared: ${fmtNum(fi.topOverlap * 100, 3)}% (real: ${(fi.topReal ?? []).join(', ')}; synthetic: ${(fi.topSynthetic ?? []).join(', ')})`);
  return {
    id: 'utility-importance',
    title: `Feature importance (${String(fi.model ?? '')})`,
    note: 'Drop in holdout score when one feature is shuffled, for the model trained on real and on synthetic. Matching orders mean the synthetic data teaches the model the same signals.',
    table: table(['Feature', cell('Importance (real)', true), cell('Importance (synthetic)', true)], sorted.map((f) => [cell(f.name), numCell(f.real), numCell(f.synthetic)]), { max: 20, what: 'features' }),
    list,
  };
}

function inferentialBlock(sec: UtilityResult): BlockView | undefined {
  const inf = sec.inferential as InferentialResult | undefined; // the not-applicable shape is caught by isNotRun below
  if (inf === undefined) return undefined;
  const title = 'Inferential utility (confidence-interval overlap)';
  const nr = isNotRun(inf);
  if (nr) return { id: 'utility-inferential', title, notRun: nr };
  const coefs = Array.isArray(inf.coefficients) ? inf.coefficients.filter(isObj) : [];
  const list: string[] = [];
  const num = (x: unknown) => (typeof x === 'number' ? fmtNum(x) : '—');
  if ('meanOverlap' in inf) list.push(`Mean overlap ${num(inf.meanOverlap)} (clipped at 0: ${num(inf.meanOverlapClipped)}) over ${num(inf.defined)} of ${num(inf.total)} coefficients; same sign: ${typeof inf.signAgreement === 'number' ? fmtNum(inf.signAgreement * 100, 3) + '%' : '—'}.`);
  if (Array.isArray(inf.notes)) list.push(...inf.notes.map(String));
  const est = (f: CoefficientComparison['real']) => (isObj(f) ? `${fmtNum(f.value)}${Array.isArray(f.interval) ? ` ${fmtInterval(f.interval)}` : ''}` : '—');
  // worst overlaps first: those are the conclusions the synthetic data would change
  const sorted = [...coefs].sort((a, b) => (a.overlap?.raw ?? Infinity) - (b.overlap?.raw ?? Infinity));
  const rows = sorted.map((c) => [
    cell(c.name ?? ''),
    cell(est(c.real), true),
    cell(est(c.synthetic), true),
    cell(typeof c.overlap?.raw === 'number' ? fmtNum(c.overlap.raw) : `— ${c.overlap?.reason ?? ''}`.trim(), true),
    cell(c.signAgree === true ? 'yes' : c.signAgree === false ? 'NO' : '—'),
  ]);
  return {
    id: 'utility-inferential',
    title,
    note: `The same logistic regression (log-odds of “${String(inf.positiveClass ?? '')}”) fitted on the real and on the synthetic table; for each coefficient, how much the two ${typeof inf.confidence === 'number' ? fmtNum(inf.confidence * 100, 3) + '% ' : ''}confidence intervals overlap (Karr et al. 2006): 1 = identical intervals, 0 = they just touch, negative = apart (an analyst would reach a different conclusion). Higher is better; worst first.`,
    table: rows.length ? table(['Coefficient', cell('Real estimate [interval]', true), cell('Synthetic estimate [interval]', true), cell('Overlap', true), 'Same sign'], rows, { max: 25, what: 'coefficients', rowCls: (i) => (typeof sorted[i].overlap?.raw === 'number' && sorted[i].overlap.raw < 0 ? 'warn' : undefined) }) : undefined,
    list,
  };
}

export async function utilityView(ctx: RenderCtx, result: AuditResult): Promise<SectionView> {
  const sec = result?.utility;
  const view: SectionView = { id: 'utility', title: 'Utility', headlines: [], blocks: [], notes: [] };
  const nr = isNotRun(sec);
  if (nr) {
    view.notRun = nr;
    return view;
  }
  if (sec === undefined || isSkipped(sec)) return view; // isNotRun has returned already: this only narrows the type
  const metric = String(sec.primaryMetric ?? (Array.isArray(sec.metrics) ? sec.metrics[0] : ''));
  const higher = sec.higherIsBetter?.[metric] !== false;
  view.intro = `Does a model trained on the synthetic table predict ${sec.target ? `“${sec.target}”` : 'the target'} on real holdout rows as well as one trained on the real table? ${sec.task === 'regression' ? 'Regression' : 'Classification'}; main score: ${metricName(metric)} (${higher ? 'higher' : 'lower'} is better).`;
  const models = await modelsBlock(ctx, sec, metric, higher);
  // the dot plot and the ranking open; the score table and the rest folded
  const blocks = [models?.[0], await rankingBlock(ctx, sec, metric), models?.[1], importanceBlock(sec), inferentialBlock(sec)];
  view.blocks = blocks.filter((b): b is BlockView => b !== undefined);
  if (Array.isArray(sec.verdicts) && sec.verdicts.length) view.blocks.unshift({ id: 'utility-verdicts', title: 'Notes on the inputs', list: sec.verdicts.map(String) });
  const conv = sec.conventions;
  if (isObj(conv)) view.notes = Object.keys(conv).map((k) => ({ term: k, text: String(conv[k]) }));
  return view;
}
