// Issue 15 item 4 (CSV streams): loadTableAsync reads a CSV / TSV as a stream of pieces (DelimitedReader in
// src/table.ts) instead of one string. Whatever the cut, the pieces give what parseTable gives on the whole text: the
// same table, delimiter, notices and error messages; and a file streamed in several chunks (plain and gzip, multi-byte
// characters and quoted newlines across chunk edges) reads as loadTable reads it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DelimitedReader, loadTable, loadTableAsync, parseTable, type LoadOptions, type Table } from '../../src/table.js';
import { UserError } from '../../src/errors.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { table: Table; notices: string[] } | { error: string };
function whole(text: string, format: 'csv' | 'tsv', opts: LoadOptions): Outcome {
  const notices: string[] = [];
  try {
    return { table: parseTable(text, 'x', { ...opts, format, notices }), notices };
  } catch (e) {
    if (e instanceof UserError) return { error: e.message };
    throw e;
  }
}
function pieces(text: string, format: 'csv' | 'tsv', opts: LoadOptions, size: number, pieceChars: number): Outcome {
  const notices: string[] = [];
  try {
    const r = new DelimitedReader('x', format, { ...opts, notices }, pieceChars);
    for (let i = 0; i < text.length; i += size) r.push(text.slice(i, i + size));
    return { table: r.end(), notices };
  } catch (e) {
    if (e instanceof UserError) return { error: e.message };
    throw e;
  }
}

const CASES: [string, string, 'csv' | 'tsv', LoadOptions?][] = [
  ['plain, final newline', 'a,b\n1,x\n2,y\n', 'csv'],
  ['no final newline', 'a,b\n1,x\n2,y', 'csv'],
  ['CRLF', 'a,b\r\n1,x\r\n2,y\r\n', 'csv'],
  ['lone CR', 'a,b\r1,x\r2,y\r', 'csv'],
  ['BOM, blank lines, trailing spaces', '\ufeffa , b\n\n 1 ,x \n\n2,y\n\n', 'csv'],
  ['quoted: delimiters, newlines, escaped quotes, blanks', 'a,b\n"1,5","multi\nline ""q"""\n"  ",""\n"x","y"', 'csv'],
  ['quoted CRLF inside', 'a,b\r\n"p\r\nq",2\r\n3,"r"\r\n', 'csv'],
  ['missing tokens', 'a,b\nNA,?\n,x\n', 'csv'],
  ['custom missing', 'a,b\n-1,x\n2,-1\n', 'csv', { missing: ['-1'] }],
  ['semicolon sniffed, with notice', 'a;b;c\n1,5;x;2\n3;y;4\n', 'csv'],
  ['delimiter given', 'a;b\n1;2\n', 'csv', { delimiter: ',' }],
  ['TSV with a stray quote (allowed)', 'a\tb\n5"\tx\n6\ty\n', 'tsv'],
  ['one column', 'a\n1\n2\n', 'csv'],
  ['multi-byte text', 'name,v\n"é, ü",1\n日本,2\n😀,3\n', 'csv'],
  ['error: ragged row', 'a,b\n1,2\n3\n4,5\n', 'csv'],
  ['error: ragged row after CRLF lines (its line number)', 'a,b\r\n1,2\r\n"x\r\ny",3\r\n3\r\n4,5\r\n', 'csv'],
  ['error: unterminated quote', 'a,b\n1,"open\n2,3\n', 'csv'],
  ['error: stray quote', 'a,b\n1,x"y\n', 'csv'],
  ['error: character after a closing quote', 'a,b\n1,"x"y\n', 'csv'],
  ['error: empty', '', 'csv'],
  ['error: header only', 'a,b\n', 'csv'],
  ['error: duplicate header', 'a,a\n1,2\n', 'csv'],
  ['error: empty header field', 'a,,c\n1,2,3\n', 'csv'],
];

