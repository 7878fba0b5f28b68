// Parquet / Arrow IPC reader candidates for synthaudit's table input (issue 15, item 4), measured on this machine:
//   node bench/parquet-readers.mjs          (after npm run build; needs the npm registry and ../shared/data/adult)
// Each candidate is installed with npm into its own folder under the OS temp dir (never into the project), its install
// size counted; full Adult (train.csv, 32,561 x 15) is written to Parquet and Arrow IPC by the candidates' writers; each
// reader then loads each file in a fresh node process (import + read + convert to synthaudit's column-major string cells),
// 5 times, median reported; its cells are compared one by one with the CSV load. A small typed table (int32, int64 beyond
// 2^53, float64, bool, string with nulls, dictionary string) checks the types. Adult x10 (325,610 rows) compares
// synthaudit's CSV readers (whole text: loadTable; streamed: loadTableAsync) with its Parquet reader, with peak RSS.
// Output: bench/results/parquet-readers.json and a printed table. Not part of npm run bench (it installs packages).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const adultCsv = join(root, '..', 'shared', 'data', 'adult', 'train.csv');
const work = join(tmpdir(), 'synthaudit-parquet-bench');
const RUNS = Number(process.env.RUNS ?? 5);

const CANDIDATES = {
  hyparquet: ['hyparquet@1.33.0', 'hyparquet-compressors@1.1.2'],
  'hyparquet-writer': ['hyparquet-writer@0.17.0'],
  'parquet-wasm': ['parquet-wasm@0.8.0', '@uwdata/flechette@2.6.0'],
  'apache-arrow': ['apache-arrow@21.2.0'],
  flechette: ['@uwdata/flechette@2.6.0'],
  duckdb: ['@duckdb/node-api@1.5.6-r.1'],
};

function du(p) {
  const s = lstatSync(p);
  if (!s.isDirectory()) return s.size;
  let n = 0;
  for (const f of readdirSync(p)) n += du(join(p, f));
  return n;
}
function countPackages(nm) {
  let n = 0;
  for (const f of readdirSync(nm)) {
    if (f.startsWith('.')) continue;
    if (f.startsWith('@')) n += readdirSync(join(nm, f)).length;
    else n++;
  }
  return n;
}

const install = {};
for (const [name, pkgs] of Object.entries(CANDIDATES)) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'node_modules'))) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-' + name, version: '0.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', ...pkgs], { cwd: dir, stdio: 'inherit' });
  }
  // the size of what a user installs for this reader alone (flechette rides along with parquet-wasm to decode its output)
  const nm = join(dir, 'node_modules');
  install[name] = { packages: pkgs, installedKB: Math.round(du(nm) / 1024), nPackages: countPackages(nm) };
  console.log(`installed ${name}: ${install[name].installedKB} KB, ${install[name].nPackages} packages`);
}
const req = (name, spec) => import(pathToFileURL(join(work, name, 'node_modules', spec)).href);

// ---- the reference table: Adult read by synthaudit's CSV reader ----
const { loadTable } = await import(pathToFileURL(join(root, 'dist', 'src', 'table.js')).href);
const adult = loadTable(adultCsv);
const isInt = adult.cells.map((col) => col.every((v) => v === null || /^-?\d+$/.test(v)));
console.log(`Adult: ${adult.nRows} rows x ${adult.columns.length} columns; integer columns: ${adult.columns.filter((_, j) => isInt[j]).join(', ')}`);

const files = join(work, 'files');
mkdirSync(files, { recursive: true });

