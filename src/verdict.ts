// Policy and verdict types: the shape of a release-gate policy and of its verdict. Types only, in the floor, so the
// renderers (reports/) can show a verdict without importing the gate (src/app/gate.ts evaluates policies).

export type RuleOp = '<' | '<=' | '>' | '>=';
export type RuleAgg = 'max' | 'min' | 'mean';

export interface PolicyRule {
  /** Shown in reports and JUnit; defaults to the rule text, e.g. "fidelity.tvd.mean < 0.05". */
  name: string;
  /**
   * Dotted path into results.json. Segments: `key`, `key[3]`, `key[*]` (all items; needs `agg`), `key[field=value]`
   * (the item whose field equals value). A final `.upper` / `.lower` (or `.hi` / `.lo`) that is not a field itself
   * takes that bound of the measure's interval.
   */
  path: string;
  op: RuleOp;
  /** The threshold; with relativeTo: 'baseline', the multiplier of the measure's baseline. */
  value: number;
  /**
   * Judge against the measure's own baseline (its holdout floor, ideal or stated baseline): threshold =
   * value × baseline + offset. Floors depend on table sizes and bins, so relative rules carry across datasets.
   */
  relativeTo?: 'baseline';
  /** Added to value × baseline (relative rules only). */
  offset?: number;
  /** Aggregate over the values a wildcard path yields. */
  agg?: RuleAgg;
  /** A missing path or null value then leaves the rule not evaluated (passed: null) instead of failing it. */
  optional?: boolean;
  description?: string;
}

export interface Policy {
  name: string;
  description?: string;
  /** The file it was loaded from, if any. */
  source?: string;
  rules: PolicyRule[];
}

export interface RuleVerdict {
  name: string;
  path: string;
  op: RuleOp;
  /** The threshold compared (for relative rules: value × baseline + offset); null when a relative rule has no baseline. */
  threshold: number | null;
  /** How the threshold was set, for relative rules, e.g. "1.5 × baseline + 0.01". */
  thresholdRule?: string;
  agg?: RuleAgg;
  /** The value compared (a bound when the path names one); null when missing or null in the results. */
  value: number | null;
  /** The measure's interval, when the results give one. */
  interval?: [number, number];
  /** The measure's baseline (e.g. holdout vs real), when the results give one. */
  baseline?: number;
  /** true pass, false fail, null not evaluated (optional rule with no value). */
  passed: boolean | null;
  message: string;
  description?: string;
}

export interface PolicyVerdict {
  policy: string;
  passed: boolean;
  counts: { passed: number; failed: number; notEvaluated: number };
  rules: RuleVerdict[];
}

