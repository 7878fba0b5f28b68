// Test helpers: load the shared public tables from ../shared/data (failing clearly if absent) and take seeded subsamples.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadTable, selectRows, type Table } from '../../src/table.js';
import { Rng } from '../../src/rng.js';

export const SHARED_DATA = resolve(__dirname, '../../../shared/data');

export function sharedPath(dataset: string, split: 'train' | 'holdout'): string {
  const p = join(SHARED_DATA, dataset, `${split}.csv`);
  if (!existsSync(p)) throw new Error(`shared data not found at ${p}: these tests need ../shared/data beside the project root`);
  return p;
}

const cache = new Map<string, Table>();
export function loadShared(dataset: 'adult' | 'german_credit' | 'bank_marketing', split: 'train' | 'holdout'): Table {
  const key = `${dataset}/${split}`;
  if (!cache.has(key)) cache.set(key, loadTable(sharedPath(dataset, split)));
  return cache.get(key)!;
}

/** Seeded subsample of n rows (without replacement). */
export function subsample(t: Table, n: number, seed: number, name = `${t.name}[${n}]`): Table {
  if (n >= t.nRows) return t;
  const rows = new Rng(seed).sampleWithoutReplacement(t.nRows, n);
  return selectRows(t, rows, name);
}

/** Split a table in two disjoint seeded halves. */
export function splitHalves(t: Table, seed: number): [Table, Table] {
  const p = new Rng(seed).permutation(t.nRows);
  const h = Math.floor(t.nRows / 2);
  return [selectRows(t, p.subarray(0, h), `${t.name}[A]`), selectRows(t, p.subarray(h), `${t.name}[B]`)];
}
