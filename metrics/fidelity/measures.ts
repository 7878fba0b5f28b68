// How the fidelity section writes its numbers (results version 2, src/measure.ts): a synthetic-vs-real distance beside
// its holdout floor, and the summary items (a measure with its name and a one-line text).

import { baseline, measure, type Better, type Measure as AnyMeasure } from '../../src/measure.js';

/** A fidelity measure: its baseline is always the holdout floor (FidelityMeasure in index.ts). */
type Measure = AnyMeasure<'holdout'>;

/** Interval: [lo, hi] from the bootstrap, or null when not computed (internal; a Measure leaves a null interval out). */
export type Interval = [number, number] | null;

/** A headline measure with its name and a one-line text. better: 'lower' for distances; 'closer' (to the holdout
 * baseline) for the pMSE ratios (null expectation 1) and detection AUCs (0.5). */
export type SummaryItem = Measure & { metric: string; text: string };

/**
 * A synthetic-vs-real distance as a results-v2 Measure: better 'lower', the bootstrap interval when computed, and the
 * holdout floor as baseline {kind 'holdout', value, interval} (value null when the floor is undefined).
 */
export function distanceMeasure(value: number | null, floor: number | null, ci?: Interval, floorCi?: Interval): Measure {
  return measure(value, 'lower', { interval: ci, baseline: baseline('holdout', floor, floorCi) });
}

/** The holdout floor of a fidelity measure (its baseline value), null when absent. */
export function floorOf(m: Measure): number | null {
  return m.baseline?.value ?? null;
}

function fmt(x: number | null): string {
  if (x === null) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && a < 0.001) return x.toExponential(1);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(3);
}

/** A summary item from a measure: the same value, interval and baseline (copied), better as given, and its text. */
export function summaryItem(metric: string, c: Measure, better: Better, floorLabel = 'holdout floor'): SummaryItem {
  const ci = c.interval;
  const floorCi = c.baseline?.interval;
  let text = `${metric} ${fmt(c.value)}`;
  if (ci) text += ` [${fmt(ci[0])}, ${fmt(ci[1])}]`;
  text += ` (${floorLabel} ${fmt(floorOf(c))}${floorCi ? ` [${fmt(floorCi[0])}, ${fmt(floorCi[1])}]` : ''})`;
  return measure(c.value, better, { interval: ci, baseline: c.baseline ? baseline(c.baseline.kind, c.baseline.value, c.baseline.interval) : null }, { metric, text });
}
