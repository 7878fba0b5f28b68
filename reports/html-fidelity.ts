// The fidelity part of the HTML report: headline numbers beside their holdout floors, per-column TVD bars, worst
// pairs, the Cramér's V change heat map, numeric distributions and plausibility checks, read from metrics/fidelity's result.

import { COLORS } from './charts.js';
import { fmtNum, fmtPct, isObj, field } from './util.js';
import { RenderCtx, cell, numCell, ivCell, table, get, measure, isNotRun, type SectionView, type BlockView, type Cell } from './view.js';
import { fidelityMeaning } from './model.js';
import type { AuditResult } from './result.js';
import type { FidelityResult } from '../metrics/fidelity/index.js';

async function tvdBars(ctx: RenderCtx, sec: FidelityResult): Promise<BlockView | undefined> {
  const cols = get(sec, 'columns');
  if (!Array.isArray(cols) || cols.length === 0) return undefined;
  const rows = cols
    .filter((c: unknown): c is Record<string, unknown> & { name: string } => isObj(c) && typeof c.name === 'string')
    .map((c) => {
      const m = measure(c.tvd);
      return { column: c.name, tvd: m?.value ?? null, lo: m?.interval?.[0] ?? null, hi: m?.interval?.[1] ?? null, floor: m?.baseline ?? null };
    })
    .filter((r): r is typeof r & { tvd: number } => r.tvd !== null);
  if (rows.length === 0) return undefined;
  rows.sort((a, b) => b.tvd - a.tvd);
  const MAX = 30;
  const shown = rows.slice(0, MAX);
  const spec = {
    width: 420,
    height: { step: 16 },
    data: { values: shown },
    encoding: { y: { field: 'column', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'bar', color: COLORS.synthetic, height: 10 }, encoding: { x: { field: 'tvd', type: 'quantitative', title: 'TVD (real vs synthetic)', scale: { zero: true } } } },
      { mark: { type: 'rule', color: '#7b341e' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      { mark: { type: 'tick', color: COLORS.floor, thickness: 2, size: 14 }, encoding: { x: { field: 'floor', type: 'quantitative' } } },
    ],
  };
  const svg = await ctx.chart(spec, 'Per-column TVD, synthetic vs real, with the holdout floor');
  return {
    id: 'fidelity-columns',
    title: 'Per-column distance (1-way TVD)',
    note: 'Each bar is one column: how far its synthetic distribution is from the real one (0 = identical). The thin line is the bootstrap interval; the dark tick is the holdout floor, the distance a fresh sample of the population shows. Bars well past their tick point at columns the generator did not learn.',
    svg,
    caption: rows.length > MAX ? `The ${MAX} worst of ${rows.length} columns.` : undefined,
  };
}

function worstPairsBlock(sec: FidelityResult): BlockView | undefined {
  const w = get(sec, 'pairs.tvd.worst');
  if (!Array.isArray(w) || w.length === 0) return undefined;
  const rows = w.filter(isObj).map((p) => {
    const m = measure(p);
    return [cell(p.a), cell(p.b), numCell(m?.value), ivCell(m?.interval), numCell(m?.baseline)];
  });
  return {
    id: 'fidelity-pairs',
    title: 'Worst column pairs (2-way TVD)',
    note: 'Pairs whose joint distribution moved furthest from the real one. Lower is better; the floor is what a fresh sample shows for the same pair.',
    table: table(['Column A', 'Column B', cell('2-way TVD', true), cell('Interval', true), cell('Holdout floor', true)], rows),
  };
}

async function cramerHeatmap(ctx: RenderCtx, sec: FidelityResult): Promise<BlockView | undefined> {
  // read loosely: older results lack the diff matrix (unknown, narrowed field by field)
  const mats = get(sec, 'cramersV.matrices');
  const kind = isObj(field(mats, 'corrected')) ? 'corrected' : isObj(field(mats, 'uncorrected')) ? 'uncorrected' : undefined;
  const names: unknown = field(mats, 'columns');
  if (!kind || !Array.isArray(names)) return undefined;
  const real = field(field(mats, kind), 'real');
  const syn = field(field(mats, kind), 'synthetic');
  // the section's own diff matrix (synthetic - real) when it gives one
  const diffMatrix = field(field(mats, kind), 'diff');
  const given: unknown[] | undefined = Array.isArray(diffMatrix) ? diffMatrix : undefined;
  if (!given && (!Array.isArray(real) || !Array.isArray(syn))) return undefined;
  const d = names.length;
  // at most 15 columns: those in the worst-changed pairs first, then the rest in table order
  const worst = get(sec, `cramersV.${kind}.worst`);
  const order: number[] = [];
  const add = (nm: unknown) => {
    const j = (names as unknown[]).indexOf(nm);
    if (j >= 0 && !order.includes(j)) order.push(j);
  };
  if (Array.isArray(worst)) for (const w of worst) if (isObj(w)) (add(w.a), add(w.b));
  for (let j = 0; j < d; j++) add(names[j]);
  const keep = order.slice(0, 15).sort((a, b) => a - b);
  const values: { a: string; b: string; ai: number; bi: number; diff: number | null; real: number | null; synthetic: number | null }[] = [];
  let maxAbs = 0.05;
  for (const [ai, i] of keep.entries())
    for (const [bi, j] of keep.entries()) {
      let diff: number | null;
      if (given) {
        const g = field(given[i], j);
        diff = typeof g === 'number' ? g : null;
      } else {
        // older results without the diff matrix: the section defines diff = V(synthetic) - V(real)
        const r = field(field(real, i), j);
        const s = field(field(syn, i), j);
        diff = typeof r === 'number' && typeof s === 'number' ? s - r : null;
      }
      if (diff !== null) maxAbs = Math.max(maxAbs, Math.abs(diff));
      const rv = field(field(real, i), j);
      const sv = field(field(syn, i), j);
      values.push({ a: String(names[i]), b: String(names[j]), ai, bi, diff, real: typeof rv === 'number' ? rv : null, synthetic: typeof sv === 'number' ? sv : null });
    }
  // axis order by position, not by a list of names: vega turns a sort list into an object keyed by the names, and a
  // column called "constructor" or "toString" then breaks it
  const sortBy = (field: string) => ({ field, op: 'min' });
  const cellSize = keep.length > 10 ? 12 : 16;
  const heat = (fieldName: 'real' | 'synthetic' | 'diff', title: string, showY: boolean, color: Record<string, unknown>) => ({
    title: { text: title, fontSize: 12 },
    width: { step: cellSize },
    height: { step: cellSize },
    mark: { type: 'rect', stroke: '#fff', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'b', type: 'nominal', sort: sortBy('bi'), title: null, axis: { labelAngle: -45, labelLimit: 0, labelFontSize: 9 } },
      y: { field: 'a', type: 'nominal', sort: sortBy('ai'), title: null, axis: showY ? { labelLimit: 0, labelFontSize: 9 } : null },
      color: { field: fieldName, type: 'quantitative', ...color, condition: { test: `datum.${fieldName} === null`, value: '#f0f0f0' } },
    },
  });
  const vScale = { scale: { scheme: 'blues', domain: [0, 1] } };
  // the real and the synthetic matrix side by side, then their difference
  const spec = {
    data: { values },
    hconcat: [
      heat('real', "V real", true, { ...vScale, legend: null }),
      heat('synthetic', "V synthetic", false, { ...vScale, title: "Cramér's V", legend: { orient: 'bottom', gradientLength: 100 } }),
      heat('diff', 'synthetic − real', false, { title: 'V(syn) − V(real)', scale: { scheme: 'redblue', domain: [-maxAbs, maxAbs], reverse: true }, legend: { orient: 'bottom', gradientLength: 100 } }),
    ],
    resolve: { scale: { color: 'independent' } },
  };
  const svg = await ctx.chart(spec, "Change in Cramér's V between pairs of columns");
  const tableRows: Cell[][] = Array.isArray(worst)
    ? worst.filter(isObj).map((w) => [cell(w.a), cell(w.b), numCell(w.real), numCell(w.synthetic), numCell(w.holdout), numCell(w.diff)])
    : [];
  return {
    id: 'fidelity-cramer',
    title: `Association change (Cramér's V${kind === 'corrected' ? ', bias-corrected' : ''})`,
    note: "Each cell is a pair of columns. Left: the association (Cramér's V) in the real table; middle: in the synthetic table; right: their difference, red where the synthetic data makes the association stronger, blue where weaker, white where unchanged. Grey cells are undefined (a column with fewer than two levels present).",
    svg,
    // a wide table's results keep only the columns of the most-changed pairs (fidelity.summarised): count all of them
    caption: (typeof sec?.summarised?.columns === 'number' ? sec.summarised.columns : d) > keep.length ? `${keep.length} of ${typeof sec?.summarised?.columns === 'number' ? sec.summarised.columns : d} columns (those in the most-changed pairs first).` : undefined,
    table: tableRows.length ? table(['Column A', 'Column B', cell('V real', true), cell('V synthetic', true), cell('V holdout', true), cell('Synthetic − real', true)], tableRows) : undefined,
  };
}