// Arrow IPC by apache-arrow (strings as Dictionary<Utf8>, integers Int32, nulls kept)
{
  const A = await req('apache-arrow', 'apache-arrow/Arrow.node.mjs');
  const cols = {};
  adult.columns.forEach((c, j) => {
    cols[c] = isInt[j]
      ? A.vectorFromArray(adult.cells[j].map((v) => (v === null ? null : Number(v))), new A.Int32())
      : A.vectorFromArray(adult.cells[j], new A.Dictionary(new A.Utf8(), new A.Int32()));
  });
  const t = new A.Table(cols);
  writeFileSync(join(files, 'adult.arrow'), A.tableToIPC(t, 'file'));
  // Parquet by parquet-wasm (the arrow-rs writer, as pyarrow / Spark / DuckDB write: dictionary pages, snappy)
  const PW = await req('parquet-wasm', 'parquet-wasm/node/parquet_wasm.js');
  const wt = PW.Table.fromIPCStream(A.tableToIPC(t, 'stream'));
  const props = new PW.WriterPropertiesBuilder().setCompression(PW.Compression.SNAPPY).build();
  writeFileSync(join(files, 'adult-arrowrs-snappy.parquet'), PW.writeParquet(wt, props));
  for (const codec of ['ZSTD', 'GZIP', 'BROTLI', 'LZ4_RAW', 'LZ4', 'UNCOMPRESSED']) {
    const wt2 = PW.Table.fromIPCStream(A.tableToIPC(t, 'stream'));
    const props2 = new PW.WriterPropertiesBuilder().setCompression(PW.Compression[codec]).build();
    writeFileSync(join(files, `adult-arrowrs-${codec.toLowerCase()}.parquet`), PW.writeParquet(wt2, props2));
  }
}
// Parquet by hyparquet-writer (plain JS writer)
{
  const HW = await req('hyparquet-writer', 'hyparquet-writer/src/index.js');
  const columnData = adult.columns.map((c, j) => ({
    name: c,
    data: isInt[j] ? adult.cells[j].map((v) => (v === null ? null : Number(v))) : adult.cells[j],
    type: isInt[j] ? 'INT32' : 'STRING',
  }));
  const buf = HW.parquetWriteBuffer({ columnData });
  writeFileSync(join(files, 'adult-hyparquet-writer.parquet'), new Uint8Array(buf));
}
// the typed table: every type the input must read, with nulls
{
  const A = await req('apache-arrow', 'apache-arrow/Arrow.node.mjs');
  const t = new A.Table({
    i32: A.vectorFromArray([1, -2, null, 2147483647], new A.Int32()),
    i64: A.vectorFromArray([1n, -9007199254740993n, null, 9007199254740993n], new A.Int64()),
    f64: A.vectorFromArray([0.1, -1.5e-7, null, 3], new A.Float64()),
    b: A.vectorFromArray([true, false, null, true], new A.Bool()),
    s: A.vectorFromArray(['a', null, 'é ü', 'a'], new A.Utf8()),
    d: A.vectorFromArray(['x', 'y', null, 'x'], new A.Dictionary(new A.Utf8(), new A.Int32())),
  });
  writeFileSync(join(files, 'types.arrow'), A.tableToIPC(t, 'file'));
  const PW = await req('parquet-wasm', 'parquet-wasm/node/parquet_wasm.js');
  writeFileSync(join(files, 'types.parquet'), PW.writeParquet(PW.Table.fromIPCStream(A.tableToIPC(t, 'stream'))));
}
const TYPES_EXPECTED = {
  i32: ['1', '-2', null, '2147483647'],
  i64: ['1', '-9007199254740993', null, '9007199254740993'],
  f64: ['0.1', '-1.5e-7', null, '3'],
  b: ['true', 'false', null, 'true'],
  s: ['a', null, 'é ü', 'a'],
  d: ['x', 'y', null, 'x'],
};
// Adult x10: the CSV (synthaudit's toCsv of the rows repeated) and its Parquet copy (arrow-rs writer, snappy)
{
  const { toCsv } = await import(pathToFileURL(join(root, 'dist', 'src', 'table.js')).href);
  const rep = { name: 'adult10', columns: adult.columns, cells: adult.cells.map((c) => Array(10).fill(c).flat()), nRows: adult.nRows * 10 };
  writeFileSync(join(files, 'adult10.csv'), toCsv(rep));
  const A = await req('apache-arrow', 'apache-arrow/Arrow.node.mjs');
  const cols = {};
  rep.columns.forEach((c, j) => {
    cols[c] = isInt[j]
      ? A.vectorFromArray(rep.cells[j].map((v) => (v === null ? null : Number(v))), new A.Int32())
      : A.vectorFromArray(rep.cells[j], new A.Dictionary(new A.Utf8(), new A.Int32()));
  });
  const PW = await req('parquet-wasm', 'parquet-wasm/node/parquet_wasm.js');
  const props = new PW.WriterPropertiesBuilder().setCompression(PW.Compression.SNAPPY).build();
  writeFileSync(join(files, 'adult10-arrowrs-snappy.parquet'), PW.writeParquet(PW.Table.fromIPCStream(A.tableToIPC(new A.Table(cols), 'stream')), props));
}
const fileSizes = Object.fromEntries(readdirSync(files).map((f) => [f, statSync(join(files, f)).size]));
fileSizes['train.csv'] = statSync(adultCsv).size;

