// One shape for every number results.json reports (results version 2): the value, its interval, the honest
// reference beside it (the holdout floor, the ideal, the chance level or the train-on-real score, saying which) with
// that reference's own interval, and which direction is better. Fidelity, utility and privacy all report through it;
// the gate, the renderers and the vitest matchers read it. Plain JSON; a section may add its own detail fields
// (counts, p-values) beside these. docs/results-v2.md maps every results-v1 spelling to this one.

/** A two-sided interval [lower, upper] (95% unless the section says otherwise). */
export type Bounds = [number, number];

/**
 * What the baseline is:
 * - `holdout`: the same number computed for the holdout (a fresh sample of the population) against the real table:
 *   the floor sampling noise alone gives (fidelity floors, Anonymeter control rates, the holdout's own copy rate);
 * - `ideal`: the value a release that learned nothing about its training rows would give (DCR share = n_train / n_real);
 * - `chance`: what guessing gives (AUC 0.5, TPR = FPR, the prior guess, a permutation null);
 * - `real`: the same model or statistic trained on the real table (TSTR beside TRTR).
 */
export type BaselineKind = 'holdout' | 'ideal' | 'chance' | 'real';

/** Which direction is better: `lower`, `higher`, or `closer` (to the baseline, e.g. a ranking agreement of 1). */
export type Better = 'lower' | 'higher' | 'closer';

/** A baseline; K narrows its kind where a result type fixes it (e.g. every fidelity floor is 'holdout'). */
export interface Baseline<K extends BaselineKind = BaselineKind> {
  kind: K;
  value: number | null;
  interval?: Bounds;
}

export interface Measure<K extends BaselineKind = BaselineKind> {
  value: number | null;
  /** The value's interval; absent when none is computed. */
  interval?: Bounds;
  /** The reference beside the value; absent when the number has none. */
  baseline?: Baseline<K>;
  better: Better;
  /** Why value is null, when it is. */
  reason?: string;
}

function bounds(iv: Bounds | null | undefined): Bounds | undefined {
  return iv ? [iv[0], iv[1]] : undefined;
}

/** Build a baseline; an absent or null interval is left out. */
export function baseline<K extends BaselineKind>(kind: K, value: number | null, interval?: Bounds | null): Baseline<K> {
  const b: Baseline<K> = { kind, value };
  const iv = bounds(interval);
  if (iv) b.interval = iv;
  return b;
}

/**
 * Build a measure. `interval` null/undefined is left out, as is `baseline`. Extra detail fields go in `extra`
 * and are copied beside the measure's own fields (they must not reuse its field names).
 */
export function measure<E extends object = Record<never, never>, K extends BaselineKind = BaselineKind>(
  value: number | null,
  better: Better,
  opts: { interval?: Bounds | null; baseline?: Baseline<K> | null; reason?: string } = {},
  extra?: E,
): Measure<K> & E {
  const m: Measure<K> = { value, better };
  const iv = bounds(opts.interval);
  if (iv) m.interval = iv;
  if (opts.baseline) m.baseline = opts.baseline;
  if (opts.reason !== undefined) m.reason = opts.reason;
  if (extra) {
    for (const k of Object.keys(extra)) {
      if (k in m || k === 'value' || k === 'interval' || k === 'baseline' || k === 'better' || k === 'reason') throw new Error(`measure: extra field "${k}" clashes with a measure field`);
    }
    return Object.assign(m, extra) as Measure<K> & E;
  }
  return m as Measure<K> & E;
}

/** Is this node a results-v2 measure (has `value` and `better`)? */
export function isMeasure(x: unknown): x is Measure {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'value' in x && 'better' in x;
}
