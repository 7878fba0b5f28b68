// Locations of the shared benchmark tables (../shared/data beside the project root).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { Rng } from '../src/rng.js';
import type { Table } from '../src/table.js';

export function sharedDataDir(): string {
  const d = join(packageRoot(), '..', 'shared', 'data');
  if (!existsSync(d)) throw new Error(`benchmarks need ../shared/data beside the project root (looked in ${d})`);
  return d;
}

export function adultPaths(): { train: string; holdout: string } {
  const d = join(sharedDataDir(), 'adult');
  return { train: join(d, 'train.csv'), holdout: join(d, 'holdout.csv') };
}

/** Each column resampled independently from the real table (seeded): marginals kept, every association destroyed. */
export function independentMarginals(t: Table, n: number, seed: number): Table {
  const rng = new Rng(seed);
  const cells = t.cells.map((col) => {
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) out[i] = col[rng.int(t.nRows)];
    return out;
  });
  return { name: 'independent-marginals', columns: t.columns.slice(), cells, nRows: n };
}
