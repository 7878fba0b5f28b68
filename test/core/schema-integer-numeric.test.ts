// Issue 14 item 5: integer-coded categoricals typed numeric get a notice naming the --kind flag, and the list is in
// results.data.integerNumeric (shown in the report's data section).
import { describe, expect, test } from 'vitest';
import { inferSchema } from '../../src/schema.js';
import { audit } from '../../src/app/audit.js';
import { renderHtml } from '../../reports/html.js';
import { validateResult } from '../../reports/json.js';
import type { Table } from '../../src/table.js';

function table(name: string, n: number): Table {
  const cols: Record<string, string[]> = {
    region: Array.from({ length: n }, (_, i) => String(1 + ((i * 7) % 8))), // 8 integer codes
    age: Array.from({ length: n }, (_, i) => String(18 + ((i * 11) % 40))), // 40 distinct integers
    grade: Array.from({ length: n }, (_, i) => String(1 + (i % 4))), // 4 codes: categorical
    score: Array.from({ length: n }, (_, i) => String(((i * 3) % 10) + 0.5)), // non-integer numeric, 10 values
    city: Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]),
  };
  const columns = Object.keys(cols);
  return { name, columns, cells: columns.map((c) => cols[c]), nRows: n };
}

describe('integer columns typed numeric with few distinct values', () => {
  test('inferSchema: a notice naming the column and the --kind flag, and the list', () => {
    const s = inferSchema(table('real', 200));
    expect(s.columns.find((c) => c.name === 'region')!.kind).toBe('numeric');
    expect(s.columns.find((c) => c.name === 'grade')!.kind).toBe('categorical');
    expect(s.integerNumeric).toEqual([{ name: 'region', nDistinct: 8 }]);
    const n = s.notices.filter((x) => x.includes('--kind'));
    expect(n).toHaveLength(1);
    expect(n[0]).toMatch(/"region".*8 distinct integer values.*--kind region=categorical/);
  });

  test('no notice once the user sets the kind', () => {
    for (const kind of ['numeric', 'categorical'] as const) {
      const s = inferSchema(table('real', 200), { kinds: { region: kind } });
      expect(s.integerNumeric).toEqual([]);
      expect(s.notices.some((x) => x.includes('--kind'))).toBe(false);
    }
  });

  test('results.data.integerNumeric (schema-valid) and the report data section', async () => {
    const r = await audit({ real: table('real', 200), holdout: table('holdout', 100), synthetic: table('synthetic', 100), sections: [] });
    expect(r.data.integerNumeric).toEqual([{ name: 'region', nDistinct: 8 }]);
    expect(r.data.notices.some((x) => x.includes('--kind region=categorical'))).toBe(true);
    expect(validateResult(JSON.parse(JSON.stringify(r))).errors).toEqual([]);
    const html = await renderHtml(r);
    expect(html).toContain('Integer columns read as numeric');
    expect(html.replace(/&#x3D;/g, '=')).toContain('--kind region=categorical'); // the template escapes '='
  });
});
