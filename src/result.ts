// The parts of an audit's results that the floor and the sections share: run metadata, the data section, Skipped.
// The whole document (AuditResult, which holds each section's result) is in reports/result.ts, above metrics/ and attacks/.
// No timestamps or timings here (those go to timings.json) so the same inputs and seed give byte-identical results.json.

/** A section that did not run, with the reason (shown in CLI output and the report): src/skipped.ts. */
import type { Skipped } from './skipped.js';
import type { ColumnKind } from './schema.js';
export type { Skipped };

export interface InputMeta {
  role: 'real' | 'holdout' | 'synthetic';
  /** The file's name, without its folder (a local path would leak the auditor's file system into shared reports). */
  file: string;
  /**
   * SHA-256 of the file's bytes (of an in-memory table: of its cells), lower-case hex.
   * @pattern ^[0-9a-f]{64}$
   */
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
  /** Present when example values were left out of the outputs (no --show-examples): says so and how to include them. */
  examples?: string;
}

export interface ColumnReport {
  name: string;
  kind: ColumnKind;
  /** 'inferred' from the values, or 'override' (--kind / config kinds). */
  source: 'inferred' | 'override';
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
