// Column kinds (numeric, categorical, identifier-like) inferred from the REAL table, overridable, and the
// cross-table check that holdout and synthetic have the same columns with compatible values.

import { UserError } from './errors.js';
import type { Table } from './table.js';

export type ColumnKind = 'numeric' | 'categorical' | 'identifier';

export interface ColumnSchema {
  name: string;
  kind: ColumnKind;
  /** 'inferred' or 'override' */
  source: 'inferred' | 'override';
  /** Why the kind was chosen, in a few words. */
  reason: string;
  nDistinct: number;
  nMissing: number;
}

export interface Schema {
  columns: ColumnSchema[];
  /** Visible notices (identifier columns left out, overrides applied, ...). */
  notices: string[];
  /**
   * Integer-valued columns inferred numeric although they have few distinct values (more than maxIntegerCategories, at most
   * INTEGER_NUMERIC_NOTICE_MAX): they may be category codes (region, browser, ...), which `--kind COLUMN=categorical` declares.
   */
  integerNumeric?: { name: string; nDistinct: number }[];
}

/** Integer columns typed numeric with at most this many distinct values get a notice (they may be category codes). */
export const INTEGER_NUMERIC_NOTICE_MAX = 20;

export interface SchemaOptions {
  /** Per-column kind overrides. */
  kinds?: Record<string, ColumnKind>;
  /** Integer-valued columns with at most this many distinct values are categorical (default 5). */
  maxIntegerCategories?: number;
  /** Minimum rows before a unique-per-row column is called identifier-like (default 20). */
  minRowsForIdentifier?: number;
}

export const DEFAULT_MAX_INTEGER_CATEGORIES = 5;

function isNumericString(s: string): boolean {
  if (s.length === 0) return false;
  const x = Number(s);
  return Number.isFinite(x) && !/^0x/i.test(s);
}

export function inferSchema(real: Table, opts: SchemaOptions = {}): Schema {
  const maxIntCat = opts.maxIntegerCategories ?? DEFAULT_MAX_INTEGER_CATEGORIES;
  const minRowsId = opts.minRowsForIdentifier ?? 20;
  const overrides = opts.kinds ?? {};
  const notices: string[] = [];
  const integerNumeric: { name: string; nDistinct: number }[] = [];
  for (const name of Object.keys(overrides)) {
    if (!real.columns.includes(name)) throw new UserError('kind override names a column that is not in the table', { file: real.name, column: name });
    const k = overrides[name];
    if (k !== 'numeric' && k !== 'categorical' && k !== 'identifier') {
      throw new UserError(`unknown column kind "${k}" (use numeric, categorical or identifier)`, { column: name });
    }
  }
  const columns: ColumnSchema[] = real.columns.map((name, j) => {
    const col = real.cells[j];
    const distinct = new Set<string>();
    let nMissing = 0;
    let allNumeric = true;
    let allInteger = true;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null) {
        nMissing++;
        continue;
      }
      distinct.add(v);
      if (allNumeric) {
        if (!isNumericString(v)) allNumeric = false;
        else if (allInteger && !Number.isInteger(Number(v))) allInteger = false;
      }
    }
    const nPresent = col.length - nMissing;
    if (nPresent === 0) throw new UserError('column is entirely missing in the real table; drop it or fill it', { file: real.name, column: name });
    const nDistinct = distinct.size;
    const base = { name, nDistinct, nMissing };
    const ov = Object.hasOwn(overrides, name) ? overrides[name] : undefined; // a column may be called "constructor"
    if (ov) {
      if (ov === 'numeric' && !allNumeric) {
        const bad = col.findIndex((v) => v !== null && !isNumericString(v));
        throw new UserError(`declared numeric but has a non-numeric value (${describeValue(col[bad]!)})`, { file: real.name, column: name, row: bad + 1 });
      }
      notices.push(`column "${name}" treated as ${ov} (override)`);
      if (ov === 'identifier') notices.push(`column "${name}" is identifier-like and is left out of every metric`);
      return { ...base, kind: ov, source: 'override', reason: 'set by the user' } as ColumnSchema;
    }
    const unique = nDistinct === nPresent && nPresent >= minRowsId;
    if (allNumeric) {
      if (unique && allInteger) {
        notices.push(`column "${name}" is identifier-like (a distinct integer in every row) and is left out of every metric`);
        return { ...base, kind: 'identifier', source: 'inferred', reason: 'distinct integer per row' } as ColumnSchema;
      }
      if (allInteger && nDistinct <= maxIntCat) {
        return { ...base, kind: 'categorical', source: 'inferred', reason: `integer codes with ${nDistinct} <= ${maxIntCat} distinct values` } as ColumnSchema;
      }
      if (allInteger && nDistinct <= INTEGER_NUMERIC_NOTICE_MAX) {
        integerNumeric.push({ name, nDistinct });
        notices.push(`column "${name}" has only ${nDistinct} distinct integer values and is treated as numeric; if they are category codes, pass --kind ${name}=categorical`);
      }
      return { ...base, kind: 'numeric', source: 'inferred', reason: 'all values numeric' } as ColumnSchema;
    }
    if (unique) {
      notices.push(`column "${name}" is identifier-like (a distinct value in every row) and is left out of every metric`);
      return { ...base, kind: 'identifier', source: 'inferred', reason: 'distinct value per row' } as ColumnSchema;
    }
    return { ...base, kind: 'categorical', source: 'inferred', reason: 'non-numeric values' } as ColumnSchema;
  });
  return { columns, notices, integerNumeric };
}

