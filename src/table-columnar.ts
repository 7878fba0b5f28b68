// Parquet and Arrow IPC input: the file's columns into the same column-major string cells a CSV gives (src/table.ts),
// so the schema inference and every check after it are the same. Parquet by hyparquet (+ hyparquet-compressors for
// gzip, zstd, brotli, lz4; snappy is built in), Arrow IPC (file or stream, as .arrow / .feather v2 / .arrows) by
// @uwdata/flechette: both pure JavaScript, no native code; bench/parquet-readers.mjs measured them against parquet-wasm,
// apache-arrow and @duckdb/node-api (bench/results/parquet-readers.json).
//
// Cells: null stays null (a float NaN too); integers and 64-bit integers print exactly (BigInt beyond 2^53); a 64-bit
// float prints as JavaScript's shortest round-trip form (0.1, 1e-7), a 32-bit one as the shortest decimal that gives
// back the same float32 (0.1, not 0.10000000149011612); booleans as true / false; dates as YYYY-MM-DD and timestamps as
// ISO 8601 in UTC; dictionary columns as their values. Then, as for JSON Lines, the text is trimmed and an empty cell
// or a missing-value token (--missing) is null. Nested (list, struct, map), binary, interval, time and other columns
// with no single-value text form are refused, naming the column and its type.

import { parquetMetadata, parquetSchema, parquetRead, type SchemaTree, type FileMetaData } from 'hyparquet';
import { compressors, decompressZstd } from 'hyparquet-compressors';
import { tableFromIPC, setCompressionCodec, CompressionType, Type, type Field, type DataType } from '@uwdata/flechette';
import { UserError } from './errors.js';
import type { Table } from './table.js';

/** The shortest decimal text that reads back as the same float32 (a float32 widened to a double prints 17 digits). */
function float32Text(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** Converts a column's decoded values to cells (see the header). */
function cellsOf(values: ArrayLike<unknown>, out: (string | null)[], at: number, missing: Set<string>, kind: 'float32' | 'date' | 'other'): void {
  const float32 = kind === 'float32';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let s: string | null;
    if (v === null || v === undefined) s = null;
    else if (typeof v === 'number') s = Number.isNaN(v) ? null : float32 ? float32Text(v) : String(v);
    else if (typeof v === 'string') s = v.trim();
    else if (typeof v === 'bigint' || typeof v === 'boolean') s = String(v);
    else if (v instanceof Date) s = kind === 'date' ? isoOf(v).slice(0, 10) : isoOf(v);
    else throw new UserError('unsupported value: not a number, string, boolean or date', { row: at + i + 1 });
    out[at + i] = s === null || s === '' || missing.has(s) ? null : s;
  }
}

/** ISO 8601 in UTC; a date out of JavaScript's range (beyond year 275760) is refused by the caller's check. */
function isoOf(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new UserError('a date or timestamp is out of the representable range (years -271821 to 275760)');
  return d.toISOString();
}

function checkColumns(columns: string[], label: string): void {
  const seen = new Set<string>();
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    if (c.trim() === '') throw new UserError(`column ${j + 1} has an empty name: every column needs a name`, { file: label });
    if (seen.has(c)) throw new UserError('duplicate column name', { file: label, column: c });
    seen.add(c);
  }
}

/** A UserError from a value, with the file and column it came from. */
function located(e: UserError, file: string, column?: string): UserError {
  return e.where.file ? e : new UserError(e.detail, { ...e.where, file, column: e.where.column ?? column });
}

/** First line of a library's message, without a trailing period (for "not a valid Parquet file (...)"). */
const reason = (e: unknown) => String(e instanceof Error ? e.message : e).split('\n')[0].replace(/\.$/, '').slice(0, 200);

// ---------------------------------------------------------------- Parquet

/** Why a Parquet column cannot be read as one value per row, or null when it can. */
function parquetUnsupported(node: SchemaTree): string | null {
  const el = node.element;
  const lt = el.logical_type?.type;
  const ct = el.converted_type;
  for (const bad of ['LIST', 'MAP', 'BSON', 'INTERVAL', 'TIME', 'GEOMETRY', 'GEOGRAPHY', 'VARIANT', 'FILE'] as const) if (lt === bad) return bad.toLowerCase();
  if (node.children.length > 0) return ct === 'LIST' ? 'list' : ct === 'MAP' || ct === 'MAP_KEY_VALUE' ? 'map' : 'struct';
  if (el.repetition_type === 'REPEATED') return 'repeated';
  if (ct === 'BSON' || ct === 'INTERVAL' || ct === 'TIME_MILLIS' || ct === 'TIME_MICROS') return ct.toLowerCase();
  if (el.type === 'FIXED_LEN_BYTE_ARRAY' && !(lt === 'DECIMAL' || ct === 'DECIMAL' || lt === 'FLOAT16' || lt === 'UUID')) return 'fixed-length binary';
  return null;
}

const parquetParsers = {
  timestampFromMilliseconds: (ms: bigint) => isoOf(new Date(Number(ms))),
  timestampFromMicroseconds: (us: bigint) => isoOf(new Date(Number(us / 1000n))),
  timestampFromNanoseconds: (ns: bigint) => isoOf(new Date(Number(ns / 1000000n))),
  dateFromDays: (days: number) => isoOf(new Date(days * 86400000)).slice(0, 10),
};

