// Issue 14 item 11 and issue 17 (inputs): the delimiter is sniffed (comma, semicolon, tab, pipe) or given, a quoted
// blank cell is missing (never the number 0), and an input over the size limit (a gzip bomb included) is a one-line
// error. Unit tests on src/table.ts plus CLI runs of the compiled binary (spawned asynchronously).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { constants as bufferConstants } from 'node:buffer';
import { loadTable, parseTable, sniffDelimiter, DEFAULT_MAX_INPUT_MB } from '../../src/table.js';
import { inferSchema } from '../../src/schema.js';
import { prepare } from '../../src/prepare.js';
import { cli as runCli, expectOneLineError } from '../helpers/spawn.js';
import { userErrorOf } from '../helpers/errors.js';

const cli = (args: string[], timeoutMs = 60_000) => runCli(args, undefined, { timeoutMs });
let dir = '';
const p = (f: string) => join(dir, f);
const rows = (n: number, off: number, d = ',') =>
  ['age', 'grp', 'y'].join(d) + '\n' + Array.from({ length: n }, (_, i) => [20 + ((i * 7 + off) % 50), ['a', 'b', 'c'][(i + off) % 3], ['x', 'z'][(i * 5 + off) % 2]].join(d)).join('\n') + '\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-table-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('delimiter sniffing', () => {
  it('finds comma, semicolon, tab and pipe from the header and first rows, ignoring quoted ones', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n')).toBe(';'); // decimal commas do not fool it
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\r\n1|2|3\r\n')).toBe('|');
    expect(sniffDelimiter('"x;y",b\n"1;2;3",4\n')).toBe(',');
    expect(sniffDelimiter('"a,b";c\n"multi\nline, text";2\n')).toBe(';');
    expect(sniffDelimiter('only\n1\n2\n')).toBeNull(); // one column: the default applies
    expect(sniffDelimiter('a;b\n1;2;3\n')).toBeNull(); // ragged: the parser reports the row
  });

  it('reads a semicolon file as its columns, with a notice; --delimiter overrides; a bad value is a one-line error', () => {
    const notices: string[] = [];
    const t = parseTable('age;grp\n31;a\n42;b\n', 'semi.csv', { notices });
    expect(t.columns).toEqual(['age', 'grp']);
    expect(t.cells).toEqual([['31', '42'], ['a', 'b']]);
    expect(t.delimiter).toBe(';');
    expect(notices).toEqual(['semi.csv: read as semicolon-delimited (sniffed from the header and the first rows; --delimiter to choose)']);
    const commaNotices: string[] = [];
    expect(parseTable('a,b\n1,2\n', 'c.csv', { notices: commaNotices }).columns).toEqual(['a', 'b']);
    expect(commaNotices).toEqual([]); // no notice for the usual comma
    expect(parseTable('age;grp\n31;a\n', 'semi.csv', { delimiter: ',' }).columns).toEqual(['age;grp']);
    expect(parseTable('a|b\n1|2\n', 'x.csv', { delimiter: 'pipe' as any }).columns).toEqual(['a', 'b']);
    expect(parseTable('a,b\n1,2\n', 'x.tsv', { format: 'tsv' }).columns).toEqual(['a', 'b']); // a .tsv that is really comma-separated
    expect(userErrorOf(() => parseTable('a,b\n1,2\n', 'x.csv', { delimiter: 'colon' as any })).message).toBe('--delimiter must be comma, semicolon, tab, pipe or auto (got "colon")');
  });
});

describe('blank cells', () => {
  it('a quoted blank in a numeric column is missing, never 0', () => {
    const t = parseTable('x,g\n1.5,a\n" ",b\n"   ",a\n2.5,b\n', 'blank.csv');
    expect(t.cells[0]).toEqual(['1.5', null, null, '2.5']);
    const s = inferSchema(t);
    expect(s.columns[0]).toMatchObject({ name: 'x', kind: 'numeric', nMissing: 2 });
    const real = parseTable('x,g\n' + Array.from({ length: 30 }, (_, i) => `${i + 0.5},${'ab'[i % 2]}`).join('\n') + '\n', 'r.csv');
    const prep = prepare(real, t, t);
    const j = prep.domain.index.get('x')!;
    const v = prep.holdout.values[j]!;
    expect(Number.isNaN(v[1])).toBe(true);
    expect(Number.isNaN(v[2])).toBe(true);
    expect(prep.holdout.codes[j][1]).toBe(prep.domain.columns[j].missingCode);
  });
});

