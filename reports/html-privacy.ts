// The privacy part of the HTML report: distances to closest records (train vs holdout), membership-inference AUCs and
// ROC curves, the per-target shadow-model table, the empirical epsilon bound against the claim and control-based risks; read from attacks/.

import { COLORS, type VlSpec } from './charts.js';
import { fmtNum, fmtPct, isObj, field } from './util.js';
import type { AuditResult } from './result.js';
import type { PrivacyResult } from '../attacks/index.js';
import type { DistanceResult } from '../attacks/dcr.js';
import { RenderCtx, cell, numCell, ivCell, table, get, measure, isNotRun, ran, type SectionView, type BlockView, type Cell } from './view.js';

const Y_ATTACK = { field: 'attack', type: 'nominal', title: null, sort: null, axis: { labelLimit: 240 } };

async function dcrBlock(ctx: RenderCtx, dist: PrivacyResult['distance']): Promise<BlockView | undefined> {
  const nr = isNotRun(dist);
  if (nr) return { id: 'privacy-dcr', title: 'Distance to closest record', notRun: nr };
  if (!ran(dist)) return undefined; // isNotRun has returned already: this only narrows the type
  const dcr = dist.dcr;
  if (!isObj(dcr)) return undefined;
  const series: [keyof DistanceResult['dcr'], string][] = [
    ['syntheticToTrain', 'synthetic → train'],
    ['syntheticToHoldout', 'synthetic → holdout'],
    ['holdoutToTrain', 'holdout → train (baseline)'],
  ];
  const color = { domain: series.map((s) => s[1]), range: [COLORS.synthetic, COLORS.holdout, COLORS.real] };
  // histograms when the section provides them, else the quantile summaries it always gives
  const hist = series.map(([k, label]) => ({ label, h: dcr[k]?.histogram })).filter((x) => isObj(x.h) && Array.isArray(x.h.edges) && Array.isArray(x.h.counts));
  let svg;
  if (hist.length) {
    const values: { series: string; x0: number; x1: number; share: number }[] = [];
    for (const { label, h } of hist) {
      const total = h.counts.reduce((a: number, b: number) => a + b, 0) || 1;
      h.counts.forEach((c: number, i: number) => values.push({ series: label, x0: h.edges[i], x1: h.edges[i + 1], share: c / total }));
    }
    svg = await ctx.chart(
      {
        width: 420,
        height: 160,
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: { x: { field: 'x0', type: 'quantitative', title: 'Gower distance to the nearest row' }, y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '%' } }, color: { field: 'series', type: 'nominal', title: null, scale: color } },
      },
      'Histogram of distances to the closest record',
    );
  } else {
    const values = series
      .filter(([k]) => isObj(dcr[k]))
      .map(([k, label]) => ({ series: label, p05: dcr[k].p05, median: dcr[k].median, p95: dcr[k].p95, mean: dcr[k].mean }))
      .filter((v) => [v.p05, v.median, v.p95].every((x) => typeof x === 'number'));
    if (values.length) {
      svg = await ctx.chart(
        {
          width: 420,
          height: { step: 26 },
          data: { values },
          encoding: { y: { field: 'series', type: 'nominal', title: null, sort: null, axis: { labelLimit: 240 } }, color: { field: 'series', type: 'nominal', legend: null, scale: color } },
          layer: [
            { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'p05', type: 'quantitative', title: 'Gower distance to the nearest row (5th percentile – median – 95th percentile)' }, x2: { field: 'p95' } } },
            { mark: { type: 'point', filled: true, size: 70 }, encoding: { x: { field: 'median', type: 'quantitative' } } },
            { mark: { type: 'tick', thickness: 2, size: 14, color: '#222' }, encoding: { x: { field: 'mean', type: 'quantitative' } } },
          ],
        },
        'Distances to the closest record: synthetic to train, synthetic to holdout, holdout to train',
      );
    }
  }
  const rows = series.filter(([k]) => isObj(dcr[k])).map(([k, label]) => [cell(label), numCell(dcr[k].p05), numCell(dcr[k].median), numCell(dcr[k].mean), numCell(dcr[k].p95), cell(fmtPct(dcr[k].zeroShare, 2), true)]);
  const notes: string[] = Array.isArray(dist.notes) ? dist.notes.map(String) : [];
  return {
    id: 'privacy-dcr',
    title: 'Distance to closest record',
    note: `How far each synthetic row is from its nearest real row (Gower distance: 0 = identical, 1 = different in every column). If synthetic rows sit much closer to training rows than to holdout rows, the generator is reproducing the rows it saw. The holdout-to-train line shows how close a fresh sample of the population naturally is.${hist.length ? ' Each line is the share of rows per distance bin (same bins for all three).' : ' Dot = median, bar = 5th to 95th percentile, tick = mean.'}`,
    svg,
    table: rows.length ? table(['Distance', cell('5th pct', true), cell('Median', true), cell('Mean', true), cell('95th pct', true), cell('At distance 0', true)], rows) : undefined,
    list: notes,
  };
}

