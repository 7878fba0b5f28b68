// synthaudit generate --generator aim: German credit (666 rows) generates with default flags (the small-table bounds
// strategy, every preprocessing mechanism composed into the claim), --save/--load reproduces the rows; buildAimDomain
// equals buildDpDomain where the strict bounds rule works, and its weak rule reads bounds off a clear noisy window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommand, type GenerateArgs } from '../../src/app/generate.js';
import { silentProgress } from '../../src/progress.js';
import { loadTable } from '../../src/table.js';
import { inferSchema } from '../../src/schema.js';
import { Rng } from '../../src/rng.js';
import { ledgerRho, epsilonDeltaToRho, pureDpToRho } from '../../src/dp.js';
import { buildDpDomain, boundBucketIndex, BOUND_BUCKETS, domainToJSON } from '../../src/generators/dp-domain.js';
import { buildAimDomain, weakBounds } from '../../src/generators/aim/domain.js';
import { sharedPath } from '../helpers/data.js';

let dir = '';
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'synthaudit-aim-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gen = (a: Partial<GenerateArgs>) => generateCommand({ rows: 500, out: join(dir, 'out.csv'), seed: 1, ...a } as GenerateArgs, silentProgress);

describe('generate --generator aim', () => {
  it('German credit with default flags: exits normally, claim epsilon 1 with the preprocessing composed in', async () => {
    const out = join(dir, 'g.csv');
    const save = join(dir, 'g.json');
    const r = await gen({ generator: 'aim', input: sharedPath('german_credit', 'train'), out, save });
    expect(r.rows).toBe(500);
    if (r.claim.kind !== 'dp') throw new Error('expected a dp claim');
    expect(r.claim.epsilon).toBe(1);
    const t = loadTable(out);
    expect(t.nRows).toBe(500);
    const m = JSON.parse(readFileSync(save, 'utf8'));
    const pe: number[] = m.generator.spec.options.procEpsilon;
    expect(pe.length).toBeGreaterThanOrEqual(3); // private bounds and bins of the numeric columns
    // ledger = stated rho; the preprocessing entries are the domain's mechanisms
    const rho = epsilonDeltaToRho(1, 1e-5, 'tight');
    expect(ledgerRho(m.generator.state.ledger)).toBeCloseTo(rho, 12);
    const lap = m.generator.state.ledger.filter((e: { mechanism: string }) => e.mechanism === 'laplace');
    expect(lap.reduce((s: number, e: { epsilon: number }) => s + pureDpToRho(e.epsilon), 0)).toBeCloseTo(pe.reduce((s, e) => s + pureDpToRho(e), 0), 14);
    // --load reproduces the same bytes
    const again = join(dir, 'g2.csv');
    await generateCommand({ rows: 500, out: again, seed: 1, load: save } as GenerateArgs, silentProgress);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});

describe('buildAimDomain', () => {
  it('equals buildDpDomain when the strict bounds rule works (large budget)', () => {
    const t = loadTable(sharedPath('german_credit', 'train'));
    const schema = inferSchema(t);
    const opts = { generator: { name: 'aim', options: { epsilon: 1 } }, procEpsilon: 6, rng: new Rng(3) };
    const a = buildAimDomain(t, schema, opts);
    const b = buildDpDomain(t, schema, { ...opts, rng: new Rng(3) });
    expect(domainToJSON(a.domain)).toEqual(domainToJSON(b.domain));
    expect(a.procEpsilons).toEqual(b.procEpsilons);
  });

  it('weak rule: the clear window of a noisy octave histogram, one bucket wider; null on pure noise', () => {
    const eps = 0.05;
    const rng = new Rng(1);
    const noisy = new Float64Array(BOUND_BUCKETS);
    for (let t = 0; t < noisy.length; t++) noisy[t] = rng.laplace(1 / eps);
    // 400 values spread over [16, 32), [32, 64), [64, 128): no bucket alone clears ln(B/1e-4)/eps = 287 + noise, the window does
    for (const x of [20, 40, 80]) noisy[boundBucketIndex(x)] += 133;
    const b = weakBounds(noisy, eps, true)!;
    expect(b).not.toBeNull();
    expect(b[0]).toBeLessThanOrEqual(16);
    expect(b[0]).toBeGreaterThanOrEqual(4);
    expect(b[1]).toBeGreaterThanOrEqual(128);
    expect(b[1]).toBeLessThanOrEqual(512);
    // pure noise: no window clears its threshold (false-window rate about 1% by construction)
    let found = 0;
    for (let s = 0; s < 50; s++) {
      const r = new Rng(100 + s);
      const z = new Float64Array(BOUND_BUCKETS);
      for (let t = 0; t < z.length; t++) z[t] = r.laplace(1 / eps);
      if (weakBounds(z, eps, false)) found++;
    }
    expect(found).toBeLessThanOrEqual(3);
  });
});