describe('DelimitedReader: pieces of any size give what the whole text gives', () => {
  for (const [name, text, format, opts] of CASES) {
    it(name, () => {
      const want = whole(text, format, opts ?? {});
      if (name.startsWith('error')) expect(want).toHaveProperty('error');
      else expect(want).toHaveProperty('table');
      for (const size of [1, 2, 3, 5, 8, 1000]) for (const pieceChars of [1, 4, 64]) expect(pieces(text, format, opts ?? {}, size, pieceChars), `pieces of ${size}, parse at ${pieceChars}`).toEqual(want);
      // a short text is sniffed whole at the end; with the delimiter given, the parser takes the pieces as they come
      const given = { ...opts, delimiter: opts?.delimiter ?? ('table' in want ? want.table.delimiter : format === 'tsv' ? '\t' : ',') };
      const wantGiven = whole(text, format, given);
      for (const size of [1, 2, 3, 5, 8, 1000]) for (const pieceChars of [1, 4, 64]) expect(pieces(text, format, given, size, pieceChars), `delimiter given, pieces of ${size}, parse at ${pieceChars}`).toEqual(wantGiven);
    });
  }

  it('a text longer than the 64 K characters the delimiter is sniffed from (sniffed mid-stream), and a record longer than a piece', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `${i};"g${i % 7}\n${'x'.repeat(i % 13)}";${(i * 0.25).toFixed(2)}`);
    const text = 'id;note;v\n' + rows.join('\n') + '\n' + `9999;"${'long '.repeat(20000)}";1\n`;
    expect(text.length).toBeGreaterThan(1 << 17);
    const want = whole(text, 'csv', {});
    expect(want).toHaveProperty('table');
    expect((want as { notices: string[] }).notices).toHaveLength(1); // semicolon
    for (const [size, pieceChars] of [[1 << 10, 1 << 12], [777, 100], [1 << 16, 1 << 20]]) expect(pieces(text, 'csv', {}, size, pieceChars)).toEqual(want);
    // a late ragged row names the same row and line
    const bad = text + '1;2\n';
    const wantBad = whole(bad, 'csv', {});
    expect(wantBad).toEqual({ error: 'x, row 6002: expected 3 fields, found 2 (line ' + (bad.split('\n').length - 1) + ')' });
    expect(pieces(bad, 'csv', {}, 999, 1 << 12)).toEqual(wantBad);
  });
});

describe('loadTableAsync streams a file (several 1 MB chunks, plain and gzip) as loadTable reads it whole', () => {
  it('same table for a 3 MB CSV with multi-byte characters and quoted newlines throughout, and its gzip', async () => {
    const lines = ['id,city,note,x'];
    for (let i = 0; i < 50000; i++) lines.push(`${i},${['Zürich', 'São Paulo', '東京', 'Kraków'][i % 4]},"line ${i}\nsecond, ""quoted"" ${'é'.repeat(i % 11)}",${(i / 7).toFixed(3)}`);
    const text = lines.join('\r\n') + '\r\n';
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20);
    writeFileSync(join(dir, 'big.csv'), text);
    writeFileSync(join(dir, 'big.csv.gz'), gzipSync(text));
    const ref = loadTable(join(dir, 'big.csv'));
    expect(ref.nRows).toBe(50000);
    for (const f of ['big.csv', 'big.csv.gz']) {
      const t = await loadTableAsync(join(dir, f));
      expect(t.columns).toEqual(ref.columns);
      expect(t.cells).toEqual(ref.cells);
      expect(t.delimiter).toBe(',');
    }
  });

  it('a corrupt gzip is one line, as before', async () => {
    const gz = gzipSync('a,b\n' + '1,2\n'.repeat(100000));
    writeFileSync(join(dir, 'cut.csv.gz'), gz.subarray(0, gz.length >> 1));
    writeFileSync(join(dir, 'junk.csv.gz'), Buffer.from('not gzip at all'));
    for (const f of ['cut.csv.gz', 'junk.csv.gz']) {
      const e = await loadTableAsync(join(dir, f)).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toBe(`${join(dir, f)}: not a valid gzip file`);
    }
  });
});