export interface ValidateOptions {
  /** A column that may be absent from the synthetic table (the utility target); absence is then a notice. */
  optionalInSynthetic?: string;
}

/**
 * Check another table against the real table's schema: same columns (any order), numeric columns parse.
 * Returns notices; throws a UserError on the first mismatch.
 */
export function validateAgainst(schema: Schema, other: Table, role: 'holdout' | 'synthetic', opts: ValidateOptions = {}): string[] {
  const notices: string[] = [];
  const have = new Set(other.columns);
  const want = new Set(schema.columns.map((c) => c.name));
  for (const c of schema.columns) {
    if (!have.has(c.name)) {
      if (role === 'synthetic' && opts.optionalInSynthetic === c.name) {
        notices.push(`target column "${c.name}" is absent from the synthetic table`);
        continue;
      }
      throw new UserError(`the ${role} table has no column "${c.name}", which the real table has (schema mismatch)`, { file: other.name, column: c.name });
    }
  }
  for (const name of other.columns) {
    if (!want.has(name)) throw new UserError(`the ${role} table has a column the real table does not have (schema mismatch)`, { file: other.name, column: name });
  }
  for (const c of schema.columns) {
    if (c.kind !== 'numeric' || !have.has(c.name)) continue;
    const col = other.cells[other.columns.indexOf(c.name)];
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v !== null && !isNumericString(v)) {
        // a synthetic cell is shown; a holdout cell is a real person's and is only described
        const shown = role === 'synthetic' ? `value "${v.length > 40 ? v.slice(0, 40) + '...' : v}"` : `a value (${describeValue(v)})`;
        throw new UserError(`${shown} is not numeric, but the column is numeric in the real table`, { file: other.name, column: c.name, row: i + 1 });
      }
    }
    let allMissing = true;
    for (let i = 0; i < col.length && allMissing; i++) if (col[i] !== null) allMissing = false;
    if (allMissing) notices.push(`column "${c.name}" is entirely missing in the ${role} table`);
  }
  return notices;
}

/** What a bad cell looks like without printing it (cells are real people's data): its length and character classes. */
export function describeValue(s: string): string {
  const kinds = [/[A-Za-z]/.test(s) && 'letters', /\d/.test(s) && 'digits', /\s/.test(s) && 'spaces', /[^A-Za-z\d\s]/.test(s) && 'other characters'].filter(Boolean);
  return `${s.length} character${s.length === 1 ? '' : 's'}${kinds.length ? `: ${kinds.join(', ')}` : ''}; value hidden`;
}

export function analysedColumns(schema: Schema): ColumnSchema[] {
  return schema.columns.filter((c) => c.kind !== 'identifier');
}
