// Test helpers: load the public tables the tests use from copies shipped inside the project (no ../shared needed;
// see test/fixtures/data/README.md) and take seeded subsamples. German credit: test/fixtures/data/german_credit
// (the full shared split, gzipped); Adult: the demo's gzip copies in data/demo, byte-identical to the shared split.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { loadTable, selectRows, type Table } from '../../src/table.js';
import { Rng } from '../../src/rng.js';

const ROOT = resolve(__dirname, '../..');

export type Dataset = 'adult' | 'german_credit';

const FILES: Record<Dataset, Record<'train' | 'holdout', string>> = {
  adult: { train: 'data/demo/adult-train.csv.gz', holdout: 'data/demo/adult-holdout.csv.gz' },
  german_credit: { train: 'test/fixtures/data/german_credit/train.csv.gz', holdout: 'test/fixtures/data/german_credit/holdout.csv.gz' },
};

/** Path of the shipped copy of a shared table (a .csv.gz the loader and the CLI read directly). */
export function sharedPath(dataset: Dataset, split: 'train' | 'holdout'): string {
  const p = resolve(ROOT, FILES[dataset][split]);
  if (!existsSync(p)) throw new Error(`test data not found at ${p}: it ships with the project (see test/fixtures/data/README.md)`);
  return p;
}

/** The CSV text of a shipped table (gunzipped). */
export function sharedText(dataset: Dataset, split: 'train' | 'holdout'): string {
  return gunzipSync(readFileSync(sharedPath(dataset, split))).toString('utf8');
}

const cache = new Map<string, Table>();
export function loadShared(dataset: Dataset, split: 'train' | 'holdout'): Table {
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
