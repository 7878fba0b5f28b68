// Formula-injection guard for CSV files synthaudit writes for people (generate's synthetic table): a cell that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe,
// the OWASP "CSV injection" mitigation. Numbers are left alone ("-5", "+1.5e3" stay numeric), so numeric columns
// round-trip unchanged; only text cells change. Files fed to programs (the external generator's input) are written
// raw with toCsv: the escape is for spreadsheets, not for parsers.

import { toCsv, type Table } from './table.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as written: with a leading ' when a spreadsheet would read it as a formula and it is not a number. */
export function neutraliseFormula(v: string): string {
  if (!FORMULA_START.test(v)) return v;
  const t = v.trim();
  if (t !== '' && t === v && Number.isFinite(Number(t)) && !/^[+-]?0x/i.test(t)) return v;
  return "'" + v;
}

/**
 * The inverse of neutraliseFormula, for reading a synthetic table synthaudit wrote: `'=x` -> `=x` (only when
 * neutraliseFormula would have added that apostrophe); any other value unchanged.
 */
export function restoreFormula(v: string): string {
  if (v.charCodeAt(0) !== 39 || v.length < 2) return v;
  const rest = v.slice(1);
  return neutraliseFormula(rest) === v ? rest : v;
}

/**
 * toCsv with every cell passed through neutraliseFormula. The header is left as it is: it holds the real table's
 * column names, and a changed name would no longer match the real table when the file is audited.
 */
export function toSpreadsheetSafeCsv(t: Table): string {
  return toCsv({ ...t, cells: t.cells.map((col) => col.map((v) => (v === null ? null : neutraliseFormula(v)))) });
}