interface MiaEntry {
  name: string;
  auc: number | null;
  lo?: number;
  hi?: number;
  node: unknown;
}

function miaEntries(priv: PrivacyResult): MiaEntry[] {
  const out: MiaEntry[] = [];
  const add = (name: string, node: unknown) => {
    if (!isObj(node) || isNotRun(node)) return;
    const m = measure(node.auc);
    if (!m) return;
    out.push({ name, auc: m.value, lo: m.interval?.[0], hi: m.interval?.[1], node });
  };
  add('Distance MIA', field(priv.distance, 'mia'));
  add('DOMIAS', priv.domias);
  const targets = field(priv.shadowMia, 'targets');
  if (Array.isArray(targets)) targets.forEach((t: unknown, i: number) => add(`Shadow, target ${i + 1}${field(t, 'kind') ? ` (${field(t, 'kind')})` : ''}`, t));
  return out;
}

/** ROC points of an attack, if the section stores them: {fpr: [], tpr: []} or [{fpr, tpr}]. */
function rocOf(node: unknown): { fpr: number; tpr: number }[] | undefined {
  const r = field(node, 'roc');
  if (Array.isArray(r) && r.every((p) => isObj(p) && typeof p.fpr === 'number' && typeof p.tpr === 'number')) return r;
  if (isObj(r)) {
    const { fpr, tpr } = r;
    if (Array.isArray(fpr) && Array.isArray(tpr) && fpr.length === tpr.length) return fpr.map((f: number, i: number) => ({ fpr: f, tpr: tpr[i] }));
  }
  return undefined;
}