/** Per-code counts of a column, if the fidelity section provides them (several layouts accepted). */
function distributionOf(c: unknown): { labels: string[]; real: number[]; synthetic: number[]; holdout?: number[] } | undefined {
  for (const k of ['counts', 'distribution', 'histogram']) {
    const h = field(c, k);
    if (!isObj(h)) continue;
    const labels = h.labels ?? h.bins ?? h.cells ?? h.codes;
    if (!Array.isArray(labels) || !Array.isArray(h.real) || !Array.isArray(h.synthetic)) continue;
    if (h.real.length !== labels.length || h.synthetic.length !== labels.length) continue;
    return { labels: labels.map(String), real: h.real, synthetic: h.synthetic, holdout: Array.isArray(h.holdout) && h.holdout.length === labels.length ? h.holdout : undefined };
  }
  return undefined;
}

async function distributions(ctx: RenderCtx, sec: FidelityResult): Promise<BlockView | undefined> {
  const cols = get(sec, 'columns');
  if (!Array.isArray(cols)) return undefined;
  const numeric = cols.filter((c: unknown): c is Record<string, unknown> => isObj(c) && c.kind === 'numeric');
  if (numeric.length === 0) return undefined;
  const withCounts = numeric.map((c) => ({ c, d: distributionOf(c) })).filter((x): x is { c: Record<string, unknown>; d: NonNullable<ReturnType<typeof distributionOf>> } => x.d !== undefined);
  if (withCounts.length) {
    const values: { column: unknown; bin: number; label: string; source: string; share: number }[] = [];
    const MAXC = 6;
    const hasHoldout = withCounts.some(({ d }) => d.holdout !== undefined);
    for (const { c, d } of withCounts.slice(0, MAXC)) {
      const tot = (xs: number[]) => xs.reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) || 1;
      const sources: [string, number[] | undefined][] = [['real', d.real], ['synthetic', d.synthetic], ['holdout', d.holdout]];
      // counts -> shares for display (the section gives counts on the shared Domain bins); empty trailing bins (no missing values) left out
      const used = d.labels.map((_, i) => d.real[i] + d.synthetic[i] + (d.holdout?.[i] ?? 0) > 0);
      for (const [source, xs] of sources) {
        if (!xs) continue;
        const t = tot(xs);
        d.labels.forEach((lab: string, i: number) => {
          if (used[i]) values.push({ column: c.name, bin: i, label: lab, source, share: xs[i] / t });
        });
      }
    }
    const domain = hasHoldout ? ['real', 'synthetic', 'holdout'] : ['real', 'synthetic'];
    const spec = {
      data: { values },
      facet: { field: 'column', type: 'nominal', title: null, sort: null, header: { labelLimit: 0, labelFontWeight: 'bold' } },
      columns: 2,
      resolve: { scale: { x: 'independent', y: 'independent' } },
      spec: {
        width: 380,
        height: 110,
        mark: { type: 'line', interpolate: 'step', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'label', type: 'ordinal', sort: { field: 'bin', op: 'min' }, title: "bin (the real table's quantiles)", axis: { labelAngle: -60, labelLimit: 0, labelFontSize: 8 } },
          y: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '%', tickCount: 3 } },
          color: { field: 'source', type: 'nominal', title: null, sort: domain, scale: { domain, range: [COLORS.real, COLORS.synthetic, COLORS.holdout].slice(0, domain.length) } },
          strokeDash: { field: 'source', type: 'nominal', sort: domain, legend: null, scale: { domain, range: [[1, 0], [1, 0], [3, 2]].slice(0, domain.length) } },
        },
      },
    };
    return {
      id: 'fidelity-numeric',
      title: 'Numeric columns: real vs synthetic vs holdout',
      note: "Share of rows in each bin of the real table's quantiles (labelled with its range; '(missing)' holds missing values). Matching lines mean matching distributions; the dashed holdout line shows how much a fresh sample differs by chance.",
      svg: await ctx.chart(spec, 'Distributions of numeric columns, real vs synthetic'),
      caption: withCounts.length > MAXC ? `${MAXC} of ${withCounts.length} numeric columns.` : undefined,
    };
  }
  // no counts in the results: the per-column distances still tell the story
  const rows = numeric.map((c) => {
    const ks = measure(c.ks);
    const w1 = measure(c.wasserstein);
    return [cell(c.name), numCell(ks?.value), numCell(ks?.baseline), numCell(w1?.value), numCell(w1?.baseline)];
  });
  return {
    id: 'fidelity-numeric',
    title: 'Numeric columns: real vs synthetic',
    note: 'KS: largest gap between the cumulative distributions; W1/range: average shift as a share of the real range. Lower is better; compare each with its holdout floor.',
    table: table(['Column', cell('KS', true), cell('KS floor', true), cell('W1/range', true), cell('W1 floor', true)], rows),
  };
}

