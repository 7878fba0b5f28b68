// Test fixtures for utility: an AuditContext from three tables through the one prepare() path, and small tables from CSV text.
import { prepare } from '../../../src/prepare.js';
import { parseTable, type Table } from '../../../src/table.js';
import { Rng } from '../../../src/rng.js';
import { silentProgress } from '../../../src/progress.js';
import { makeContext, type AuditContext } from '../../../src/context.js';

export function csv(text: string, name: string): Table {
  return parseTable(text.trim() + '\n', name);
}

export function makeCtx(real: Table, holdout: Table, synthetic: Table, target?: string, seed = 1, utilityOptions: Record<string, unknown> = {}): AuditContext {
  const prep = prepare(real, holdout, synthetic, { target });
  return makeContext(prep, { real, holdout, synthetic }, { target, rng: new Rng(seed), progress: silentProgress, options: { utility: utilityOptions } });
}

/** A copy of a table with one column's cells replaced. */
export function withColumn(t: Table, column: string, cells: (string | null)[], name = t.name): Table {
  const j = t.columns.indexOf(column);
  if (j < 0) throw new Error(`no column ${column}`);
  return { name, columns: t.columns.slice(), cells: t.cells.map((c, k) => (k === j ? cells.slice() : c)), nRows: t.nRows };
}

/** A copy of a table without one column. */
export function withoutColumn(t: Table, column: string, name = t.name): Table {
  const j = t.columns.indexOf(column);
  return { name, columns: t.columns.filter((_, k) => k !== j), cells: t.cells.filter((_, k) => k !== j), nRows: t.nRows };
}