async function miaBlock(ctx: RenderCtx, priv: PrivacyResult): Promise<BlockView | undefined> {
  const entries = miaEntries(priv);
  if (!entries.length) {
    const reasons = [['distance MIA', priv.distance], ['DOMIAS', priv.domias], ['shadow-model MIA', priv.shadowMia]].map(([n, x]) => (isNotRun(x) ? `${n}: ${isNotRun(x)}` : '')).filter(Boolean);
    return reasons.length ? { id: 'privacy-mia', title: 'Membership inference', notRun: reasons.join('; ') } : undefined;
  }
  const values = entries.filter((e) => e.auc !== null).map((e) => ({ attack: e.name, auc: e.auc, lo: e.lo ?? null, hi: e.hi ?? null }));
  const svg = values.length
    ? await ctx.chart(
        {
          width: 420,
          height: { step: 18 },
          layer: [
            { data: { values: [{ x: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.floor }, encoding: { x: { field: 'x', type: 'quantitative' } } },
            { data: { values }, mark: { type: 'rule', color: COLORS.synthetic, strokeWidth: 2 }, encoding: { y: Y_ATTACK, x: { field: 'lo', type: 'quantitative', scale: { domain: [0.3, 1] }, title: 'ROC AUC (0.5 = coin toss)' }, x2: { field: 'hi' } } },
            { data: { values }, mark: { type: 'point', filled: true, size: 50, color: COLORS.synthetic }, encoding: { y: Y_ATTACK, x: { field: 'auc', type: 'quantitative' } } },
          ],
        },
        'Membership-inference AUC per attack with intervals',
      )
    : undefined;
  const rows = entries.map((e) => {
    const tprAtFpr = field(e.node, 'tprAtFpr');
    const t = Array.isArray(tprAtFpr) ? tprAtFpr.filter(isObj) : [];
    const tpr = (f: number) => {
      const x = t.find((p) => p.fpr === f);
      return x ? `${fmtPct(typeof x.value === 'number' ? x.value : null, 2)}${x.resolvable === false ? ' (unresolvable)' : ''}` : '';
    };
    return [cell(e.name), numCell(e.auc), cell(e.lo !== undefined && e.hi !== undefined ? `[${fmtNum(e.lo)}, ${fmtNum(e.hi)}]` : '', true), cell(tpr(0.01), true), cell(tpr(0.001), true)];
  });
  const block: BlockView = {
    id: 'privacy-mia',
    title: 'Membership inference',
    note: 'Can an attacker tell whether a person was in the training table? Each attack scores rows and is judged by ROC AUC (0.5 = a coin toss, 1 = perfect) and by its true-positive rate at a low false-positive rate (the baseline TPR equals the FPR). Lower is better. The dashed line marks 0.5.',
    svg,
    table: table(['Attack', cell('AUC', true), cell('Interval', true), cell('TPR at FPR 1%', true), cell('TPR at FPR 0.1%', true)], rows, { max: 30, what: 'attacks' }),
  };
  return block;
}

async function rocBlock(ctx: RenderCtx, priv: PrivacyResult): Promise<BlockView | undefined> {
  const curves = miaEntries(priv)
    .map((e) => ({ name: e.name, pts: rocOf(e.node) }))
    .filter((c) => c.pts && c.pts.length > 1)
    .slice(0, 6);
  if (!curves.length) return undefined;
  const values: { attack: string; fpr: number; tpr: number; i: number }[] = [];
  for (const c of curves) {
    // thin very long curves for size (keeps the shape; first and last points kept)
    const pts = c.pts!;
    const step = Math.max(1, Math.ceil(pts.length / 200));
    pts.forEach((p, i) => {
      if (i % step === 0 || i === pts.length - 1) values.push({ attack: c.name, fpr: p.fpr, tpr: p.tpr, i });
    });
  }
  // left: linear axes; right: both rates on log scales from 0.1%, where an attack that singles people out shows
  const LOW = 1e-3;
  const low = values.filter((v) => v.fpr >= LOW && v.tpr > 0).map((v) => ({ ...v, tpr: Math.max(v.tpr, LOW) }));
  const color = { field: 'attack', type: 'nominal', title: null, legend: { labelLimit: 0, orient: 'bottom', columns: 3 } };
  const panel = (log: boolean) => ({
    width: 260,
    height: 260,
    title: { text: log ? 'low false-positive rates (log scales)' : 'all thresholds', fontSize: 12 },
    layer: [
      {
        data: { values: log ? [{ x: LOW, y: LOW }, { x: 1, y: 1 }] : [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 3], color: '#bbb' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'false-positive rate', ...(log ? { scale: { type: 'log', domain: [LOW, 1] }, axis: { format: '~%' } } : {}) },
          y: { field: 'y', type: 'quantitative', title: 'true-positive rate', ...(log ? { scale: { type: 'log', domain: [LOW, 1] }, axis: { format: '~%' } } : {}) },
        },
      },
      { data: { values: log ? low : values }, mark: { type: 'line', strokeWidth: 1.5, clip: true }, encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' }, order: { field: 'i' }, color } },
    ],
  });
  const svg = await ctx.chart({ hconcat: [panel(false), panel(true)] }, 'ROC curves of the membership-inference attacks, linear and at low false-positive rates');
  return { id: 'privacy-roc', title: 'ROC curves', note: 'True-positive against false-positive rate over all thresholds; the dashed diagonal is guessing (TPR = FPR). Right: the same curves on log scales from an FPR of 0.1%, where an attack that recognises a few people stands out from the diagonal even when its AUC is near 0.5. Curves hugging the diagonal are good news.', svg };
}

async function shadowBlock(ctx: RenderCtx, priv: PrivacyResult): Promise<BlockView[]> {
  const sm = priv.shadowMia;
  if (sm === undefined) return [];
  const nr = isNotRun(sm);
  if (nr) return [{ id: 'privacy-shadow', title: 'Shadow-model attack on chosen records', notRun: nr }];
  if (!ran(sm)) return []; // isNotRun has returned already: this only narrows the type
  const targets = Array.isArray(sm.targets) ? sm.targets.filter(isObj) : [];
  const out: BlockView[] = [];
  const rows = targets.map((t, i: number) => {
    const auc = measure(t.auc);
    const adv = measure(t.advantage);
    const t1 = Array.isArray(t.tprAtFpr) ? t.tprAtFpr.find((p) => isObj(p) && p.fpr === 0.01) : undefined;
    return [
      cell(`${i + 1}`),
      cell(t.kind ?? ''),
      numCell(t.vulnerability),
      numCell(auc?.value),
      ivCell(auc?.interval),
      numCell(adv?.value),
      cell(t1 ? fmtPct(t1.value, 1) : '', true),
      numCell(t.epsilon?.epsilonLb),
    ];
  });
  const s = sm.settings ?? {};
  const gen = isObj(s.generator) ? `${s.generator.name ?? '?'}${isObj(s.generator.options) && Object.keys(s.generator.options).length ? ` ${JSON.stringify(s.generator.options)}` : ''}` : 'the given generator';
  out.push({
    id: 'privacy-shadow',
    title: 'Shadow-model attack on chosen records',
    note: `The attacker knows the generator (${gen}) and holds population data. For each target record it trains a classifier on ${fmtNum(s.nTrainSets)} synthetic datasets made with and without that record, then guesses on ${fmtNum(s.nTestSets)} fresh ones (Stadler et al. 2022; targets chosen as the most isolated records, Meeus et al. 2023). AUC 0.5 and advantage 0 mean the release says nothing about the record. Lower is better.`,
    table: table(['Target', 'Chosen as', cell('Isolation', true), cell('AUC', true), cell('Interval', true), cell('Advantage', true), cell('TPR at FPR 1%', true), cell('ε lower bound', true)], rows, {
      rowCls: (i) => {
        const a = measure(targets[i].auc);
        return a?.interval && a.interval[0] > 0.5 ? 'warn' : undefined;
      },
    }),
    list: Array.isArray(s.notes) ? s.notes.map(String) : [],
  });
  // epsilon lower bound per target against the claim
  const claim = isObj(s.claim) && s.claim.kind === 'dp' && typeof s.claim.epsilon === 'number' ? s.claim.epsilon : null;
  const eps = targets.map((t, i: number) => ({ target: `target ${i + 1}`, eps: t.epsilon?.epsilonLb })).filter((e) => typeof e.eps === 'number');
  const dp = sm.dpCheck;
  const list: string[] = [];
  if (isObj(dp)) {
    const cap = typeof dp.cap === 'number' ? ` The largest bound these settings can report is ${fmtNum(dp.cap)} (every test set classified right).` : '';
    if (dp.status === 'untestable' || dp.violation === null) {
      list.push(`CANNOT BE TESTED WITH THESE SETTINGS: the claimed ε = ${fmtNum(dp.claimedEpsilon)} is at or above what the attack can ever certify, so "no violation" says nothing.${cap}${typeof dp.testSetsNeeded === 'number' ? ` Testing it needs at least ${fmtNum(dp.testSetsNeeded)} test sets per target.` : ''}`);
    } else {
      list.push(`${dp.violation ? 'VIOLATION: ' : 'Not contradicted: '}worst ε lower bound ${fmtNum(dp.worstEpsilonLb)} against the claimed ε = ${fmtNum(dp.claimedEpsilon)}.${cap} ${String(dp.note ?? '')}`.trim());
    }
  }
  else list.push(claim === null ? 'The generator makes no differential-privacy claim, so there is no ε to check against.' : '');
  if (eps.length) {
    const yT = { field: 'target', type: 'nominal', title: null, sort: null };
    const layers: VlSpec[] = [{ data: { values: eps }, mark: { type: 'bar', color: COLORS.synthetic, height: 10 }, encoding: { y: yT, x: { field: 'eps', type: 'quantitative', title: 'empirical ε lower bound', scale: { zero: true, ...(claim !== null ? { domainMax: Math.max(claim * 1.1, ...eps.map((e) => e.eps)) } : {}) } } } }];
    if (claim !== null) layers.push({ data: { values: [{ c: claim }] }, mark: { type: 'rule', color: COLORS.fail, strokeWidth: 2 }, encoding: { x: { field: 'c', type: 'quantitative' } } });
    // the cap: the largest bound the settings can give (dashed); a claim right of it cannot be contradicted
    if (isObj(dp) && typeof dp.cap === 'number') layers.push({ data: { values: [{ c: dp.cap }] }, mark: { type: 'rule', color: '#555', strokeWidth: 1, strokeDash: [4, 3] }, encoding: { x: { field: 'c', type: 'quantitative' } } });
    out.push({
      id: 'privacy-epsilon',
      title: 'Empirical ε lower bound vs the claim',
      note: 'Each bar is a statistical lower bound on ε from the attack on one target (Jagielski et al. 2020; Nasr et al. 2021): the true ε of the generator cannot be below it (at the stated confidence). A bar past the red line, the claimed ε, means the claim is false. The dashed line is the largest bound these settings can give: a claim at or beyond it cannot be tested. 0 = the attack certified nothing.',
      svg: await ctx.chart({ width: 420, height: { step: 16 }, layer: layers }, 'Empirical epsilon lower bound per target against the claimed epsilon'),
      list: list.filter(Boolean),
    });
  }
  return out;
}

async function riskBlock(ctx: RenderCtx, priv: PrivacyResult): Promise<BlockView | undefined> {
  // [table name, short chart label (vega estimates label widths generously), result]
  const attacks: [string, string, unknown][] = [
    ['Attribute inference (nearest neighbour)', 'inference (NN)', priv.inference],
    ['Attribute inference (model)', 'inference (model)', priv.modelInference],
    ['Singling out (one column)', 'singling out (1 col.)', priv.singlingOut?.univariate],
    ['Singling out (several columns)', 'singling out (multi)', priv.singlingOut?.multivariate],
    ['Linkability', 'linkability', priv.linkability],
  ];
  const rows: Cell[][] = [];
  const values: { attack: string; risk: number; lo: number | null; hi: number | null }[] = [];
  const notRun: string[] = [];
  for (const [name, short, a] of attacks) {
    if (a === undefined) continue;
    const nr = isNotRun(a);
    if (nr) {
      notRun.push(`${name}: not run (${nr})`);
      continue;
    }
    const tr = measure(field(a, 'train'));
    const co = measure(field(a, 'control'));
    const risk = field(a, 'risk') === null ? null : measure(field(field(a, 'risk'), 'clipped') ?? field(a, 'risk'));
    const secret = field(a, 'secret');
    rows.push([cell(name + (secret ? ` — secret “${secret}”` : '')), numCell(tr?.value), ivCell(tr?.interval), numCell(co?.value), ivCell(co?.interval), numCell(risk?.value), ivCell(risk?.interval)]);
    if (risk && risk.value !== null) values.push({ attack: short, risk: risk.value, lo: risk.interval?.[0] ?? null, hi: risk.interval?.[1] ?? null });
  }
  if (!rows.length && !notRun.length) return undefined;
  const svg = values.length
    ? await ctx.chart(
        {
          width: 420,
          height: { step: 22 },
          data: { values },
          encoding: { y: Y_ATTACK },
          layer: [
            { mark: { type: 'rule', color: COLORS.synthetic, strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative', scale: { domain: [0, 1] }, title: 'risk (0 = no more than for people not in the data)' }, x2: { field: 'hi' } } },
            { mark: { type: 'point', filled: true, size: 50, color: COLORS.synthetic }, encoding: { x: { field: 'risk', type: 'quantitative' } } },
          ],
        },
        'Attack risks with intervals',
      )
    : undefined;
  return {
    id: 'privacy-risk',
    title: 'Attribute inference, singling out and linkability',
    note: 'Each attack runs on training rows and, as a control, on holdout rows the generator never saw (Giomi et al. 2023). Risk = (success on training − success on control) / (1 − success on control), clipped to [0, 1]: 0 means the synthetic data tells the attacker no more about people in the training data than about anyone else. Lower is better.',
    svg,
    table: rows.length ? table(['Attack', cell('Success on training rows', true), cell('Interval', true), cell('Success on control rows', true), cell('Interval', true), cell('Risk', true), cell('Interval', true)], rows) : undefined,
    list: notRun,
  };
}

function shadowAiaBlock(priv: PrivacyResult): BlockView | undefined {
  const sa = priv.shadowAia;
  if (sa === undefined) return undefined;
  const nr = isNotRun(sa);
  if (nr) return { id: 'privacy-shadow-aia', title: 'Shadow-model attribute inference', notRun: nr };
  if (!ran(sa)) return undefined; // isNotRun has returned already: this only narrows the type
  const targets = Array.isArray(sa.targets) ? sa.targets.filter(isObj) : [];
  const rows = targets.map((t, i: number) => {
    const acc = measure(t.accuracy);
    const base = measure(t.baseline);
    return [cell(`${i + 1}`), cell(t.kind ?? ''), numCell(acc?.value), ivCell(acc?.interval), numCell(base?.value), cell(Array.isArray(t.candidates) ? String(t.candidates.length) : '', true)];
  });
  const s = sa.summary ?? {};
  return {
    id: 'privacy-shadow-aia',
    title: `Shadow-model attribute inference${sa.settings?.secret ? ` (secret “${sa.settings.secret}”)` : ''}`,
    note: "An attacker who knows the generator and all of a target's other columns guesses its secret among a few candidates. Compare accuracy with the prior-guess baseline; the gap is what the release leaks. Lower is better.",
    table: table(['Target', 'Chosen as', cell('Accuracy', true), cell('Interval', true), cell('Prior-guess baseline', true), cell('Candidates', true)], rows),
    list: typeof s.meanAccuracy === 'number' ? [`Mean accuracy ${fmtPct(s.meanAccuracy)} against a baseline of ${fmtPct(s.meanBaseline)} (gain ${fmtPct(s.meanGain)}).`] : [],
  };
}

export async function privacyView(ctx: RenderCtx, result: AuditResult): Promise<SectionView> {
  const priv = result?.privacy;
  const view: SectionView = { id: 'privacy', title: 'Privacy', headlines: [], blocks: [], notes: [] };
  const nr = isNotRun(priv);
  if (nr) {
    view.notRun = nr;
    return view;
  }
  if (!ran(priv)) return view; // isNotRun has returned already: this only narrows the type
  view.intro = 'Could someone learn about the people in the training table from the synthetic table? Every attack below runs twice: on the training rows (members) and on holdout rows the generator never saw (the baseline). Only the gap between the two is a privacy leak.';
  const blocks: (BlockView | undefined)[] = [await dcrBlock(ctx, priv.distance), await miaBlock(ctx, priv), await rocBlock(ctx, priv), ...(await shadowBlock(ctx, priv)), await riskBlock(ctx, priv), shadowAiaBlock(priv)];
  view.blocks = blocks.filter((b): b is BlockView => b !== undefined);
  const conv = get(priv, 'conventions');
  if (isObj(conv)) view.notes = Object.keys(conv).map((k) => ({ term: k, text: String(conv[k]) }));
  return view;
}