describe('input size guard', () => {
  it('the default limit fits in one string, and a file over the limit is a one-line error (plain and gzip)', () => {
    expect(DEFAULT_MAX_INPUT_MB).toBeGreaterThanOrEqual(500);
    expect(DEFAULT_MAX_INPUT_MB * 2 ** 20).toBeLessThanOrEqual(bufferConstants.MAX_STRING_LENGTH);
    const big = rows(200_000, 0); // ~1.5 MB
    writeFileSync(p('big.csv'), big);
    const e = userErrorOf(() => loadTable(p('big.csv'), { maxInputMb: 1 }));
    expect(e.message).toMatch(/big\.csv: is 1\.\d MB, more than the 1 MB input limit \(--max-input-mb/);
    expect(loadTable(p("big.csv"), { maxInputMb: 2 }).nRows).toBe(200_000);
    // a gzip bomb: 64 MB of zeros in a few kB
    const member = gzipSync(Buffer.alloc(1 << 20));
    writeFileSync(p('bomb.csv.gz'), Buffer.concat(Array.from({ length: 64 }, () => member)));
    const b = userErrorOf(() => loadTable(p('bomb.csv.gz'), { maxInputMb: 8 }));
    expect(b.message).toMatch(/bomb\.csv\.gz: decompresses to more than the 8 MB input limit/);
    expect(b.message).not.toContain('\n');
    expect(userErrorOf(() => loadTable(p('big.csv'), { maxInputMb: 0 })).message).toMatch(/must be a positive number of MB/);
  });

  it('CLI: a gzip bomb larger than the default limit exits 2 with one line (was exit 3 with a stack)', async () => {
    // 600 MB of zeros in 600 gzip members of 1 MB each (about 600 kB on disk): over the default 512 MB
    const member = gzipSync(Buffer.alloc(1 << 20));
    writeFileSync(p('bomb600.csv.gz'), Buffer.concat(Array.from({ length: 600 }, () => member)));
    writeFileSync(p('h.csv'), rows(60, 1));
    writeFileSync(p('s.csv'), rows(60, 2));
    const r = await cli(['audit', '--real', p('bomb600.csv.gz'), '--holdout', p('h.csv'), '--synthetic', p('s.csv'), '--quiet', '--out', p('bomb-out')], 90_000);
    expectOneLineError(r, /bomb600\.csv\.gz: decompresses to more than the \d+ MB input limit/);
    const g = await cli(['generate', '--generator', 'identity', '--input', p('bomb.csv.gz'), '--rows', '5', '--out', p('never.csv'), '--max-input-mb', '4'], 60_000);
    expectOneLineError(g, 'bomb.csv.gz: decompresses to more than the 4 MB input limit');
    expect(existsSync(p('never.csv'))).toBe(false);
  }, 120_000);
});

describe('CLI delimiter', () => {
  it('audits semicolon-delimited tables, saying so; --delimiter and the config key choose; a bad flag is one line', async () => {
    writeFileSync(p('r;.csv'), rows(120, 0, ';'));
    writeFileSync(p('h;.csv'), rows(60, 1, ';'));
    writeFileSync(p('s;.csv'), rows(120, 2, ';'));
    const base = ['audit', '--real', p('r;.csv'), '--holdout', p('h;.csv'), '--synthetic', p('s;.csv'), '--sections', 'fidelity'];
    const r = await cli([...base, '--out', p('semi')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('notice: ' + p('r;.csv') + ': read as semicolon-delimited');
    const doc = JSON.parse(readFileSync(p('semi/results.json'), 'utf8'));
    expect(doc.data.columns.map((c: any) => c.name)).toEqual(['age', 'grp', 'y']);
    // forcing comma reads one column per file: the old failure, now only on request
    const c = await cli([...base, '--quiet', '--out', p('semi2'), '--delimiter', 'comma']);
    expect(c.code).toBe(2);
    // explicit semicolon: no "sniffed" notice
    const s = await cli([...base, '--out', p('semi3'), '--delimiter', 'semicolon']);
    expect(s.code, s.err).toBe(0);
    expect(s.err).not.toContain('sniffed');
    writeFileSync(p('cfg.yml'), 'delimiter: semicolon\n');
    const k = await cli([...base, '--quiet', '--out', p('semi4'), '--config', p('cfg.yml')]);
    expect(k.code, k.err).toBe(0);
    writeFileSync(p('cfg-bad.yml'), 'delimiter: colon\n');
    expectOneLineError(await cli([...base, '--quiet', '--out', p('semi5'), '--config', p('cfg-bad.yml')]), 'cfg-bad.yml: config key "delimiter" must be comma, semicolon, tab, pipe or auto (got "colon")');
    expectOneLineError(await cli([...base, '--quiet', '--out', p('semi6'), '--delimiter', 'x']), '--delimiter must be comma, semicolon, tab, pipe or auto (got "x")');
  }, 120_000);
});

describe('delimiter sniffing: the file type breaks a tie (review finding)', () => {
  it('a .tsv whose cells hold one comma each stays tab-delimited; the same text as .csv is read by commas', () => {
    const text = 'name, first\tcity\nDoe, J\tParis\nRoe, K\tLyon\n';
    expect(parseTable(text, 'x.tsv', { format: 'tsv' }).columns).toEqual(['name, first', 'city']);
    expect(sniffDelimiter(text, undefined, undefined, '\t')).toBe('\t');
    expect(sniffDelimiter(text, undefined, undefined, ',')).toBe(',');
    // a delimiter with strictly more consistent columns still wins over the file type's
    expect(sniffDelimiter('a;b;c\tx\n1;2;3\ty\n', undefined, undefined, '\t')).toBe(';');
  });
});
