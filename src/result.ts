// The shape of an audit's results: plain JSON, documented by schema/results.schema.json.
// No timestamps or timings here (those go to timings.json) so the same inputs and seed give byte-identical results.json.

import type { FidelityResult } from '../metrics/fidelity/index.js';
import type { UtilityResult } from '../metrics/utility/index.js';
import type { PrivacyResult } from '../attacks/index.js';

export interface InputMeta {
  role: 'real' | 'holdout' | 'synthetic';
  file: string;
  sha256: string;
  rows: number;
  columns: number;
}

export interface RunMeta {
  tool: 'synthaudit';
  version: string;
  seed: number;
  options: Record<string, unknown>;
  inputs: InputMeta[];
  /** Names of the stages that ran, in order (their times are in timings.json). */
  stages: string[];
}

export interface ColumnReport {
  name: string;
  kind: string;
  source: string;
  reason: string;
  nDistinct: number;
  nMissing: number;
  analysed: boolean;
  /** Unseen-category counts in holdout / synthetic (categorical only). */
  unseen?: { holdout: number; synthetic: number; examples: string[] };
}

export interface DataSection {
  columns: ColumnReport[];
  notices: string[];
  /** Integer columns inferred numeric with few (<= 20) distinct values: possibly category codes (--kind COLUMN=categorical). */
  integerNumeric?: { name: string; nDistinct: number }[];
  target?: string;
}

/** A section that did not run, with the reason (shown in CLI output and the report). */
import type { Skipped } from './skipped.js';
export type { Skipped };

export interface AuditResult {
  meta: RunMeta;
  data: DataSection;
  fidelity?: FidelityResult;
  utility?: UtilityResult | Skipped;
  privacy?: PrivacyResult | Skipped;
}
