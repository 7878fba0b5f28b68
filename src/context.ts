// The context every metric and attack receives: the shared Domain, the three encoded tables, the raw tables
// (for generators that refit), the seeded RNG and progress. Metrics never re-read files or re-bin.

import type { Domain, Encoded } from './domain.js';
import type { Table } from './table.js';
import type { Schema } from './schema.js';
import type { Rng } from './rng.js';
import type { Progress } from './progress.js';

export interface AuditContext {
  schema: Schema;
  domain: Domain;
  real: Encoded;
  holdout: Encoded;
  synthetic: Encoded;
  /** Raw tables, for anything that must refit a generator (shadow models). */
  tables: { real: Table; holdout: Table; synthetic: Table };
  /** Utility / attribute-inference target column name, if any. */
  target?: string;
  /** Root RNG of the run: fork it with a stable label per metric (rng.fork('fidelity.pmse')). */
  rng: Rng;
  progress: Progress;
  /** Free-form options from the CLI / config file, per section (e.g. options.fidelity, options.privacy). */
  options: Record<string, any>;
}

export interface ContextOptions {
  target?: string;
  rng: Rng;
  progress: Progress;
  options?: Record<string, any>;
}

/** The AuditContext over prepared (schema, domain, encoded) tables: the one place it is assembled. */
export function makeContext(
  prep: { schema: Schema; domain: Domain; real: Encoded; holdout: Encoded; synthetic: Encoded },
  tables: AuditContext['tables'],
  o: ContextOptions,
): AuditContext {
  return {
    schema: prep.schema,
    domain: prep.domain,
    real: prep.real,
    holdout: prep.holdout,
    synthetic: prep.synthetic,
    tables,
    ...(o.target !== undefined ? { target: o.target } : {}),
    rng: o.rng,
    progress: o.progress,
    options: o.options ?? {},
  };
}
