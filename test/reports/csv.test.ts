// headlines.csv: one row per headline of every section, numbers as results.json rounds them, text quoted per RFC 4180
// and formula-guarded for spreadsheets.
import { describe, it, expect } from 'vitest';
import { renderHeadlinesCsv, csvCell, HEADLINE_CSV_COLUMNS } from '../../reports/csv.js';
import { headlines } from '../../reports/model.js';
import { SECTION_NAMES } from '../../src/section-names.js';
import { richResult as baseResult, utilitySection, HOSTILE } from './fixtures.js';

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF records) for checking what the renderer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('headlines.csv', () => {
  it('has one row per headline of every section, with its numbers', () => {
    const result = baseResult();
    const rows = parseCsv(renderHeadlinesCsv(result));
    expect(rows[0]).toEqual([...HEADLINE_CSV_COLUMNS]);
    const expected = SECTION_NAMES.flatMap((s) => headlines(result, s).map((h) => ({ s, h })));
    expect(expected.length).toBeGreaterThan(3);
    expect(rows.length).toBe(expected.length + 1);
    expected.forEach(({ s, h }, i) => {
      const r = rows[i + 1];
      expect(r[0]).toBe(s);
      expect(r[1]).toBe(h.label.replace(/^([=+\-@])/, "'$1"));
      expect(r[2]).toBe(h.path);
      expect(r[3]).toBe(h.value === null ? '' : String(h.value));
      if (h.interval) expect([Number(r[4]), Number(r[5])]).toEqual(h.interval);
      else expect([r[4], r[5]]).toEqual(['', '']);
    });
  });
  it('quotes separators and quotes, guards formulas, rounds numbers like results.json', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(1 / 3)).toBe('0.333333');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('hostile model labels (in headline labels and paths) survive as one cell each, read back unchanged', () => {
    const labels = [...HOSTILE, '=cmd|calc', 'a,b\r\nc'];
    const result = { ...baseResult(), utility: utilitySection(labels) } as unknown as ReturnType<typeof baseResult>;
    const rows = parseCsv(renderHeadlinesCsv(result));
    for (const r of rows) expect(r.length).toBe(HEADLINE_CSV_COLUMNS.length);
    for (const l of labels) {
      const row = rows.find((r) => r[2] === `utility.models[label=${l}].ratio.accuracy`);
      expect(row, l).toBeDefined();
    }
    // the formula-looking label is guarded in the label cell; the path cell starts with "utility." and needs no guard
    expect(rows.some((r) => r[1] === "TSTR / TRTR, =cmd|calc")).toBe(true);
    expect(rows.some((r) => r[1].startsWith('='))).toBe(false);
  });
});
