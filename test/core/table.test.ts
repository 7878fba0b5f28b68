import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable, loadTable, toCsv, selectRows } from '../../src/table.js';
import { userErrorOf } from '../helpers/errors.js';

const msgOf = (f: () => unknown): string => userErrorOf(f).message;

describe('CSV parsing', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"multi\nline",z\r\n';
    const t = parseTable(text, 'q.csv');
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.nRows).toBe(2);
    expect(t.cells[1]).toEqual(['x, y', 'multi\nline']);
    expect(t.cells[2]).toEqual(['he said "hi"', 'z']);
  });

  it('maps empty, NA and ? to missing by default, and custom tokens when configured', () => {
    const t = parseTable('a,b\n,NA\n?,5\n', 'm.csv');
    expect(t.cells[0]).toEqual([null, null]);
    expect(t.cells[1]).toEqual([null, '5']);
    const u = parseTable('a,b\n-,NA\n', 'm.csv', { missing: ['-'] });
    expect(u.cells[0]).toEqual([null]);
    expect(u.cells[1]).toEqual(['NA']);
  });

  it('reads TSV and JSON Lines', () => {
    const t = parseTable('a\tb\n1\tx y\n', 't.tsv', { format: 'tsv' });
    expect(t.cells[1]).toEqual(['x y']);
    const j = parseTable('{"a":1,"b":"x"}\n{"a":null,"b":"y"}\n', 'j.jsonl', { format: 'jsonl' });
    expect(j.columns).toEqual(['a', 'b']);
    expect(j.cells[0]).toEqual(['1', null]);
  });

  it('loads gzip files and round-trips through toCsv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-'));
    const src = parseTable('a,b\n"x,1",2\n,3\n', 's.csv');
    const p = join(dir, 't.csv.gz');
    writeFileSync(p, gzipSync(toCsv(src)));
    const back = loadTable(p);
    expect(back.cells).toEqual(src.cells);
    expect(selectRows(back, [1]).cells).toEqual([[null], ['3']]);
  });
});

describe('loader error messages name the file, column and row', () => {
  it('ragged row', () => {
    expect(msgOf(() => parseTable('a,b\n1,2\n3\n', 'bad.csv'))).toBe('bad.csv, row 2: expected 2 fields, found 1 (line 3)');
  });
  it('unterminated quote', () => {
    expect(msgOf(() => parseTable('a,b\n1,"oops\n', 'q.csv'))).toBe('q.csv, row 1: unterminated quoted field starting on line 2');
  });
  it('stray quote in an unquoted field', () => {
    expect(msgOf(() => parseTable('a,b\n1,ab"c\n', 'q.csv'))).toBe('q.csv, row 1: stray quote inside an unquoted field on line 2');
  });
  it('text after a closing quote', () => {
    expect(msgOf(() => parseTable('a,b\n1,"ab"c\n', 'q.csv'))).toBe('q.csv, row 1: unexpected character after closing quote on line 2');
  });
  it('empty file and header-only file', () => {
    expect(msgOf(() => parseTable('', 'e.csv'))).toBe('e.csv: empty file: no header row');
    expect(msgOf(() => parseTable('a,b\n', 'h.csv'))).toBe('h.csv: table has a header but no data rows');
  });
  it('duplicate and empty header names', () => {
    expect(msgOf(() => parseTable('a,a\n1,2\n', 'd.csv'))).toBe('d.csv, column "a": duplicate column name in header');
    expect(msgOf(() => parseTable('a,\n1,2\n', 'd.csv'))).toBe('d.csv: header field 2 is empty: every column needs a name');
  });
  it('missing file', () => {
    expect(msgOf(() => loadTable('/nonexistent/x.csv'))).toBe('/nonexistent/x.csv: file not found');
  });
  it('malformed JSON Lines', () => {
    expect(msgOf(() => parseTable('{"a":1}\n{oops\n', 'j.jsonl', { format: 'jsonl' }))).toBe('j.jsonl, row 2: line 2 is not valid JSON');
    expect(msgOf(() => parseTable('{"a":1}\n{"b":2}\n', 'j.jsonl', { format: 'jsonl' }))).toBe('j.jsonl, column "b", row 2: key not present in the first record');
  });
});
