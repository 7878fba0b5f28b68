// Table loading: CSV / TSV (RFC 4180 quoting, CRLF, UTF-8 BOM, optional gzip) and JSON Lines into column-major string arrays.
// Missing values (empty cell, NA, ? by default) become null. Malformed input raises a UserError naming file and row.

import { readFileSync, existsSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { UserError } from './errors.js';

export const DEFAULT_MISSING = ['', 'NA', '?'];

/** A raw table: column-major cells, null for missing. No per-row objects. */
export interface Table {
  /** Where it came from (file path or a label), used in messages. */
  name: string;
  columns: string[];
  /** cells[j][i] = value of column j in row i. */
  cells: (string | null)[][];
  nRows: number;
}

export interface LoadOptions {
  missing?: string[];
  format?: 'csv' | 'tsv' | 'jsonl';
  /** Label used in messages instead of the path. */
  label?: string;
}

export function detectFormat(path: string): 'csv' | 'tsv' | 'jsonl' {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.tsv') || p.endsWith('.tab')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  return 'csv';
}

export function loadTable(path: string, opts: LoadOptions = {}): Table {
  const label = opts.label ?? path;
  if (!existsSync(path)) throw new UserError('file not found', { file: label });
  if (statSync(path).isDirectory()) throw new UserError('is a directory, expected a table file', { file: label });
  let buf: Buffer = readFileSync(path);
  if (path.toLowerCase().endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch {
      throw new UserError('not a valid gzip file', { file: label });
    }
  }
  const text = buf.toString('utf8');
  return parseTable(text, label, { ...opts, format: opts.format ?? detectFormat(path) });
}

export function parseTable(text: string, label: string, opts: LoadOptions = {}): Table {
  const format = opts.format ?? 'csv';
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const t = format === 'jsonl' ? parseJsonl(text, label, missing) : parseDelimited(text, label, format === 'tsv' ? '\t' : ',', missing);
  if (t.columns.length === 0) throw new UserError('empty file: no header row', { file: label });
  if (t.nRows === 0) throw new UserError('table has a header but no data rows', { file: label });
  return t;
}

function checkHeader(columns: string[], label: string): void {
  const seen = new Set<string>();
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    if (c === '') throw new UserError(`header field ${j + 1} is empty: every column needs a name`, { file: label });
    if (seen.has(c)) throw new UserError('duplicate column name in header', { file: label, column: c });
    seen.add(c);
  }
}

function parseDelimited(text: string, label: string, delim: string, missing: Set<string>): Table {
  const D = delim.charCodeAt(0);
  const Q = 34; // "
  const n = text.length;
  let pos = 0;
  let line = 1; // physical line number, for messages
  let columns: string[] | null = null;
  let cells: (string | null)[][] = [];
  let nRows = 0;
  let record: string[] = [];
  let recordLine = 1;

  const finishRecord = () => {
    if (columns === null) {
      columns = record.map((s) => s.trim());
      checkHeader(columns, label);
      cells = columns.map(() => []);
      return;
    }
    // skip completely blank lines
    if (record.length === 1 && record[0] === '') return;
    nRows++;
    if (record.length !== columns.length) {
      throw new UserError(
        `expected ${columns.length} fields, found ${record.length} (line ${recordLine})`,
        { file: label, row: nRows },
      );
    }
    for (let j = 0; j < record.length; j++) {
      const v = record[j];
      cells[j].push(missing.has(v) ? null : v);
    }
  };

  while (pos <= n) {
    // parse one field
    let field: string;
    if (pos < n && text.charCodeAt(pos) === Q) {
      const startLine = line;
      pos++;
      let out = '';
      let segStart = pos;
      for (;;) {
        const q = text.indexOf('"', pos);
        if (q < 0) {
          throw new UserError(`unterminated quoted field starting on line ${startLine}`, { file: label, row: columns === null ? undefined : nRows + 1 });
        }
        // count newlines skipped for line numbers
        for (let k = pos; k < q; k++) if (text.charCodeAt(k) === 10) line++;
        if (q + 1 < n && text.charCodeAt(q + 1) === Q) {
          out += text.slice(segStart, q + 1);
          pos = q + 2;
          segStart = pos;
          continue;
        }
        out += text.slice(segStart, q);
        pos = q + 1;
        break;
      }
      field = out;
      // after closing quote: expect delimiter, newline or EOF
      const c = pos < n ? text.charCodeAt(pos) : -1;
      if (c !== -1 && c !== D && c !== 10 && c !== 13) {
        throw new UserError(`unexpected character after closing quote on line ${line}`, { file: label, row: columns === null ? undefined : nRows + 1 });
      }
    } else {
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === D || c === 10 || c === 13) break;
        end++;
      }
      field = text.slice(pos, end).trim();
      if (field.indexOf('"') >= 0 && delim === ',') {
        throw new UserError(`stray quote inside an unquoted field on line ${line}`, { file: label, row: columns === null ? undefined : nRows + 1 });
      }
      pos = end;
    }
    record.push(field);
    const c = pos < n ? text.charCodeAt(pos) : -1;
    if (c === D) {
      pos++;
      continue;
    }
    // end of record
    if (c === 13) pos++;
    if (pos < n && text.charCodeAt(pos) === 10) pos++;
    const isLastEmpty = c === -1 && record.length === 1 && record[0] === '';
    if (!isLastEmpty) finishRecord();
    record = [];
    line++;
    recordLine = line;
    if (c === -1) break;
    if (pos >= n) break;
  }
  if (columns === null) return { name: label, columns: [], cells: [], nRows: 0 };
  return { name: label, columns, cells, nRows };
}

