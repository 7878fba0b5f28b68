// Benchmark cases for the core pipeline on full Adult: load, schema inference, domain, encoding.
import { loadTable } from '../src/table.js';
import { inferSchema } from '../src/schema.js';
import { buildDomain, encode } from '../src/domain.js';
import type { BenchCase } from './harness.js';
import { adultPaths } from './data.js';

export const cases: BenchCase[] = [
  { name: 'core.load (adult train 32,561 rows)', run: () => loadTable(adultPaths().train).nRows },
  {
    name: 'core.schema (adult train)',
    setup: () => loadTable(adultPaths().train),
    run: (t) => inferSchema(t).columns.length,
  },
  {
    name: 'core.domain (adult train)',
    setup: () => {
      const t = loadTable(adultPaths().train);
      return { t, s: inferSchema(t) };
    },
    run: ({ t, s }) => buildDomain(t, s).columns.length,
  },
  {
    name: 'core.encode (adult train + holdout)',
    setup: () => {
      const t = loadTable(adultPaths().train);
      const h = loadTable(adultPaths().holdout);
      return { t, h, d: buildDomain(t, inferSchema(t)) };
    },
    run: ({ t, h, d }) => encode(t, d).n + encode(h, d).n,
  },
];
