// Issue 15 item 4: Parquet and Arrow IPC input (src/table-columnar.ts through loadTableAsync). The same table as CSV,
// Parquet and Arrow gives the same cells and the same audit results; every supported type becomes the cell text stated
// here; a truncated, corrupt or empty file and an unsupported column type are one-line user errors (CLI, exit 2).
// Fixtures: test/fixtures/data/parquet/, written by make-fixtures.mjs there.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTable, loadTableAsync, detectFormat, type Table } from '../../src/table.js';
import { runAudit } from '../../src/app/audit.js';
import { UserError } from '../../src/errors.js';
import { parquetMetadata } from 'hyparquet';
import { sharedPath } from '../helpers/data.js';
import { cli, expectOneLineError } from '../helpers/spawn.js';

const FIX = resolve(__dirname, '../fixtures/data/parquet');
const fx = (f: string) => join(FIX, f);
let dir = '';
const p = (f: string) => join(dir, f);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-parquet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function userError(f: () => Promise<unknown>): Promise<UserError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
const cellsOf = (t: Table) => Object.fromEntries(t.columns.map((c, j) => [c, t.cells[j]]));

describe('format detection', () => {
  it('by extension, and by the first bytes whatever the name', async () => {
    expect(detectFormat('a.parquet')).toBe('parquet');
    expect(detectFormat('a.PQ')).toBe('parquet');
    expect(detectFormat('a.arrow')).toBe('arrow');
    expect(detectFormat('a.feather')).toBe('arrow');
    expect(detectFormat('a.arrows')).toBe('arrow');
    expect(detectFormat('a.csv.gz')).toBe('csv');
    // a Parquet file called .csv, an Arrow file with no extension
    writeFileSync(p('really-parquet.csv'), readFileSync(fx('types.parquet')));
    writeFileSync(p('arrow-no-ext'), readFileSync(fx('types.arrow')));
    expect((await loadTableAsync(p('really-parquet.csv'))).columns[0]).toBe('i32');
    expect((await loadTableAsync(p('arrow-no-ext'))).columns[0]).toBe('i32');
  });
});

describe('same table, three formats', () => {
  it('German credit as CSV, Parquet (3 row groups) and Arrow IPC (3 batches) has identical columns and cells', async () => {
    for (const split of ['train', 'holdout'] as const) {
      const csv = loadTable(sharedPath('german_credit', split));
      const pq = await loadTableAsync(fx(`german-${split}.parquet`));
      const arrow = await loadTableAsync(fx(`german-${split}.arrow`));
      expect(csv.nRows).toBeGreaterThan(300);
      for (const t of [pq, arrow]) {
        expect(t.columns).toEqual(csv.columns);
        expect(t.nRows).toBe(csv.nRows);
        expect(t.cells).toEqual(csv.cells);
      }
    }
  });

  it('an audit (fidelity) of the Parquet and Arrow copies gives the results of the CSV audit, inputs metadata aside', async () => {
    const audit = async (real: string, holdout: string, synthetic: string) => {
      const { result } = await runAudit({ real, holdout, synthetic, seed: 11, sections: ['fidelity'] });
      const json = JSON.parse(JSON.stringify(result)) as { meta: { inputs: { file: string; sha256: string }[] } };
      const files = json.meta.inputs.map((i) => [i.file, i.sha256]);
      for (const i of json.meta.inputs) {
        i.file = '';
        i.sha256 = '';
      }
      return { json: JSON.stringify(json), files };
    };
    const gc = (s: 'train' | 'holdout') => sharedPath('german_credit', s);
    const csv = await audit(gc('train'), gc('holdout'), gc('holdout'));
    const pq = await audit(fx('german-train.parquet'), fx('german-holdout.parquet'), fx('german-holdout.parquet'));
    const arrow = await audit(fx('german-train.arrow'), fx('german-holdout.arrow'), fx('german-holdout.arrow'));
    const mixed = await audit(fx('german-train.parquet'), fx('german-holdout.arrow'), gc('holdout'));
    expect(csv.json).toContain('"fidelity"');
    expect(pq.json).toBe(csv.json);
    expect(arrow.json).toBe(csv.json);
    expect(mixed.json).toBe(csv.json);
    // what was blanked really names the inputs (each file's own hash)
    expect(pq.files[0][0]).toBe('german-train.parquet'); // the file's name only (no local path in results)
    expect(pq.files[0][1]).not.toBe(csv.files[0][1]);
  });
});

