// Test helpers for the fidelity metrics: an AuditContext from three raw tables (through prepare), and a seeded
// independent-marginals "synthetic" table (each column resampled on its own from the real table).
import { prepare, type PrepareOptions } from '../../../src/prepare.js';
import { Rng } from '../../../src/rng.js';
import { silentProgress } from '../../../src/progress.js';
import { makeContext, type AuditContext } from '../../../src/context.js';
import type { Table } from '../../../src/table.js';

export function makeCtx(real: Table, holdout: Table, synthetic: Table, seed = 7, options: Record<string, any> = {}, prep: PrepareOptions = {}): AuditContext {
  return makeContext(prepare(real, holdout, synthetic, prep), { real, holdout, synthetic }, { rng: new Rng(seed), progress: silentProgress, options });
}

/** n rows where every column is drawn independently (with replacement) from the real column: marginals kept, associations destroyed. */
export function independentMarginals(t: Table, n: number, seed: number, name = 'independent-marginals'): Table {
  const rng = new Rng(seed);
  const cells = t.cells.map((col) => {
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) out[i] = col[rng.int(t.nRows)];
    return out;
  });
  return { name, columns: t.columns.slice(), cells, nRows: n };
}

/** A table from columns given as arrays (strings, numbers or null). */
export function tableOf(name: string, cols: Record<string, (string | number | null)[]>): Table {
  const columns = Object.keys(cols);
  const cells = columns.map((c) => cols[c].map((v) => (v === null ? null : String(v))));
  return { name, columns, cells, nRows: cells[0].length };
}

/** Closed-form pMSE when the propensity model reproduces the cell proportions of one binary feature. */
export function cellPmse(a: number, nR: number, b: number, nS: number): number {
  // a real rows and b synthetic rows have x = 1
  const N = nR + nS;
  const c = nS / N;
  const p1 = b / (a + b);
  const p0 = (nS - b) / (N - a - b);
  return ((a + b) * (p1 - c) ** 2 + (N - a - b) * (p0 - c) ** 2) / N;
}
