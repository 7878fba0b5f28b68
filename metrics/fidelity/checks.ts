// Fit-for-purpose checks on synthetic rows: numeric values outside the real table's [min, max], categories the
// real table never had (the Domain's unseen code), with the same counts on the holdout as the floor a fresh sample gives.

import type { Encoded } from '../../src/domain.js';
import type { Table } from '../../src/table.js';

export interface OutOfRangeCheck {
  column: string;
  realMin: number;
  realMax: number;
  /** Synthetic cells below realMin / above realMax (missing cells are not counted). */
  below: number;
  above: number;
  rate: number;
  /** Same count and rate on the holdout (a fresh sample also strays outside the real range a little). */
  holdoutCount: number;
  holdoutRate: number;
  /** Up to maxExamples synthetic rows (1-based data row, raw value). */
  examples: { row: number; value: number }[];
}

export interface UnseenCategoryCheck {
  column: string;
  /** Synthetic cells in a category the real table never had. */
  count: number;
  rate: number;
  holdoutCount: number;
  holdoutRate: number;
  /** Up to maxExamples distinct unseen labels, each with its first synthetic row. */
  examples: { row: number; value: string }[];
}

/** Count cells of numeric column j outside [lo, hi] (NaN not counted). */
export function outOfRangeCount(x: Float64Array, lo: number, hi: number): { below: number; above: number } {
  let below = 0;
  let above = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < lo) below++;
    else if (v > hi) above++;
  }
  return { below, above };
}

export function outOfRangeChecks(synthetic: Encoded, holdout: Encoded, maxExamples = 5): OutOfRangeCheck[] {
  const out: OutOfRangeCheck[] = [];
  synthetic.domain.columns.forEach((cd, j) => {
    if (cd.kind !== 'numeric') return;
    const x = synthetic.values[j]!;
    const { below, above } = outOfRangeCount(x, cd.min, cd.max);
    const h = outOfRangeCount(holdout.values[j]!, cd.min, cd.max);
    const examples: { row: number; value: number }[] = [];
    for (let i = 0; i < x.length && examples.length < maxExamples; i++) if (x[i] < cd.min || x[i] > cd.max) examples.push({ row: i + 1, value: x[i] });
    out.push({
      column: cd.name,
      realMin: cd.min,
      realMax: cd.max,
      below,
      above,
      rate: synthetic.n ? (below + above) / synthetic.n : 0,
      holdoutCount: h.below + h.above,
      holdoutRate: holdout.n ? (h.below + h.above) / holdout.n : 0,
      examples,
    });
  });
  return out;
}

export function unseenCategoryChecks(synthetic: Encoded, holdout: Encoded, syntheticTable: Table, maxExamples = 5): UnseenCategoryCheck[] {
  const out: UnseenCategoryCheck[] = [];
  synthetic.domain.columns.forEach((cd, j) => {
    if (cd.kind !== 'categorical') return;
    const codes = synthetic.codes[j];
    const u = cd.unseenCode;
    let count = 0;
    const examples: { row: number; value: string }[] = [];
    const seen = new Set<string>();
    const col = syntheticTable.cells[syntheticTable.columns.indexOf(cd.name)];
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== u) continue;
      count++;
      const v = col ? col[i] : null;
      if (v !== null && examples.length < maxExamples && !seen.has(v)) {
        seen.add(v);
        examples.push({ row: i + 1, value: v });
      }
    }
    let hc = 0;
    const hcodes = holdout.codes[j];
    for (let i = 0; i < hcodes.length; i++) if (hcodes[i] === u) hc++;
    out.push({ column: cd.name, count, rate: synthetic.n ? count / synthetic.n : 0, holdoutCount: hc, holdoutRate: holdout.n ? hc / holdout.n : 0, examples });
  });
  return out;
}