describe('types', () => {
  // written as: i32 INT32, i64 INT64 (2^53 + 1 is not a double), f64 DOUBLE, f32 FLOAT (0.1f is 0.100000001490116...),
  // b BOOLEAN, s STRING (a blank and the missing token ? are missing; cells are trimmed), ts TIMESTAMP (millis, UTC)
  const common = {
    i32: ['1', '-2', null, '2147483647'],
    i64: ['1', '-9007199254740993', null, '9007199254740993'],
    f64: ['0.1', '-1.5e-7', null, '3'],
    f32: ['0.1', '2.5', null, '-0.001'],
    b: ['true', 'false', null, 'true'],
    s: ['a', null, 'é ü', null],
    ts: ['2024-02-29T12:30:00.000Z', null, '1969-12-31T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
  };
  it('Parquet: integers exact, floats shortest, booleans, strings with missing tokens, timestamps in ISO 8601', async () => {
    expect(cellsOf(await loadTableAsync(fx('types.parquet')))).toEqual(common);
  });
  it('Arrow IPC (file and stream format): the same, plus a dictionary column and a date column', async () => {
    const want = { ...common, d: ['x', 'y', null, 'x'], date: ['2024-02-29', null, '1969-12-31', '1970-01-01'] };
    expect(cellsOf(await loadTableAsync(fx('types.arrow')))).toEqual(want);
    expect(cellsOf(await loadTableAsync(fx('types.arrows')))).toEqual(want);
    writeFileSync(p('stream-named.csv'), readFileSync(fx('types.arrows'))); // recognised by its first bytes
    expect(cellsOf(await loadTableAsync(p('stream-named.csv')))).toEqual(want);
  });
  it('compressed copies (Parquet gzip, brotli, zstd; Arrow zstd) give the same cells; Arrow lz4 is refused with a hint', async () => {
    const plain = cellsOf(await loadTableAsync(fx('types.parquet')));
    for (const [f, codec] of [['types-gzip.parquet', 'GZIP'], ['types-brotli.parquet', 'BROTLI'], ['types-zstd.parquet', 'ZSTD']]) {
      const buf = readFileSync(fx(f));
      const meta = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      expect(meta.row_groups[0].columns.map((c) => c.meta_data?.codec)).toEqual(Array(7).fill(codec)); // really compressed
      expect(cellsOf(await loadTableAsync(fx(f)))).toEqual(plain);
    }
    expect(readFileSync(fx('types-zstd.arrow')).length).toBeGreaterThan(readFileSync(fx('types.arrow')).length); // frames added
    expect(cellsOf(await loadTableAsync(fx('types-zstd.arrow')))).toEqual(cellsOf(await loadTableAsync(fx('types.arrow'))));
    expect((await userError(() => loadTableAsync(fx('lz4.arrow')))).message).toMatch(/lz4\.arrow: Arrow IPC file compressed with lz4, which is not supported: write it uncompressed or with zstd/);
  });
  it('--missing applies to every value, numbers included, as it does for a CSV', async () => {
    const t = await loadTableAsync(fx('types.parquet'), { missing: ['2147483647', 'a', 'true'] });
    expect(cellsOf(t).i32).toEqual(['1', '-2', null, null]);
    expect(cellsOf(t).s).toEqual([null, null, 'é ü', '?']);
    expect(cellsOf(t).b).toEqual([null, 'false', null, null]);
  });
});

describe('bad files are one-line user errors', () => {
  it('truncated, corrupt, empty, unsupported column, duplicate names (once trimmed), and Parquet through the synchronous loadTable', async () => {
    const good = readFileSync(fx('german-train.parquet'));
    writeFileSync(p('truncated.parquet'), good.subarray(0, Math.floor(good.length / 2)));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x5a, 200, corrupt.length - 2000); // pages scrambled, footer intact
    writeFileSync(p('corrupt.parquet'), corrupt);
    writeFileSync(p('empty.parquet'), '');
    writeFileSync(p('empty.arrow'), '');
    const arrow = readFileSync(fx('german-train.arrow'));
    writeFileSync(p('truncated.arrow'), arrow.subarray(0, Math.floor(arrow.length / 2)));

    expect((await userError(() => loadTableAsync(p('truncated.parquet')))).message).toMatch(/^\S*truncated\.parquet: not a valid Parquet file \(.+\): truncated or corrupt\?$/);
    expect((await userError(() => loadTableAsync(p('corrupt.parquet')))).message).toMatch(/^\S*corrupt\.parquet: not a valid Parquet file/);
    expect((await userError(() => loadTableAsync(p('empty.parquet')))).message).toMatch(/empty\.parquet: empty file: no Parquet data$/);
    expect((await userError(() => loadTableAsync(p('empty.arrow')))).message).toMatch(/empty\.arrow: empty file: no Arrow data$/);
    expect((await userError(() => loadTableAsync(p('truncated.arrow')))).message).toMatch(/truncated\.arrow: not a valid Arrow IPC file \(it starts with ARROW1 but does not end with it\): truncated\?$/);
    expect((await userError(() => loadTableAsync(fx('nested.parquet')))).message).toMatch(/nested\.parquet, column "payload": unsupported column type \(variant\)/);
    expect((await userError(() => loadTableAsync(fx('nested.arrow')))).message).toMatch(/nested\.arrow, column "tags": unsupported column type \(list\)/);
    expect((await userError(() => loadTableAsync(fx('dupe.parquet')))).message).toMatch(/dupe\.parquet, column "a": duplicate column name$/);
    expect((await userError(() => loadTableAsync(fx('dupe.arrow')))).message).toMatch(/dupe\.arrow, column "a": duplicate column name$/);
    expect((await userError(async () => loadTable(fx('types.parquet')))).message).toMatch(/a Parquet file is read by loadTableAsync/);
    expect((await userError(async () => loadTable(fx('types.arrow')))).message).toMatch(/an? Arrow IPC file is read by loadTableAsync/);
    for (const f of ['truncated.parquet', 'corrupt.parquet', 'empty.parquet', 'truncated.arrow']) {
      expect((await userError(() => loadTableAsync(p(f)))).message.split('\n')).toHaveLength(1);
    }
  });

  it('the CLI prints them on one line and exits 2 (audit and generate)', async () => {
    const gc = sharedPath('german_credit', 'holdout');
    const runs = await Promise.all([
      cli(['audit', '--real', p('truncated.parquet'), '--holdout', gc, '--synthetic', gc, '--out', p('o1'), '--quiet']),
      cli(['audit', '--real', gc, '--holdout', gc, '--synthetic', fx('nested.arrow'), '--out', p('o2'), '--quiet']),
      cli(['generate', '--input', p('empty.parquet'), '--rows', '10', '--out', p('s.csv')]),
    ]);
    expectOneLineError(runs[0], /truncated\.parquet: not a valid Parquet file/);
    expectOneLineError(runs[1], 'nested.arrow, column "tags": unsupported column type (list)');
    expectOneLineError(runs[2], 'empty.parquet: empty file: no Parquet data');
  });

  it('generate reads a Parquet --input', async () => {
    const r = await cli(['generate', '--generator', 'independent', '--input', fx('german-train.parquet'), '--rows', '20', '--out', p('synth.csv'), '--seed', '3']);
    expect(r.code, r.err).toBe(0);
    const t = loadTable(p('synth.csv'));
    expect(t.nRows).toBe(20);
    expect(t.columns).toEqual(loadTable(sharedPath('german_credit', 'train')).columns);
  });
});
