// Table loading: CSV / TSV (RFC 4180 quoting, CRLF, UTF-8 BOM, optional gzip), JSON Lines, Parquet and Arrow IPC
// (src/table-columnar.ts, loaded only when such a file is read, through loadTableAsync) into column-major string arrays.
// Missing values (empty cell, NA, ? by default; a cell of only spaces, quoted or not, too) become null. Malformed input
// raises a UserError naming file and row. The delimiter (comma, semicolon, tab, pipe) is sniffed from the header and the
// first rows unless given; a file (or its gzip content) larger than maxInputMb is refused before it is decoded.

import { readFileSync, existsSync, statSync, createReadStream } from 'node:fs';
import { gunzipSync, createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { basename } from 'node:path';
import { constants as bufferConstants } from 'node:buffer';
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
  /** The field delimiter a CSV / TSV was read with. */
  delimiter?: Delimiter;
}

export type Delimiter = ',' | ';' | '\t' | '|';
/** Sniffing order (the first wins a tie). */
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const DELIMITER_NAMES = new Map<string, Delimiter>([
  ['comma', ','], [',', ','], ['semicolon', ';'], [';', ';'], ['tab', '\t'], ['\t', '\t'], ['\\t', '\t'], ['pipe', '|'], ['|', '|'],
]);
export function delimiterName(d: Delimiter): string {
  return d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : 'pipe';
}

/** Read a --delimiter value: comma, semicolon, tab, pipe, the character itself, or auto (sniff). */
export function parseDelimiter(v: string, what = '--delimiter'): Delimiter | 'auto' {
  if (v === 'auto') return 'auto';
  const d = DELIMITER_NAMES.get(v.toLowerCase()) ?? DELIMITER_NAMES.get(v);
  if (!d) throw new UserError(`${what} must be comma, semicolon, tab, pipe or auto (got ${JSON.stringify(v)})`);
  return d;
}

/**
 * Default limit on a table's size in MB, after gzip decompression: 511, about the largest text Node.js can hold in one string
 * (buffer.constants.MAX_STRING_LENGTH, 536,870,888 characters); larger tables cannot be read in one piece.
 */
export const DEFAULT_MAX_INPUT_MB = Math.floor(bufferConstants.MAX_STRING_LENGTH / 2 ** 20); // 511

export interface LoadOptions {
  missing?: string[];
  format?: TableFormat;
  /** Label used in messages instead of the path. */
  label?: string;
  /** Field delimiter of a CSV / TSV, or 'auto' (the default): sniffed from the header and the first rows. */
  delimiter?: Delimiter | 'auto';
  /** Refuse a file larger than this many MB (2^20 bytes) once decompressed (default DEFAULT_MAX_INPUT_MB). */
  maxInputMb?: number;
  /** Notices about how the file was read (e.g. a sniffed semicolon delimiter) are appended here. */
  notices?: string[];
}

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'arrow';

/** The format a file name says (a Parquet or Arrow file under another name is still recognised by its first bytes). */
export function detectFormat(path: string): TableFormat {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.tsv') || p.endsWith('.tab')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.parquet') || p.endsWith('.pq') || p.endsWith('.parq')) return 'parquet';
  if (p.endsWith('.arrow') || p.endsWith('.arrows') || p.endsWith('.feather') || p.endsWith('.ipc')) return 'arrow';
  return 'csv';
}

/** Parquet files start and end with PAR1; Arrow IPC files start with ARROW1, Arrow streams with a 0xFFFFFFFF marker. */
export function sniffColumnar(buf: Uint8Array): 'parquet' | 'arrow' | null {
  const ascii = (off: number, s: string) => buf.length >= off + s.length && [...s].every((c, k) => buf[off + k] === c.charCodeAt(0));
  if (ascii(0, 'PAR1')) return 'parquet';
  if (ascii(0, 'ARROW1')) return 'arrow';
  if (buf.length >= 8 && buf[0] === 0xff && buf[1] === 0xff && buf[2] === 0xff && buf[3] === 0xff) return 'arrow';
  return null;
}

