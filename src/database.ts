// A relational database described for an audit: tables, their primary and foreign keys, the entity table (the unit of
// privacy) and public reference tables. The description file (YAML/JSON) is read and checked by loadDatabase (below,
// added with the multi-table audit); the shapes here are what every multi-table part shares: the relational metrics
// (metrics/relational/), the entity attacks (attacks/entity.ts) and the relational generator (src/generators/relational.ts).

import type { Table } from './table.js';

export interface ForeignKey {
  /** Column of the child table. */
  column: string;
  /** Name of the parent table; the referenced column is the parent's primary key. */
  references: string;
}

export interface TableSpec {
  name: string;
  /** Paths (resolved against the description file's folder). A public table has only `real` (shared by every side). */
  real: string;
  holdout?: string;
  synthetic?: string;
  primaryKey?: string;
  foreignKeys: ForeignKey[];
  /** A public reference table (e.g. district): not private, the same on every side, not audited for privacy. */
  public: boolean;
}

export interface DatabaseSpec {
  /** The entity table: one row per unit of privacy (e.g. account); every private table hangs off it through foreign keys. */
  entity: string;
  /** In an order where every parent comes before its children (checked: the keys form no cycle). */
  tables: TableSpec[];
}

/** One side of a database: table name -> table. Public tables appear on every side (the same Table). */
export type Tables = Record<string, Table>;

export interface Database {
  spec: DatabaseSpec;
  real: Tables;
  holdout: Tables;
  synthetic: Tables;
}