/** Categories shown per column in the categorical chart; the rest are summed into "other". */
export const TOP_CATEGORIES = 8;
/** Categorical columns charted (worst 1-way TVD first). */
export const MAX_CATEGORICAL_CHARTS = 6;

/**
 * Shares of real, synthetic and holdout rows per category, the most frequent real categories first, the rest summed
 * into "(other)"; every label kept whole (no truncation: the chart widens instead).
 */
export function categoryShares(d: { labels: string[]; real: number[]; synthetic: number[]; holdout?: number[] }, top = TOP_CATEGORIES): { label: string; source: string; share: number }[] {
  const tot = (xs: number[]) => xs.reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) || 1;
  const sources: [string, number[]][] = [['real', d.real], ['synthetic', d.synthetic]];
  if (d.holdout) sources.push(['holdout', d.holdout]);
  const order = d.labels.map((_, i) => i).filter((i) => d.real[i] + d.synthetic[i] + (d.holdout?.[i] ?? 0) > 0);
  order.sort((a, b) => d.real[b] - d.real[a] || a - b);
  const shown = order.slice(0, top);
  const rest = order.slice(top);
  const out: { label: string; source: string; share: number }[] = [];
  for (const [source, xs] of sources) {
    const t = tot(xs);
    for (const i of shown) out.push({ label: d.labels[i], source, share: xs[i] / t });
    if (rest.length) out.push({ label: `(other: ${rest.length})`, source, share: rest.reduce((a, i) => a + xs[i], 0) / t });
  }
  return out;
}