function parseJsonl(text: string, label: string, missing: Set<string>): Table {
  const lines = text.split(/\r?\n/);
  let columns: string[] | null = null;
  let index = new Map<string, number>();
  let cells: (string | null)[][] = [];
  let nRows = 0;
  for (let li = 0; li < lines.length; li++) {
    const s = lines[li].trim();
    if (s === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch {
      throw new UserError(`line ${li + 1} is not valid JSON`, { file: label, row: nRows + 1 });
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new UserError(`line ${li + 1} is not a JSON object`, { file: label, row: nRows + 1 });
    }
    const rec = obj as Record<string, unknown>;
    if (columns === null) {
      columns = Object.keys(rec);
      checkHeader(columns, label);
      index = new Map(columns.map((c, j) => [c, j]));
      cells = columns.map(() => []);
    }
    nRows++;
    for (const k of Object.keys(rec)) {
      if (!index.has(k)) throw new UserError(`key not present in the first record`, { file: label, column: k, row: nRows });
    }
    for (let j = 0; j < columns.length; j++) {
      const v = rec[columns[j]];
      if (v === null || v === undefined) cells[j].push(null);
      else if (typeof v === 'object') throw new UserError('nested values are not supported', { file: label, column: columns[j], row: nRows });
      else {
        const str = String(v).trim();
        cells[j].push(missing.has(str) ? null : str);
      }
    }
  }
  if (columns === null) return { name: label, columns: [], cells: [], nRows: 0 };
  return { name: label, columns, cells, nRows };
}

/** Rows of a table by index (copies the cells; used for subsampling and splitting). */
export function selectRows(t: Table, rows: ArrayLike<number>, name = t.name): Table {
  const cells = t.cells.map((col) => {
    const out = new Array<string | null>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  });
  return { name, columns: t.columns.slice(), cells, nRows: rows.length };
}

/** Serialise a table to RFC 4180 CSV (missing as empty cell). */
export function toCsv(t: Table): string {
  const esc = (v: string | null) => {
    if (v === null) return '';
    return /[",\r\n]/.test(v) || v !== v.trim() ? '"' + v.replace(/"/g, '""') + '"' : v;
  };
  const out: string[] = [t.columns.map(esc).join(',')];
  for (let i = 0; i < t.nRows; i++) {
    let line = '';
    for (let j = 0; j < t.columns.length; j++) {
      if (j) line += ',';
      line += esc(t.cells[j][i]);
    }
    out.push(line);
  }
  return out.join('\n') + '\n';
}

export function shortName(path: string): string {
  return basename(path);
}