/** Reads any input format: CSV, TSV, JSON Lines, Parquet, Arrow IPC (see loadTable for the checks). The Parquet and
 *  Arrow readers are imported on first use, so a CSV run does not pay for loading them. */
export async function loadTableAsync(path: string, opts: LoadOptions = {}): Promise<Table> {
  const checked = checkInput(path, opts);
  const named = opts.format ?? detectFormat(path);
  if (named === 'csv' || named === 'tsv') {
    const t = await streamDelimited(path, named, opts, checked);
    if (t) return t;
  }
  const { buf, label, format } = readInput(path, opts, checked);
  if (format !== 'parquet' && format !== 'arrow') return parseBuffer(buf, label, format, opts);
  const { parseParquet, parseArrow } = await import('./table-columnar.js');
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  return finish(format === 'parquet' ? await parseParquet(buf, label, missing) : parseArrow(buf, label, missing), label);
}

/** Reads CSV, TSV or JSON Lines synchronously; Parquet and Arrow IPC need loadTableAsync. */
export function loadTable(path: string, opts: LoadOptions = {}): Table {
  const { buf, label, format } = readInput(path, opts);
  if (format === 'parquet' || format === 'arrow') throw new UserError(`${format === 'parquet' ? 'a Parquet' : 'an Arrow IPC'} file is read by loadTableAsync (loadTable is synchronous, for CSV, TSV and JSON Lines)`, { file: label });
  return parseBuffer(buf, label, format, opts);
}

function finish(t: Table, label: string): Table {
  if (t.nRows === 0) throw new UserError('table has a header but no data rows', { file: label });
  return t;
}

function parseBuffer(buf: Buffer, label: string, format: TableFormat, opts: LoadOptions): Table {
  let text: string;
  try {
    text = buf.toString('utf8');
  } catch {
    const maxMb = opts.maxInputMb ?? DEFAULT_MAX_INPUT_MB;
    throw new UserError(`is more than the ${maxMb} MB input limit (--max-input-mb; tables above ${DEFAULT_MAX_INPUT_MB} MB cannot be read in one piece): subsample it first`, { file: label });
  }
  return parseTable(text, label, { ...opts, format });
}

interface CheckedInput {
  label: string;
  gz: boolean;
  maxBytes: number;
  tooBig: (what: string) => UserError;
}

/** The existence and size checks before a file is read. */
function checkInput(path: string, opts: LoadOptions): CheckedInput {
  const label = opts.label ?? path;
  if (!existsSync(path)) throw new UserError('file not found', { file: label });
  const st = statSync(path);
  if (st.isDirectory()) throw new UserError('is a directory, expected a table file', { file: label });
  const maxMb = opts.maxInputMb ?? DEFAULT_MAX_INPUT_MB;
  if (!(typeof maxMb === 'number' && maxMb > 0 && Number.isFinite(maxMb))) throw new UserError(`the input size limit (--max-input-mb) must be a positive number of MB (got ${maxMb})`);
  const maxBytes = Math.floor(maxMb * 2 ** 20);
  const tooBig = (what: string) =>
    new UserError(`${what} more than the ${maxMb} MB input limit (--max-input-mb; tables above ${DEFAULT_MAX_INPUT_MB} MB cannot be read in one piece): subsample it first`, { file: label });
  const gz = path.toLowerCase().endsWith('.gz');
  if (!gz && st.size > maxBytes) throw tooBig(`is ${(st.size / 2 ** 20).toFixed(1)} MB,`);
  return { label, gz, maxBytes, tooBig };
}

/** The file's bytes (gunzipped), after the existence and size checks, and its format: the name's, unless the first bytes
 *  are Parquet's or Arrow's. */