// ---- readers: each a child script that imports the library, reads, converts to string cells, prints timings ----
const cell = `const cellOf = (v) => v === null || v === undefined ? null : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(v)) : typeof v === 'bigint' ? v.toString() : String(v);`;
const tail = `
const t2 = performance.now();
const { createHash } = await import('node:crypto');
const h = createHash('sha256'); h.update(columns.join('\\u0001'));
for (const col of cells) for (const v of col) h.update(v === null ? '\\u0000' : v + '\\u0001');
process.stdout.write(JSON.stringify({ importMs: t1 - t0, readMs: t2 - t1, maxRssMB: process.resourceUsage().maxRSS / 1024, nRows: cells[0].length, columns, hash: h.digest('hex'), sample: Object.fromEntries(columns.map((c, j) => [c, cells[j].slice(0, 4)])) }));`;
const ALL_PARQUET = ['snappy', 'zstd', 'gzip', 'brotli', 'lz4_raw', 'lz4', 'uncompressed'].map((c) => `adult-arrowrs-${c}.parquet`).concat(['adult-hyparquet-writer.parquet']);
const READERS = {
  // what synthaudit ships (src/table-columnar.ts: hyparquet + hyparquet-compressors, flechette) through its loader
  synthaudit: { files: [...ALL_PARQUET, 'adult.arrow', 'adult10-arrowrs-snappy.parquet', 'types.parquet', 'types.arrow'], src: (f) => `const t0 = performance.now(); const { loadTableAsync } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'table.js')).href)}); const t1 = performance.now();
const t = await loadTableAsync(${JSON.stringify(f)}); const columns = t.columns, cells = t.cells;` },
  'synthaudit-csv-stream': { files: ['train.csv', 'adult10.csv'], src: (f) => `const t0 = performance.now(); const { loadTableAsync } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'table.js')).href)}); const t1 = performance.now();
const t = await loadTableAsync(${JSON.stringify(f)}); const columns = t.columns, cells = t.cells;` },
  csv: { files: ['train.csv', 'adult10.csv'], src: (f) => `const t0 = performance.now(); const { loadTable } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'table.js')).href)}); const t1 = performance.now();
const t = loadTable(${JSON.stringify(f)}); const columns = t.columns, cells = t.cells;` },
  hyparquet: { files: ['adult-arrowrs-snappy.parquet', 'adult-arrowrs-zstd.parquet', 'adult-hyparquet-writer.parquet', 'types.parquet'], src: (f) => `${cell}
const t0 = performance.now(); const H = await import(${JSON.stringify(pathToFileURL(join(work, 'hyparquet', 'node_modules', 'hyparquet', 'src', 'index.js')).href)}); const C = await import(${JSON.stringify(pathToFileURL(join(work, 'hyparquet', 'node_modules', 'hyparquet-compressors', 'src', 'index.js')).href)}); const t1 = performance.now();
const { readFileSync } = await import('node:fs'); const b = readFileSync(${JSON.stringify(f)}); const file = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
const metadata = H.parquetMetadata(file); const columns = H.parquetSchema(metadata).children.map((c) => c.element.name);
const cells = columns.map(() => []);
await H.parquetRead({ file, metadata, compressors: C.compressors, utf8: true, onChunk: ({ columnName, columnData }) => { const out = cells[columns.indexOf(columnName)]; for (let i = 0; i < columnData.length; i++) out.push(cellOf(columnData[i])); } });` },
  'parquet-wasm': { files: ['adult-arrowrs-snappy.parquet', 'adult-arrowrs-zstd.parquet', 'adult-hyparquet-writer.parquet', 'types.parquet'], src: (f) => `${cell}
const t0 = performance.now(); const { createRequire } = await import('node:module'); const PW = createRequire(import.meta.url)(${JSON.stringify(join(work, 'parquet-wasm', 'node_modules', 'parquet-wasm', 'node', 'parquet_wasm.js'))}); const F = await import(${JSON.stringify(pathToFileURL(join(work, 'parquet-wasm', 'node_modules', '@uwdata', 'flechette', 'src', 'index.js')).href)}); const t1 = performance.now();
const { readFileSync } = await import('node:fs'); const wt = PW.readParquet(readFileSync(${JSON.stringify(f)})); const t = F.tableFromIPC(wt.intoIPCStream(), { useBigInt: true });
const columns = t.schema.fields.map((x) => x.name); const cells = columns.map((c) => Array.from(t.getChild(c).toArray(), cellOf));` },
  'apache-arrow': { files: ['adult.arrow', 'types.arrow'], src: (f) => `${cell}
const t0 = performance.now(); const A = await import(${JSON.stringify(pathToFileURL(join(work, 'apache-arrow', 'node_modules', 'apache-arrow', 'Arrow.node.mjs')).href)}); const t1 = performance.now();
const { readFileSync } = await import('node:fs'); const t = A.tableFromIPC(readFileSync(${JSON.stringify(f)}));
const columns = t.schema.fields.map((x) => x.name); const cells = columns.map((c) => Array.from(t.getChild(c), cellOf));` },
  flechette: { files: ['adult.arrow', 'types.arrow'], src: (f) => `${cell}
const t0 = performance.now(); const F = await import(${JSON.stringify(pathToFileURL(join(work, 'flechette', 'node_modules', '@uwdata', 'flechette', 'src', 'index.js')).href)}); const t1 = performance.now();
const { readFileSync } = await import('node:fs'); const t = F.tableFromIPC(readFileSync(${JSON.stringify(f)}), { useBigInt: true });
const columns = t.schema.fields.map((x) => x.name); const cells = columns.map((c) => Array.from(t.getChild(c).toArray(), cellOf));` },
  duckdb: { files: ['adult-arrowrs-snappy.parquet', 'adult-arrowrs-zstd.parquet', 'adult-hyparquet-writer.parquet', 'types.parquet'], src: (f) => `${cell}
const t0 = performance.now(); const D = await import(${JSON.stringify(pathToFileURL(join(work, 'duckdb', 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js')).href)}); const t1 = performance.now();
const inst = await D.DuckDBInstance.create(':memory:'); const con = await inst.connect();
const r = await con.runAndReadAll("select * from read_parquet(" + ${JSON.stringify("'" + f + "'")} + ")");
const columns = r.columnNames(); const cells = r.getColumnsJS().map((col) => col.map(cellOf));` },
};