async function categoricalDistributions(ctx: RenderCtx, sec: FidelityResult): Promise<BlockView | undefined> {
  const cols = get(sec, 'columns');
  if (!Array.isArray(cols)) return undefined;
  const cat = cols
    .filter((c: unknown): c is Record<string, unknown> => isObj(c) && c.kind === 'categorical')
    .map((c) => ({ c, d: distributionOf(c), tvd: measure(c.tvd)?.value ?? -1 }))
    .filter((x) => x.d !== undefined)
    .sort((a, b) => b.tvd - a.tvd);
  if (!cat.length) return undefined;
  const values: { column: string; rank: number; label: string; source: string; share: number }[] = [];
  cat.slice(0, MAX_CATEGORICAL_CHARTS).forEach(({ c, d }, rank) => {
    for (const v of categoryShares(d!)) values.push({ column: `${String(c.name)} (TVD ${fmtNum(measure(c.tvd)?.value)})`, rank, ...v });
  });
  const hasHoldout = values.some((v) => v.source === 'holdout');
  const domain = hasHoldout ? ['real', 'synthetic', 'holdout'] : ['real', 'synthetic'];
  const spec = {
    data: { values },
    facet: { field: 'column', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' }, header: { labelLimit: 0, labelFontWeight: 'bold' } },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 170,
      height: { step: 8 },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
        yOffset: { field: 'source', type: 'nominal', sort: domain },
        x: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '%', tickCount: 4 } },
        color: { field: 'source', type: 'nominal', title: null, sort: domain, scale: { domain, range: [COLORS.real, COLORS.synthetic, COLORS.holdout].slice(0, domain.length) } },
      },
    },
  };
  return {
    id: 'fidelity-categorical',
    title: 'Categorical columns: real vs synthetic vs holdout',
    note: `Share of rows per category for the ${MAX_CATEGORICAL_CHARTS} categorical columns with the largest 1-way TVD, worst first; the ${TOP_CATEGORIES} most frequent real categories, the rest summed as "other". The holdout bars show how much a fresh sample differs by chance.`,
    svg: await ctx.chart(spec, 'Distributions of categorical columns, real vs synthetic vs holdout'),
    caption: cat.length > MAX_CATEGORICAL_CHARTS ? `${MAX_CATEGORICAL_CHARTS} of ${cat.length} categorical columns.` : undefined,
  };
}

