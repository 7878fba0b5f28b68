// Issue 14 items 6-7 in the HTML report: a tree detection AUC well below 0.5 (a copy of train) gets a sentence saying what
// it means, and the logit's merged-unseen note is shown beside the pMSE numbers.
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/app/audit.js';
import { renderHtml } from '../../reports/html.js';
import { Rng } from '../../src/rng.js';
import type { Table } from '../../src/table.js';

function randomTable(name: string, n: number, seed: number): Table {
  const rng = new Rng(seed);
  const cols: Record<string, string[]> = { a: [], b: [], c: [], d: [] };
  for (let i = 0; i < n; i++) {
    cols.a.push(String(rng.int(10000) / 10));
    cols.b.push(['x', 'y', 'z', 'w'][rng.int(4)]);
    cols.c.push(String(rng.int(50)));
    cols.d.push(['p', 'q'][rng.int(2)]);
  }
  const columns = Object.keys(cols);
  return { name, columns, cells: columns.map((k) => cols[k]), nRows: n };
}

const text = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&#x3D;/g, '=');

describe('pMSE block of the HTML report', () => {
  test('a copy of train: tree detection AUC well below 0.5, and the report says what that means', async () => {
    const real = randomTable('real', 600, 1);
    const copy: Table = { ...real, name: 'synthetic' };
    const r = await audit({ real, holdout: randomTable('holdout', 300, 2), synthetic: copy, sections: ['fidelity'], fidelity: { bootstrap: 0, bootstrapPairs: 0 } });
    const auc = (r.fidelity as any).pmse.synthetic.tree.cvAuc;
    expect(auc).toBeLessThan(0.4);
    const html = text(await renderHtml(r));
    expect(html).toMatch(/detection AUC of 0\.\d+ is well below 0\.5/);
    expect(html).toContain('not as "better than a fresh sample"');
    // a fresh sample: no such sentence
    const fresh = await audit({ real, holdout: randomTable('holdout', 300, 2), synthetic: randomTable('synthetic', 600, 3), sections: ['fidelity'], fidelity: { bootstrap: 0, bootstrapPairs: 0 } });
    expect((fresh.fidelity as any).pmse.synthetic.tree.cvAuc).toBeGreaterThan(0.4);
    expect(text(await renderHtml(fresh))).not.toMatch(/well below 0\.5/);
  });

  test('merged unseen categories: the note is shown beside the pMSE numbers', async () => {
    const real = randomTable('real', 300, 4);
    const syn = randomTable('synthetic', 300, 5);
    for (let i = 0; i < 30; i++) syn.cells[1][i] = ['Lima', 'Oslo', 'Quito'][i % 3];
    const r = await audit({ real, holdout: randomTable('holdout', 200, 6), synthetic: syn, sections: ['fidelity'], fidelity: { bootstrap: 0, bootstrapPairs: 0 } });
    expect((r.fidelity as any).pmse.synthetic.logistic.notes).toHaveLength(1);
    expect(text(await renderHtml(r))).toMatch(/S_pMSE \(logit\): column "b": 3 categories the real table never had/);
  });
});
