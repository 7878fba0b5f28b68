// Category and range coverage (SDMetrics' CategoryCoverage and RangeCoverage, docs/definitions.md#coverage): per
// categorical column, the share of the real table's categories that the synthetic table has at all; per numeric column,
// the share of the real range [min, max] that the synthetic [min, max] covers. Each beside the same coverage of the
// holdout (the floor a fresh sample of the holdout's size gives: rare categories and extreme values are missed by
// chance), and their mean over columns. Read from the shared Domain: the per-code counts (categorical) and the raw
// numeric values (typed arrays), no per-row objects.

import type { ColumnDomain, Encoded } from '../../src/domain.js';
import { baseline, measure, type Bounds, type Measure as AnyMeasure } from '../../src/measure.js';
import { finite, meanFinite } from './stats.js';

type Measure = AnyMeasure<'holdout'>;

/**
 * The coverage of one column: value = synthetic against real, baseline = holdout against real (kind holdout), better
 * 'higher'; null (with a reason) when undefined for the real table (a constant numeric column, no category present).
 */
export type CoverageColumn = Measure & {
  column: string;
  kind: 'categorical' | 'numeric';
  /** 'category' (categorical column) or 'range' (numeric column). */
  metric: 'category' | 'range';
  /** Categorical: categories present (missing is not a category) in the real table, and how many of them the synthetic and the holdout table have. */
  categories?: { real: number; synthetic: number; holdout: number };
  /** Numeric: [min, max] of the present values of each table (null when a table has none). */
  range?: { real: Bounds; synthetic: Bounds | null; holdout: Bounds | null };
};

export interface CoverageSection {
  columns: CoverageColumn[];
  /** Mean coverage over the columns where it is defined (categorical and numeric together, as SDMetrics' Coverage property), its baseline the holdout's mean over the same columns. */
  mean: Measure;
  /** Columns left out of the mean (coverage undefined). */
  undefinedColumns: number;
}

/**
 * Category coverage: of the categories with a positive real count among codes 0..nLevels-1, the share with a positive
 * count in `other` (codes at or above nLevels, i.e. missing and unseen, are not categories). NaN when the real table has none.
 */
export function categoryCoverage(realCounts: ArrayLike<number>, otherCounts: ArrayLike<number>, nLevels: number): { real: number; covered: number; value: number } {
  let real = 0;
  let covered = 0;
  for (let k = 0; k < nLevels; k++) {
    if (!(realCounts[k] > 0)) continue;
    real++;
    if (otherCounts[k] > 0) covered++;
  }
  return { real, covered, value: real > 0 ? covered / real : NaN };
}

/** [min, max] of the present (non-NaN) values, or null when there are none. */
export function presentRange(x: Float64Array): Bounds | null {
  let lo = Infinity;
  let hi = -Infinity;
  let any = false;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue; // NaN = missing
    any = true;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return any ? [lo, hi] : null;
}

/**
 * Range coverage of the real [rMin, rMax] by `other` = [oMin, oMax]: SDMetrics' 1 - (max((oMin - rMin)/(rMax - rMin), 0)
 * + max((rMax - oMax)/(rMax - rMin), 0)) clipped below at 0, which is the length of [rMin, rMax] ∩ [oMin, oMax] over
 * rMax - rMin. NaN for a constant (or empty) real column; 0 when the other table has no present value (it covers none
 * of the range; SDMetrics gives NaN there).
 */
export function rangeCoverage(rMin: number, rMax: number, other: Bounds | null): number {
  if (!(rMax > rMin)) return NaN;
  if (!other) return 0;
  const w = rMax - rMin;
  const score = 1 - (Math.max((other[0] - rMin) / w, 0) + Math.max((rMax - other[1]) / w, 0));
  return Math.min(1, Math.max(0, score));
}

/** One coverage measure: synthetic value beside the holdout's. */
function coverageMeasure(value: number, floor: number, reason?: string): Measure {
  return measure(finite(value), 'higher', { baseline: baseline('holdout', finite(floor)), ...(Number.isFinite(value) ? {} : { reason }) });
}

/**
 * The coverage part of the fidelity section. `marg` holds the per-code counts of every domain column for R, S and H
 * (the fidelity run's marginal counts); the numeric ranges read the raw values of the encodings.
 */
export function coverageSection(cols: ColumnDomain[], R: Encoded, S: Encoded, H: Encoded, marg: { R: ArrayLike<number>[]; S: ArrayLike<number>[]; H: ArrayLike<number>[] }): CoverageSection {
  const d = cols.length;
  const vS = new Float64Array(d);
  const vH = new Float64Array(d);
  const columns: CoverageColumn[] = cols.map((cd, j) => {
    if (cd.kind === 'categorical') {
      const nLevels = cd.levels.length;
      const s = categoryCoverage(marg.R[j], marg.S[j], nLevels);
      const h = categoryCoverage(marg.R[j], marg.H[j], nLevels);
      vS[j] = s.value;
      vH[j] = h.value;
      const m = coverageMeasure(s.value, h.value, 'the real table has no category in this column (all cells missing)');
      return { ...m, column: cd.name, kind: cd.kind, metric: 'category', categories: { real: s.real, synthetic: s.covered, holdout: h.covered } };
    }
    const rr = presentRange(R.values[j]!);
    const rs = presentRange(S.values[j]!);
    const rh = presentRange(H.values[j]!);
    vS[j] = rr ? rangeCoverage(rr[0], rr[1], rs) : NaN;
    vH[j] = rr ? rangeCoverage(rr[0], rr[1], rh) : NaN;
    const m = coverageMeasure(vS[j], vH[j], rr ? 'the real column is constant (its range has no width)' : 'the real column has no present value');
    return { ...m, column: cd.name, kind: cd.kind, metric: 'range', ...(rr ? { range: { real: rr, synthetic: rs, holdout: rh } } : {}) };
  });
  let undefinedColumns = 0;
  for (let j = 0; j < d; j++) if (!Number.isFinite(vS[j])) undefinedColumns++;
  const mean = coverageMeasure(meanFinite(vS), meanFinite(vH), 'no column has a defined coverage');
  return { columns, mean, undefinedColumns };
}