/** A detection AUC below this is "well below 0.5" and gets a sentence on what it means. */
export const LOW_DETECTION_AUC = 0.4;

function pmseBlock(sec: FidelityResult): BlockView | undefined {
  const p: unknown = get(sec, 'pmse');
  if (p === undefined) return undefined;
  const nr = isNotRun(p);
  if (nr) return { id: 'fidelity-pmse', title: 'Propensity score (pMSE)', notRun: nr };
  const summary = field(p, 'summary');
  const items = Array.isArray(summary) ? summary.filter(isObj) : [];
  const rows = items.map((it) => {
    const m = measure(it);
    return [cell(it.metric ?? ''), numCell(m?.value), ivCell(m?.interval), numCell(m?.baseline), cell(fidelityMeaning(String(it.metric ?? ''), typeof it.better === 'string' ? it.better : undefined))];
  });
  let note = 'A classifier tries to tell synthetic rows from real ones. pMSE near its null expectation (ratio ≈ 1) means it cannot.';
  const syn = get(p, 'synthetic');
  const treeAuc = get(get(syn, 'tree'), 'cvAuc');
  if (typeof treeAuc === 'number' && treeAuc < LOW_DETECTION_AUC) {
    note += ` The tree's detection AUC of ${fmtNum(treeAuc)} is well below 0.5: held out, the tree calls real rows synthetic and synthetic rows real more often than chance. That is what copies do: a synthetic row identical to a real one sits in the training folds with the other label, so each is predicted as its twin's table. Read it as "real and synthetic rows coincide" (check the exact-copy rate under privacy), not as "better than a fresh sample".`;
  }
  const merged = get(get(syn, 'logistic'), 'notes');
  if (Array.isArray(merged) && merged.length) note += ` S_pMSE (logit): ${merged.map(String).join('; ')}.`;
  return {
    id: 'fidelity-pmse',
    title: 'Propensity score (pMSE)',
    note,
    table: rows.length ? table(['Measure', cell('Value', true), cell('Interval', true), cell('Floor', true), 'Reading'], rows) : undefined,
  };
}

export async function fidelityView(ctx: RenderCtx, result: AuditResult): Promise<SectionView> {
  const sec = result?.fidelity;
  const view: SectionView = { id: 'fidelity', title: 'Fidelity', headlines: [], blocks: [], notes: [] };
  const nr = isNotRun(sec);
  if (nr) {
    view.notRun = nr;
    return view;
  }
  if (sec === undefined) return view; // isNotRun has returned already: this only narrows the type
  const rows = get(sec, 'rows');
  view.intro = `How closely the synthetic table reproduces the real one, column by column and pair by pair. Every distance sits beside its holdout floor: the same distance between the real table and ${isObj(rows) && typeof rows.holdout === 'number' ? `the ${fmtNum(rows.holdout)}-row holdout` : 'the holdout'}, which is what sampling noise alone gives. Synthetic data cannot be expected to beat its floor by much; far above it is a real gap.`;
  const blocks = [await tvdBars(ctx, sec), await categoricalDistributions(ctx, sec), worstPairsBlock(sec), await cramerHeatmap(ctx, sec), await distributions(ctx, sec), pmseBlock(sec)];
  view.blocks = blocks.filter((b): b is BlockView => b !== undefined);
  const conv = get(sec, 'conventions');
  if (isObj(conv)) view.notes = Object.keys(conv).map((k) => ({ term: k, text: String(conv[k]) }));
  return view;
}