const csvRef = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', READERS.csv.src(adultCsv) + tail], { maxBuffer: 1 << 26 }).toString());
const csvRef10 = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', READERS.csv.src(join(files, 'adult10.csv')) + tail], { maxBuffer: 1 << 26 }).toString());
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [];
for (const [reader, spec] of Object.entries(READERS)) {
  for (const f of spec.files) {
    const path = f === 'train.csv' ? adultCsv : join(files, f);
    const runs = [];
    let last = null;
    let error = null;
    for (let r = 0; r < (f.startsWith('types') ? 1 : RUNS); r++) {
      try {
        last = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', spec.src(path) + tail], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] }).toString());
        runs.push(last);
      } catch (e) {
        error = String(e.stderr ?? e).split('\n').find((l) => /Error/.test(l)) ?? String(e).slice(0, 200);
        break;
      }
    }
    const row = { reader, file: f, fileKB: Math.round(fileSizes[f] / 1024) };
    if (error) row.error = error;
    else if (f.startsWith('types')) {
      const bad = Object.entries(TYPES_EXPECTED).filter(([c, want]) => JSON.stringify(last.sample[c]) !== JSON.stringify(want)).map(([c]) => `${c}: got ${JSON.stringify(last.sample[c])}`);
      row.typesCorrect = bad.length === 0;
      if (bad.length) row.typeMismatches = bad;
    } else {
      row.importMs = +median(runs.map((x) => x.importMs)).toFixed(1);
      row.readMs = +median(runs.map((x) => x.readMs)).toFixed(1);
      row.totalMs = +median(runs.map((x) => x.importMs + x.readMs)).toFixed(1);
      row.maxRssMB = Math.round(median(runs.map((x) => x.maxRssMB)));
      const ref = f.startsWith('adult10') ? csvRef10 : csvRef;
      row.rows = last.nRows;
      row.sameCellsAsCsv = last.hash === ref.hash && last.nRows === ref.nRows;
    }
    loads.push(row);
    console.log(JSON.stringify(row));
  }
}

const out = { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString(), runs: RUNS, adult: { rows: adult.nRows, columns: adult.columns.length }, fileSizesKB: Object.fromEntries(Object.entries(fileSizes).map(([k, v]) => [k, Math.round(v / 1024)])), install, loads };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'parquet-readers.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/parquet-readers.json');
