// Leaking "generators" for the default-policy acceptance suite and its calibration (bench/policy-calibration.ts): each builds
// (real, holdout, synthetic) from seeded subsamples of a shared table. The fresh case is the null: the holdout split in two
// seeded halves, one half as holdout, the other as the synthetic table.

import { type Table } from '../../src/table.js';
import { Rng } from '../../src/rng.js';
import { prepare } from '../../src/prepare.js';
import { runAudit } from '../../src/app/audit.js';
import { distanceMetrics } from '../../attacks/dcr.js';
import { buildIndex, gowerSpace, nearest } from '../../attacks/distance.js';
import type { AuditResult } from '../../reports/result.js';
import { loadShared, subsample, splitHalves } from '../helpers/data.js';

export type Leak =
  | { kind: 'fresh' }
  /** `fraction` of the fresh rows replaced by distinct training rows, verbatim. */
  | { kind: 'verbatim'; fraction: number }
  /** The holdout itself released as synthetic: every row a real person who is not a training member. */
  | { kind: 'holdout' }
  /** Every synthetic row a distinct training row with each cell replaced, with probability `noise`, by that column's value in a random fresh row. */
  | { kind: 'noisy'; noise: number }
  /** The `fraction` most isolated training rows (largest Gower distance to their nearest other training row) verbatim; the rest fresh. */
  | { kind: 'memoriser'; fraction: number };

export type Dataset = 'german_credit' | 'adult';

export interface LeakCase {
  real: Table;
  holdout: Table;
  synthetic: Table;
  /** Training rows released verbatim (known by construction), -1 when not counted. */
  planted: number;
}

export function leakName(l: Leak): string {
  switch (l.kind) {
    case 'fresh':
      return 'fresh sample';
    case 'verbatim':
      return `${Math.round(l.fraction * 100)}% verbatim training rows`;
    case 'holdout':
      return 'holdout as synthetic';
    case 'noisy':
      return `noisy copies (${Math.round(l.noise * 100)}% cells)`;
    case 'memoriser':
      return `memoriser (${Math.round(l.fraction * 100)}% outliers verbatim)`;
  }
}

/** Rows of several tables with the same columns, in order. */
function concatRows(parts: { t: Table; rows: ArrayLike<number> }[], name: string): Table {
  const cols = parts[0].t.columns;
  const cells = cols.map(() => [] as (string | null)[]);
  for (const { t, rows } of parts) for (let j = 0; j < cols.length; j++) for (let i = 0; i < rows.length; i++) cells[j].push(t.cells[j][rows[i]]);
  return { name, columns: cols.slice(), cells, nRows: cells[0].length };
}

/** Training rows by isolation: Gower distance to the nearest other training row, most isolated first (ties by row index). */
export function isolationOrder(real: Table): number[] {
  const p = prepare(real, real, real, {});
  const space = gowerSpace(p.real);
  const idx = buildIndex(p.real, space);
  const skip = new Int32Array(p.real.n);
  for (let i = 0; i < skip.length; i++) skip[i] = i;
  const d = nearest(idx, p.real, { k: 1, skip }).dist;
  return Array.from({ length: p.real.n }, (_, i) => i).sort((a, b) => d[b] - d[a] || a - b);
}

/**
 * Tables of one case. German credit: real = the 666 training rows, the 334 holdout rows split in seeded halves (167 + 167).
 * Adult: real = a seeded `n`-row sample of the training split, holdout and fresh = seeded halves of a 2n-row sample of the
 * holdout split.
 */
export function leakCase(dataset: Dataset, leak: Leak, seed: number, n = 3000): LeakCase {
  const train = loadShared(dataset, 'train');
  const hold = loadShared(dataset, 'holdout');
  const real = dataset === 'adult' ? subsample(train, n, 1000 + seed, 'real') : { ...train, name: 'real' };
  const pool = dataset === 'adult' ? subsample(hold, 2 * n, 2000 + seed) : hold;
  const [holdout, fresh] = splitHalves(pool, 3000 + seed);
  const rng = new Rng(4000 + seed);
  const nS = fresh.nRows;
  switch (leak.kind) {
    case 'fresh':
      return { real, holdout: { ...holdout, name: 'holdout' }, synthetic: { ...fresh, name: 'fresh' }, planted: 0 };
    case 'holdout':
      return { real, holdout: { ...holdout, name: 'holdout' }, synthetic: { ...holdout, name: 'holdout-as-synthetic' }, planted: 0 };
    case 'verbatim': {
      const k = Math.round(leak.fraction * nS);
      const copies = Array.from(rng.fork('copies').sampleWithoutReplacement(real.nRows, k));
      const keep = Array.from(rng.fork('keep').sampleWithoutReplacement(nS, nS - k)).sort((a, b) => a - b);
      return { real, holdout: { ...holdout, name: 'holdout' }, synthetic: concatRows([{ t: fresh, rows: keep }, { t: real, rows: copies }], 'verbatim'), planted: k };
    }
    case 'memoriser': {
      const k = Math.min(nS, Math.round(leak.fraction * real.nRows));
      const outliers = isolationOrder(real).slice(0, k);
      const keep = Array.from(rng.fork('keep').sampleWithoutReplacement(nS, nS - k)).sort((a, b) => a - b);
      return { real, holdout: { ...holdout, name: 'holdout' }, synthetic: concatRows([{ t: fresh, rows: keep }, { t: real, rows: outliers }], 'memoriser'), planted: k };
    }
    case 'noisy': {
      const rows = rng.fork('rows').sampleWithoutReplacement(real.nRows, Math.min(nS, real.nRows));
      const base = concatRows([{ t: real, rows }], 'noisy');
      const r = rng.fork('noise');
      for (let j = 0; j < base.columns.length; j++)
        for (let i = 0; i < base.nRows; i++) if (r.random() < leak.noise) base.cells[j][i] = fresh.cells[j][r.int(nS)];
      return { real, holdout: { ...holdout, name: 'holdout' }, synthetic: base, planted: -1 };
    }
  }
  return undefined as never;
}

/**
 * Audit of a case with the sections the default policy reads: fidelity and the distance attacks. `fidelity`: 'full' = bootstrap
 * B = 20 and pMSE; 'rules' = only what the default policy's fidelity rules read (values and holdout floors: no bootstrap
 * intervals, no pMSE); false = no fidelity section.
 */
export async function leakResult(c: LeakCase, seed: number, fidelity: 'full' | 'rules' | false = 'rules'): Promise<AuditResult> {
  const fo = fidelity === 'full' ? { bootstrap: 20 } : { bootstrap: 0, bootstrapPairs: 0, pmse: false as const };
  const base = fidelity ? (await runAudit({ real: c.real, holdout: c.holdout, synthetic: c.synthetic, seed, sections: ['fidelity'], fidelity: fo })).result : ({} as AuditResult);
  const p = prepare(c.real, c.holdout, c.synthetic, {});
  const distance = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(seed).fork('privacy').fork('distance'), {});
  return { ...base, privacy: JSON.parse(JSON.stringify({ distance }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) } as AuditResult;
}