export async function parseParquet(buf: Uint8Array, label: string, missing: Set<string>): Promise<Table> {
  if (buf.length === 0) throw new UserError('empty file: no Parquet data', { file: label });
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  let tree: SchemaTree;
  try {
    metadata = parquetMetadata(file);
    tree = parquetSchema(metadata);
  } catch (e) {
    throw new UserError(`not a valid Parquet file (${reason(e)}): truncated or corrupt?`, { file: label });
  }
  const names = tree.children.map((c) => c.element.name);
  const columns = names.map((c) => c.trim()); // as a CSV header is read
  if (columns.length === 0) throw new UserError('empty file: the Parquet file has no columns', { file: label });
  checkColumns(columns, label);
  for (const node of tree.children) {
    const why = parquetUnsupported(node);
    if (why) throw new UserError(`unsupported column type (${why}): only single values (numbers, strings, booleans, dates) can be audited; flatten or drop it first`, { file: label, column: node.element.name });
  }
  const nRows = Number(metadata.num_rows);
  if (nRows === 0) throw new UserError('table has columns but no rows', { file: label });
  const cells: (string | null)[][] = columns.map(() => new Array<string | null>(nRows).fill(null));
  const index = new Map(names.map((c, j) => [c, j]));
  const kinds = tree.children.map((c) => (c.element.type === 'FLOAT' ? 'float32' : 'other') as 'float32' | 'other');
  const filled = columns.map(() => 0);
  let chunkError: unknown = null;
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      parsers: parquetParsers,
      // hyparquet calls this from a promise callback whose rejection nobody awaits: keep the first error, throw it below
      onChunk: ({ columnName, columnData, rowStart }) => {
        if (chunkError) return;
        const j = index.get(columnName)!;
        if (rowStart + columnData.length > nRows) {
          chunkError = new UserError(`not a valid Parquet file: more values than the ${nRows} rows the footer declares`, { file: label, column: columnName });
          return;
        }
        try {
          cellsOf(columnData, cells[j], rowStart, missing, kinds[j]);
        } catch (e) {
          chunkError = e instanceof UserError ? located(e, label, columnName) : e;
          return;
        }
        filled[j] += columnData.length;
      },
    });
    if (chunkError) throw chunkError;
  } catch (e) {
    if (e instanceof UserError) throw located(e, label);
    throw new UserError(`not a valid Parquet file (${reason(e)}): truncated or corrupt?`, { file: label });
  }
  const short = filled.findIndex((n) => n !== nRows);
  if (short >= 0) throw new UserError(`not a valid Parquet file: ${filled[short]} values for the ${nRows} rows the footer declares`, { file: label, column: columns[short] });
  return { name: label, columns, cells, nRows };
}

// ---------------------------------------------------------------- Arrow IPC

// Arrow IPC buffers may be zstd-compressed (pyarrow's Feather default is lz4, which is refused with a hint)
setCompressionCodec(CompressionType.ZSTD, {
  encode: () => {
    throw new Error('zstd compression is not available');
  },
  decode: (data: Uint8Array) => decompressZstd(data),
});

const ARROW_TYPE_NAMES = new Map<number, string>(Object.entries(Type).map(([k, v]) => [v as number, k.toLowerCase()]));

/** Why an Arrow column cannot be read as one value per row, or null when it can. */
function arrowUnsupported(t: DataType): string | null {
  if (t.typeId === Type.Dictionary) return arrowUnsupported((t as { dictionary: DataType }).dictionary);
  switch (t.typeId) {
    case Type.Null:
    case Type.Int:
    case Type.Float:
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
    case Type.Bool:
    case Type.Decimal:
    case Type.Date:
    case Type.Timestamp:
      return null;
    default:
      return ARROW_TYPE_NAMES.get(t.typeId) ?? `type id ${t.typeId}`;
  }
}

export function parseArrow(buf: Uint8Array, label: string, missing: Set<string>): Table {
  if (buf.length === 0) throw new UserError('empty file: no Arrow data', { file: label });
  const magic = (off: number) => [...'ARROW1'].every((c, k) => buf[off + k] === c.charCodeAt(0));
  if (magic(0) && (buf.length < 12 || !magic(buf.length - 6))) throw new UserError('not a valid Arrow IPC file (it starts with ARROW1 but does not end with it): truncated?', { file: label });
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(buf, { useBigInt: true, useDate: true });
  } catch (e) {
    const r = reason(e);
    if (/LZ4/i.test(r)) throw new UserError('Arrow IPC file compressed with lz4, which is not supported: write it uncompressed or with zstd (pyarrow: compression="zstd")', { file: label });
    throw new UserError(`not a valid Arrow IPC file (${r}): truncated or corrupt?`, { file: label });
  }
  const fields: Field[] = table.schema.fields;
  const columns = fields.map((f) => f.name.trim()); // as a CSV header is read
  if (columns.length === 0) throw new UserError('empty file: the Arrow file has no columns', { file: label });
  checkColumns(columns, label);
  for (const f of fields) {
    const why = arrowUnsupported(f.type);
    if (why) throw new UserError(`unsupported column type (${why}): only single values (numbers, strings, booleans, dates) can be audited; flatten or drop it first`, { file: label, column: f.name });
  }
  const nRows = table.numRows;
  if (nRows === 0) throw new UserError('table has columns but no rows', { file: label });
  const cells = fields.map((f, j) => {
    const out = new Array<string | null>(nRows);
    const col = table.getChildAt(j);
    const kind = f.type.typeId === Type.Float && (f.type as { precision: number }).precision === 1 ? 'float32' : f.type.typeId === Type.Date ? 'date' : 'other';
    try {
      cellsOf(col!.toArray() as ArrayLike<unknown>, out, 0, missing, kind);
    } catch (e) {
      if (e instanceof UserError) throw located(e, label, f.name);
      throw new UserError(`not a valid Arrow IPC file (${reason(e)}): truncated or corrupt?`, { file: label, column: f.name });
    }
    return out;
  });
  return { name: label, columns, cells, nRows };
}
