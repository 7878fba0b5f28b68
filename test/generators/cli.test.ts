// generateCommand: writes a CSV over the input's columns, same seed => identical bytes, --save/--load reproduces the
// output without the input file, DP generators get a DP-safe domain whose bounds cost is composed into the claim, user errors are one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommand, MODEL_FORMAT, type GenerateArgs } from '../../src/app/generate.js';
import { silentProgress } from '../../src/progress.js';
import { loadTable } from '../../src/table.js';
import { UserError } from '../../src/errors.js';
import { ledgerRho, epsilonDeltaToRho, pureDpToRho } from '../../src/dp.js';
import { sharedPath, sharedText } from '../helpers/data.js';

let dir = '';
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'synthaudit-gen-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = () => sharedPath('german_credit', 'train');
/** 30 rows: too few to estimate numeric bounds privately at the default preprocessing budget. */
const tiny = () => {
  const p = join(dir, 'tiny.csv');
  writeFileSync(p, 'x,c\n' + Array.from({ length: 30 }, (_, i) => `${i * 1.5},${i % 3 ? 'a' : 'b'}`).join('\n') + '\n');
  return p;
};
const gen = (a: Partial<GenerateArgs>) => generateCommand({ rows: 200, out: join(dir, 'out.csv'), seed: 1, ...a } as GenerateArgs, silentProgress);

describe('synthaudit generate', () => {
  it('marginal-dp: DP-safe domain, bounds respected, claim composes the private bounds, same seed = same bytes', async () => {
    const out = join(dir, 'a.csv');
    const bounds: Record<string, [number, number]> = { age: [18, 80], duration: [1, 80], credit_amount: [0, 20000] };
    const r = await gen({ input: input(), out, epsilon: 1, bounds });
    expect(r.rows).toBe(200);
    expect(r.message).toContain('marginal-dp');
    if (r.claim.kind !== 'dp') throw new Error('expected a dp claim');
    expect(r.claim.epsilon).toBe(1);
    expect(r.claim.note).toContain('DP-safe');
    const t = loadTable(out);
    const real = loadTable(input());
    expect(t.nRows).toBe(200);
    expect(t.columns).toEqual(real.columns);
    const age = t.cells[t.columns.indexOf('age')].map(Number);
    for (const a of age) expect(a >= 18 && a <= 80 && Number.isInteger(a)).toBe(true);
    const purposeLevels = new Set(real.cells[real.columns.indexOf('purpose')]);
    for (const p of t.cells[t.columns.indexOf('purpose')]) if (p !== null) expect(purposeLevels.has(p)).toBe(true);
    const bytes = readFileSync(out);
    await gen({ input: input(), out: join(dir, 'a2.csv'), epsilon: 1, bounds });
    expect(readFileSync(join(dir, 'a2.csv')).equals(bytes)).toBe(true);
    await gen({ input: input(), out: join(dir, 'a3.csv'), epsilon: 1, bounds, seed: 2 });
    expect(readFileSync(join(dir, 'a3.csv')).equals(bytes)).toBe(false);
  });

  it('--save then --load (no input file) reproduces the output byte for byte; the model carries the domain and the ledger', async () => {
    const out = join(dir, 'b.csv');
    const model = join(dir, 'model.json');
    // pure-DP preprocessing costs eps^2/2 per column in zCDP, so this uses a larger total budget
    await gen({ input: input(), out, epsilon: 3, delta: 1e-6, save: model, seed: 5, procEpsilon: 0.45 });
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.format).toBe(MODEL_FORMAT);
    expect(saved.domain.columns.length).toBe(21);
    // numeric columns without bounds were estimated privately; their epsilons are in the ledger and sum into rho
    const ledger = saved.generator.state.ledger;
    const laplace = ledger.filter((e: { mechanism: string }) => e.mechanism === 'laplace');
    expect(laplace.length).toBeGreaterThan(0);
    expect(ledgerRho(ledger)).toBeCloseTo(epsilonDeltaToRho(3, 1e-6, 'tight'), 12);
    expect(laplace.reduce((s: number, e: { epsilon: number }) => s + pureDpToRho(e.epsilon), 0)).toBeCloseTo(laplace.length * pureDpToRho(0.45 / laplace.length), 15);
    const out2 = join(dir, 'b2.csv');
    const r = await gen({ load: model, out: out2, seed: 5 });
    expect(readFileSync(out2).equals(readFileSync(out))).toBe(true);
    expect(r.claim).toEqual(saved.claim);
  });

  it('identity writes real rows, printed as in the input', async () => {
    const out = join(dir, 'c.csv');
    await gen({ input: input(), out, generator: 'identity', rows: 100 });
    const realLines = new Set(sharedText('german_credit', 'train').trim().split('\n'));
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(101);
    for (const l of lines) expect(realLines.has(l)).toBe(true);
  });

  it('risk is honoured; independent without a budget claims nothing', async () => {
    const r = await gen({ input: input(), risk: 0.25, procEpsilon: 0.6 });
    if (r.claim.kind !== 'dp') throw new Error('expected dp');
    expect(r.claim.maxAdvantage).toBe(0.25);
    expect(r.message).toContain('membership advantage <= 0.25');
    const i = await gen({ input: input(), generator: 'independent' });
    expect(i.claim.kind).toBe('none');
    const j = await gen({ input: input(), generator: 'independent', epsilon: 2, procEpsilon: 0.6 });
    expect(j.claim.kind).toBe('dp');
  });

  it('user mistakes are one-line UserErrors', async () => {
    const cases: [Partial<GenerateArgs>, RegExp][] = [
      [{ input: input(), rows: 0 }, /--rows must be a positive integer/],
      [{ input: input(), generator: 'gan' }, /unknown generator "gan"/],
      [{ input: input(), generator: 'identity', epsilon: 1 }, /identity has no privacy parameters/],
      [{ input: input(), epsilon: 1, risk: 0.1 }, /--epsilon or --risk, not both/],
      [{ input: input(), generator: 'independent', degree: 3 }, /--degree is an option of marginal-dp/],
      [{ input: input(), generator: 'command' }, /needs --generator-cmd/],
      [{ input: input(), bounds: { purpose: [0, 1] } }, /bounds are for numeric columns|--bounds given for a categorical column/],
      [{}, /needs --input/],
      [{ input: input(), generator: 'mixing', delta: 1e-6 }, /--delta needs a DP generator/],
      [{ input: input(), generator: 'identity', bounds: { age: [0, 100] } }, /--bounds has no effect on identity/],
      [{ input: tiny(), epsilon: 1 }, /could not estimate bounds privately .* pass --bounds/],
    ];
    for (const [a, re] of cases) {
      const e = await gen(a).then(
        () => null,
        (x) => x,
      );
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(re);
      expect(e.message).not.toContain('\n');
    }
    const notModel = join(dir, 'not-model.json');
    writeFileSync(notModel, '{"hello": 1}');
    await expect(gen({ load: notModel })).rejects.toThrow(/not a synthaudit generator file/);
    await expect(gen({ load: notModel, input: input() })).rejects.toThrow(/--load uses the saved model as it is; drop --input/);
  });
});
