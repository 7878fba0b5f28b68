// Issue 17: results.json grew with the square of the column count (535 MB at 880 columns): the pair list and the
// Cramér's V and correlation matrices held every pair. Above maxMatrixColumns (60) they are summarised: the worst
// pairs and the columns of the most-changed pairs, with fidelity.summarised saying what was cut.

import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../src/app/audit.js';
import { writeOutputs } from '../../src/app/outputs.js';
import { validateResult } from '../../reports/json.js';
import { renderHtml } from '../../reports/html.js';
import { Rng } from '../../src/rng.js';
import type { Table } from '../../src/table.js';

/** d columns, alternately numeric (gaussian) and categorical (4 levels), seeded. */
function wide(name: string, n: number, d: number, seed: number): Table {
  const r = new Rng(seed);
  const cells: string[][] = [];
  for (let j = 0; j < d; j++) {
    const col: string[] = [];
    for (let i = 0; i < n; i++) {
      if (j % 2 === 0) {
        const g = Math.sqrt(-2 * Math.log(1 - r.random())) * Math.cos(2 * Math.PI * r.random());
        col.push((g + j * 0.01).toFixed(3));
      } else col.push('abcd'[r.int(4)]);
    }
    cells.push(col);
  }
  return { name, columns: Array.from({ length: d }, (_, j) => `c${j}`), cells, nRows: n };
}

async function sizeAt(d: number, fidelity: Record<string, unknown> = {}): Promise<{ bytes: number; doc: any }> {
  const { result, timings } = await runAudit({
    real: wide('real', 200, d, 1),
    holdout: wide('holdout', 120, d, 2),
    synthetic: wide('synthetic', 200, d, 3),
    sections: ['fidelity'],
    seed: 5,
    fidelity: { bootstrap: 0, bootstrapPairs: 0, pmse: false, ...fidelity },
  });
  const dir = mkdtempSync(join(tmpdir(), 'sa-size-'));
  await writeOutputs(dir, result, timings);
  const p = join(dir, 'results.json');
  return { bytes: statSync(p).size, doc: JSON.parse(readFileSync(p, 'utf8')) };
}

let cached: Promise<{ bytes: number; doc: any }> | undefined;
const wide150 = () => (cached ??= sizeAt(150));

describe('results.json size on wide tables', () => {
  it('150 columns: under 1.5 MB, valid against the schema, the cut stated', async () => {
    const { bytes, doc } = await wide150();
    expect(bytes).toBeLessThan(1_500_000);
    expect(validateResult(doc)).toEqual({ valid: true, errors: [] });
    const f = doc.fidelity;
    expect(f.summarised).toMatchObject({ columns: 150, limit: 60, pairsListed: 100, pairsTotal: 11175, matrixColumns: 20 });
    expect(f.pairs.count).toBe(11175);
    expect(f.pairs.list).toHaveLength(100);
    // the listed pairs are the worst by 2-way TVD: the top of the worst list is among them
    const listed = new Set(f.pairs.list.map((p: any) => `${p.a}|${p.b}`));
    for (const w of f.pairs.tvd.worst) expect(listed.has(`${w.a}|${w.b}`)).toBe(true);
    expect(f.cramersV.matrices.columns).toHaveLength(20);
    expect(f.cramersV.matrices.corrected.diff).toHaveLength(20);
    expect(f.numeric.pearson.columns).toHaveLength(20);
    expect(f.numeric.pearson.real).toHaveLength(20);
    expect(f.numeric.pearson.summarised).toMatch(/75 numeric columns > 60/);
    // the report renders from the summarised file and counts every column in the heat map caption
    expect(await renderHtml(doc, {})).toContain('15 of 150 columns');
  });
  it('grows about linearly: 150 columns take well under (150/50)^2 times the bytes of 50 columns', async () => {
    const small = await sizeAt(50);
    const big = await wide150();
    expect(small.doc.fidelity.summarised).toBeUndefined();
    expect(small.doc.fidelity.pairs.list).toHaveLength(1225); // narrow tables keep every pair
    expect(small.doc.fidelity.cramersV.matrices.columns).toHaveLength(50);
    // 3x the columns: linear ~3x, quadratic ~9x
    expect(big.bytes / small.bytes).toBeLessThan(4.5);
  });
  it('the limit is an option (maxMatrixColumns), so narrow tables can be summarised too', async () => {
    const { doc } = await sizeAt(30, { maxMatrixColumns: 10, pairsKept: 7, matrixColumnsKept: 5 });
    expect(doc.fidelity.summarised).toMatchObject({ columns: 30, limit: 10, pairsListed: 7, pairsTotal: 435, matrixColumns: 5 });
    expect(validateResult(doc).valid).toBe(true);
  });
});