function readInput(path: string, opts: LoadOptions, checked = checkInput(path, opts)): { buf: Buffer; label: string; format: TableFormat } {
  const { label, gz, maxBytes, tooBig } = checked;
  let buf: Buffer = readFileSync(path);
  if (gz) {
    try {
      // stop decompressing at the limit: a small gzip bomb must not fill the memory
      buf = gunzipSync(buf, { maxOutputLength: Math.min(maxBytes + 1, bufferConstants.MAX_LENGTH) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig('decompresses to');
      throw new UserError('not a valid gzip file', { file: label });
    }
    if (buf.length > maxBytes) throw tooBig('decompresses to');
  }
  const format = opts.format ?? sniffColumnar(buf) ?? detectFormat(path);
  return { buf, label, format };
}

/** Below this many characters of unparsed text the streaming reader waits for more (and for twice a long record). */
const STREAM_PIECE = 1 << 20;

/**
 * Reads a CSV / TSV given in pieces of text (the streaming reader's decoded chunks): the same table, notices and errors
 * as parseTable on the whole text. Pieces of at least pieceChars characters go to the parser, an unfinished record
 * carried to the next one; a record longer than that waits for twice as much text (linear, not quadratic, in its length).
 * The delimiter is sniffed once more than 64 K characters (or the whole text) are in, as sniffDelimiter reads a whole text.
 */
export class DelimitedReader {
  private pending = '';
  private parser: DelimitedParser | null = null;
  private delim: Delimiter;
  private wait: number;
  private readonly missing: Set<string>;

  constructor(
    private readonly label: string,
    format: 'csv' | 'tsv',
    private readonly opts: LoadOptions = {},
    private readonly pieceChars = STREAM_PIECE,
  ) {
    this.delim = format === 'tsv' ? '\t' : ',';
    this.wait = pieceChars;
    this.missing = new Set(opts.missing ?? DEFAULT_MISSING);
  }

  private start(): DelimitedParser {
    const { opts, label } = this;
    if (this.pending.charCodeAt(0) === 0xfeff) this.pending = this.pending.slice(1);
    const dflt = this.delim;
    if (opts.delimiter !== undefined && opts.delimiter !== 'auto') this.delim = parseDelimiter(opts.delimiter) as Delimiter;
    else {
      const sniffed = sniffDelimiter(this.pending, undefined, undefined, dflt);
      if (sniffed && sniffed !== dflt) {
        this.delim = sniffed;
        opts.notices?.push(`${label}: read as ${delimiterName(sniffed)}-delimited (sniffed from the header and the first rows; --delimiter to choose)`);
      }
    }
    return new DelimitedParser(label, this.delim, this.missing);
  }

  push(text: string): void {
    this.pending += text;
    if (!this.parser) {
      const sniff = this.opts.delimiter === undefined || this.opts.delimiter === 'auto';
      // sniffDelimiter reads the first 64 K characters (after a BOM); a given delimiter needs only the first character
      if (this.pending.length < (sniff ? (1 << 16) + 2 : 1)) return;
      this.parser = this.start();
    }
    if (this.pending.length < this.wait) return;
    this.pending = this.pending.slice(this.parser.feed(this.pending, false));
    this.wait = Math.max(this.pieceChars, 2 * this.pending.length);
  }

  end(): Table {
    const parser = this.parser ?? this.start();
    parser.feed(this.pending, true);
    this.pending = '';
    const t = parser.table();
    t.delimiter = this.delim;
    if (t.columns.length === 0) throw new UserError('empty file: no header row', { file: this.label });
    if (t.nRows === 0) throw new UserError('table has a header but no data rows', { file: this.label });
    return t;
  }
}

/**
 * A CSV / TSV read as a stream (gunzipped on the way): the file is never one buffer or one string (DelimitedReader).
 * Null when the first bytes are Parquet's or Arrow's (the caller reads those whole).
 */
async function streamDelimited(path: string, format: 'csv' | 'tsv', opts: LoadOptions, checked: CheckedInput): Promise<Table | null> {
  const { label, gz, maxBytes, tooBig } = checked;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = gz ? createGunzip() : null;
  const piped = gunzip ? pipeline(file, gunzip).catch((e: unknown) => e) : null;
  const decoder = new StringDecoder('utf8');
  const reader = new DelimitedReader(label, format, opts);
  const badGzip = (e: unknown) => gz && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('Z_');
  let total = 0;
  try {
    for await (const chunk of (gunzip ?? file) as AsyncIterable<Buffer>) {
      if (total === 0 && opts.format === undefined && sniffColumnar(chunk)) return null;
      total += chunk.length;
      if (total > maxBytes) throw tooBig(gz ? 'decompresses to' : 'is');
      reader.push(decoder.write(chunk));
    }
  } catch (e) {
    if (badGzip(e)) throw new UserError('not a valid gzip file', { file: label });
    throw e;
  } finally {
    gunzip?.destroy();
    file.destroy();
  }
  const err = await piped;
  if (err) throw badGzip(err) ? new UserError('not a valid gzip file', { file: label }) : err;
  reader.push(decoder.end());
  return reader.end();
}

/**
 * The delimiter of a CSV / TSV text: among comma, semicolon, tab and pipe, the one found (outside quotes) the same
 * number of times, at least once, in the header and in each of the first rows; the most frequent such one, the first
 * listed on a tie. Null when none is consistent (a one-column table, or ragged rows: the caller's default applies).
 */
export function sniffDelimiter(text: string, maxRecords = 50, maxChars = 1 << 16, preferred?: Delimiter): Delimiter | null {
  const counts: number[][] = [];
  let cur = [0, 0, 0, 0];
  let inQuote = false;
  let blank = true;
  const n = Math.min(text.length, maxChars);
  let complete = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < n && counts.length < maxRecords; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    if (inQuote) {
      blank = false;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (!blank) counts.push(cur);
      if (c === '\r' && text[i + 1] === '\n') i++;
      cur = [0, 0, 0, 0];
      blank = true;
      continue;
    }
    if (c !== ' ') blank = false;
    const k = DELIMITERS.indexOf(c as Delimiter);
    if (k >= 0) cur[k]++;
  }
  complete = i >= text.length;
  if (complete && !blank && !inQuote) counts.push(cur); // the last record, without a final newline
  if (counts.length === 0) return null;
  let best: Delimiter | null = null;
  let bestCount = 0;
  // the file type's own delimiter (tab for .tsv, comma otherwise) wins a tie: another one must give strictly more columns
  const order = preferred ? [DELIMITERS.indexOf(preferred), ...DELIMITERS.map((_, k) => k).filter((k) => DELIMITERS[k] !== preferred)] : DELIMITERS.map((_, k) => k);
  for (const k of order) {
    const h = counts[0][k];
    if (h === 0 || !counts.every((r) => r[k] === h)) continue;
    if (h > bestCount) {
      best = DELIMITERS[k];
      bestCount = h;
    }
  }
  return best;
}

export function parseTable(text: string, label: string, opts: LoadOptions = {}): Table {
  const format = opts.format ?? 'csv';
  if (format === 'parquet' || format === 'arrow') throw new UserError(`parseTable reads text formats; a ${format} file is read by loadTableAsync`, { file: label });
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let t: Table;
  if (format === 'jsonl') t = parseJsonl(text, label, missing);
  else {
    const dflt: Delimiter = format === 'tsv' ? '\t' : ',';
    let delim: Delimiter = dflt;
    if (opts.delimiter !== undefined && opts.delimiter !== 'auto') delim = parseDelimiter(opts.delimiter) as Delimiter;
    else {
      const sniffed = sniffDelimiter(text, undefined, undefined, dflt);
      if (sniffed && sniffed !== dflt) {
        delim = sniffed;
        opts.notices?.push(`${label}: read as ${delimiterName(sniffed)}-delimited (sniffed from the header and the first rows; --delimiter to choose)`);
      }
    }
    t = parseDelimited(text, label, delim, missing);
    t.delimiter = delim;
  }
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

function parseDelimited(text: string, label: string, delim: Delimiter, missing: Set<string>): Table {
  const p = new DelimitedParser(label, delim, missing);
  p.feed(text, true);
  return p.table();
}

/**
 * The CSV / TSV parser, fed a text in pieces: feed(text, final) parses the records complete in text and returns how many
 * characters it used; the rest (an unfinished record) must come again at the start of the next piece. With final set,
 * the text is the end of the file. Fed the whole file at once, or in pieces of any size, it gives the same table and
 * the same errors.
 */
class DelimitedParser {
  private columns: string[] | null = null;
  private cells: (string | null)[][] = [];
  private nRows = 0;
  /** Physical line number at the start of the next record, for messages. */
  private line = 1;
  private readonly D: number;

  constructor(
    private readonly label: string,
    private readonly delim: Delimiter,
    private readonly missing: Set<string>,
  ) {
    this.D = delim.charCodeAt(0);
  }

  table(): Table {
    if (this.columns === null) return { name: this.label, columns: [], cells: [], nRows: 0 };
    return { name: this.label, columns: this.columns, cells: this.cells, nRows: this.nRows };
  }

  private finishRecord(record: string[], recordLine: number): void {
    const { label } = this;
    if (this.columns === null) {
      const columns = record.map((s) => s.trim());
      checkHeader(columns, label);
      this.columns = columns;
      this.cells = columns.map(() => []);
      return;
    }
    // skip completely blank lines
    if (record.length === 1 && record[0] === '') return;
    this.nRows++;
    if (record.length !== this.columns.length) {
      throw new UserError(`expected ${this.columns.length} fields, found ${record.length} (line ${recordLine})`, { file: label, row: this.nRows });
    }
    for (let j = 0; j < record.length; j++) {
      // a cell of only spaces (quoted: unquoted ones are trimmed already) is an empty cell: never the number 0
      const v = record[j].trim() === '' ? '' : record[j];
      this.cells[j].push(this.missing.has(v) ? null : v);
    }
  }

  feed(text: string, final: boolean): number {
    const { D, label, delim } = this;
    const Q = 34; // "
    const n = text.length;
    let pos = 0;
    let line = this.line;
    let record: string[] = [];
    let recordStart = 0;
    let recordLine = line;
    const rowOf = () => (this.columns === null ? undefined : this.nRows + 1);

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
          // not final: the closing quote (or the second quote of a "" pair) may be in the next piece
          if (!final && (q < 0 || q + 1 >= n)) {
            this.line = recordLine;
            return recordStart;
          }
          if (q < 0) {
            throw new UserError(`unterminated quoted field starting on line ${startLine}`, { file: label, row: rowOf() });
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
          throw new UserError(`unexpected character after closing quote on line ${line}`, { file: label, row: rowOf() });
        }
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === D || c === 10 || c === 13) break;
          end++;
        }
        if (!final && end >= n) {
          // the field may go on in the next piece
          this.line = recordLine;
          return recordStart;
        }
        field = text.slice(pos, end).trim();
        if (field.indexOf('"') >= 0 && delim !== '\t') {
          throw new UserError(`stray quote inside an unquoted field on line ${line}`, { file: label, row: rowOf() });
        }
        pos = end;
      }
      record.push(field);
      const c = pos < n ? text.charCodeAt(pos) : -1;
      if (c === D) {
        pos++;
        continue;
      }
      // end of record; not final: a CR (perhaps of a CRLF) or the text's end may be followed by more in the next piece
      if (!final && (c === -1 || (c === 13 && pos + 1 >= n))) {
        this.line = recordLine;
        return recordStart;
      }
      if (c === 13) pos++;
      if (pos < n && text.charCodeAt(pos) === 10) pos++;
      const isLastEmpty = c === -1 && record.length === 1 && record[0] === '';
      if (!isLastEmpty) this.finishRecord(record, recordLine);
      record = [];
      line++;
      recordLine = line;
      recordStart = pos;
      if (c === -1) break;
      if (pos >= n) break;
    }
    this.line = line;
    return n;
  }
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