/** Plausibility checks the fidelity section ran (out-of-range, unseen categories, user constraints). */
export function plausibilityBlocks(result: AuditResult, showExamples: boolean): BlockView[] {
  const checks = result.fidelity?.checks;
  const out: BlockView[] = [];
  const exNote = showExamples ? '' : ' Example values are hidden (synthetic rows can reproduce real ones); render with showExamples to include them.';
  if (isObj(checks)) {
    const oorAll = Array.isArray(checks.outOfRange) ? checks.outOfRange.filter(isObj) : [];
    // only columns where something strayed; a clean check is one line
    const oor = oorAll.filter((c) => (c.below ?? 0) + (c.above ?? 0) + (c.holdoutCount ?? 0) > 0);
    if (oorAll.length && !oor.length) out.push({ id: 'data-range', title: 'Numeric values outside the real range', list: [`No synthetic or holdout value outside the real range (${oorAll.length} numeric column${oorAll.length === 1 ? '' : 's'} checked).`] });
    if (oor.length) {
      const rows = oor.map((c) => [
        cell(c.column),
        cell(`[${fmtNum(c.realMin)}, ${fmtNum(c.realMax)}]`),
        numCell(c.below),
        numCell(c.above),
        cell(fmtPct(c.rate, 2), true),
        cell(fmtPct(c.holdoutRate, 2), true),
        cell(showExamples && Array.isArray(c.examples) ? c.examples.map((e) => `row ${e.row}: ${fmtNum(e.value)}`).join('; ') : ''),
      ]);
      out.push({
        id: 'data-range',
        title: 'Numeric values outside the real range',
        note: `Synthetic cells below the real minimum or above the real maximum, beside the same rate on the holdout (a fresh sample strays a little too).${exNote}`,
        table: table(['Column', 'Real range', cell('Below', true), cell('Above', true), cell('Synthetic rate', true), cell('Holdout rate', true), 'Examples'], rows, { rowCls: (i) => (oor[i].rate > (oor[i].holdoutRate ?? 0) ? 'warn' : undefined) }),
      });
    }
    const ucAll = Array.isArray(checks.unseenCategories) ? checks.unseenCategories.filter(isObj) : [];
    const uc = ucAll.filter((c) => (c.count ?? 0) + (c.holdoutCount ?? 0) > 0);
    if (ucAll.length && !uc.length) out.push({ id: 'data-unseen-checks', title: 'Synthetic categories the real table never had', list: [`None: every synthetic and holdout category occurs in the real table (${ucAll.length} categorical column${ucAll.length === 1 ? '' : 's'} checked).`] });
    if (uc.length) {
      const rows = uc.map((c) => [cell(c.column), numCell(c.count), cell(fmtPct(c.rate, 2), true), numCell(c.holdoutCount), cell(showExamples && Array.isArray(c.examples) ? c.examples.map((e) => `${e.value} (row ${e.row})`).join('; ') : '')]);
      out.push({ id: 'data-unseen-checks', title: 'Synthetic categories the real table never had', note: `Cells in categories absent from the real table, with the holdout count beside them.${exNote}`, table: table(['Column', cell('Synthetic cells', true), cell('Rate', true), cell('Holdout cells', true), 'Examples'], rows) });
    }
    const cons = Array.isArray(checks.constraints) ? checks.constraints.filter(isObj) : [];
    if (cons.length) {
      const rows = cons.map((c) => [
        cell(c.constraint),
        numCell(c.violations),
        numCell(c.rows),
        numCell(c.unknown),
        numCell(c.realViolations),
        cell(showExamples && Array.isArray(c.examples) ? c.examples.map((e) => `row ${e.row}: ${Object.entries(e.values ?? {}).map(([k, v]) => `${k}=${v ?? '(missing)'}`).join(', ')}`).join('; ') : ''),
      ]);
      out.push({
        id: 'data-constraints',
        title: 'Plausibility rules',
        note: `Rows of the synthetic table that break a rule you gave; the real table's count shows whether the rule itself holds.${exNote}`,
        table: table(['Rule', cell('Violations', true), cell('Rows', true), cell('Unknown', true), cell('Real violations', true), 'Examples'], rows, { rowCls: (i) => (cons[i].violations > 0 ? 'fail' : undefined) }),
      });
    }
  }
  const pl = get(result, 'data.plausibility');
  if (Array.isArray(pl) && pl.length) {
    const rows = pl.filter(isObj).map((p) => [cell(p.column ?? ''), cell(p.check ?? ''), numCell(p.count), cell(typeof p.share === 'number' ? fmtPct(p.share, 2) : '', true), cell(showExamples && Array.isArray(p.examples) ? p.examples.join('; ') : '')]);
    out.push({ id: 'data-plausibility', title: 'Plausibility violations', note: exNote.trim() || undefined, table: table(['Column', 'Check', cell('Count', true), cell('Share', true), 'Examples'], rows) });
  }
  return out;
}
