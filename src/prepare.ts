// One path from raw tables to the encoded triple: infer the schema from REAL, validate holdout and synthetic against it,
// build the Domain from REAL only, encode all three. Audit, tests and benchmarks all come through here.

import { inferSchema, validateAgainst, type Schema, type SchemaOptions } from './schema.js';
import { buildDomain, encode, type Domain, type Encoded, type DomainOptions } from './domain.js';
import type { Table } from './table.js';

export interface PrepareOptions extends SchemaOptions, DomainOptions {
  target?: string;
}

export interface Prepared {
  schema: Schema;
  domain: Domain;
  real: Encoded;
  holdout: Encoded;
  synthetic: Encoded;
  notices: string[];
}

export function prepare(real: Table, holdout: Table, synthetic: Table, opts: PrepareOptions = {}): Prepared {
  const schema = inferSchema(real, opts);
  const notices = [...schema.notices];
  notices.push(...validateAgainst(schema, holdout, 'holdout'));
  notices.push(...validateAgainst(schema, synthetic, 'synthetic', { optionalInSynthetic: opts.target }));
  const exclude = [...(opts.exclude ?? [])];
  // a target absent from the synthetic table is left out of the shared domain; utility reports the verdict
  if (opts.target && !synthetic.columns.includes(opts.target)) exclude.push(opts.target);
  const domain = buildDomain(real, schema, { ...opts, exclude });
  const enc = (t: Table) => encode(t, domain);
  const r = enc(real);
  const h = enc(holdout);
  const s = enc(synthetic);
  for (const [role, e] of [['holdout', h], ['synthetic', s]] as const) {
    e.unseenCounts.forEach((u, j) => {
      // counts only: the labels are table values (real people's, for the holdout) and are listed only with --show-examples
      if (u > 0) notices.push(`${role} column "${domain.columns[j].name}": ${u} of ${e.n} cell(s) in categories the real table never had (labels hidden; --show-examples lists them in the report)`);
    });
  }
  return { schema, domain, real: r, holdout: h, synthetic: s, notices };
}
