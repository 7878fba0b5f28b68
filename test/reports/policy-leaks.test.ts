// Acceptance suite of issue 17 item 1: the default policy fails every release that copies real rows and passes fresh samples.
// Leaking "generators" (test/reports/leaks.ts) on seeded subsamples: German credit (666 train, its 334 holdout rows split in
// halves of 167: holdout and fresh) and Adult (2,000 train rows; 2,000 holdout and 2,000 fresh rows from the holdout split).
// The audit holds what the default policy reads: the fidelity values with their holdout floors, and the distance attacks
// (no shadow models). The "lying claim" case (identity claiming epsilon = 1) needs shadow models and is tested with the
// DP check (issue 17 item 2), not here.
// Detection limit (docs/policy.md): with 167 synthetic rows, German credit's 1% (2 copies) cannot be told from chance at the
// policy's level (Fisher p = 0.028 > 0.001; 4 copies = 2.4% are the least it can flag); Adult at 2,000 rows flags 1%.

import { describe, it, expect } from 'vitest';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH, type PolicyVerdict } from '../../src/app/gate.js';
import { leakCase, leakResult, leakName, type Leak, type Dataset } from './leaks.js';

const policy = loadPolicy(DEFAULT_POLICY_PATH);
const failed = (v: PolicyVerdict) => v.rules.filter((r) => r.passed === false).map((r) => r.name);

const COPIES = 'no more training-row copies than a fresh sample';
const NONMEMBERS = 'no copies of real non-members';
const LOWFPR = 'no training row singled out at FPR 0.1%';
const DCR = 'not closer to training rows';

async function verdict(dataset: Dataset, leak: Leak, seed: number, n: number): Promise<PolicyVerdict> {
  return evaluatePolicy(await leakResult(leakCase(dataset, leak, seed, n), seed, 'rules'), policy);
}

// each leak and the privacy rule(s) that must catch it (other rules may fail too)
const CASES: { dataset: Dataset; n: number; leaks: [Leak, string[]][] }[] = [
  {
    dataset: 'german_credit',
    n: 0,
    leaks: [
      [{ kind: 'verbatim', fraction: 0.05 }, [COPIES]],
      [{ kind: 'verbatim', fraction: 0.1 }, [COPIES]],
      [{ kind: 'verbatim', fraction: 0.2 }, [COPIES]],
      [{ kind: 'holdout' }, [NONMEMBERS]],
      [{ kind: 'noisy', noise: 0.1 }, [COPIES, LOWFPR, DCR]],
      [{ kind: 'noisy', noise: 0.3 }, [DCR]],
      [{ kind: 'memoriser', fraction: 0.02 }, [COPIES]],
    ],
  },
  {
    dataset: 'adult',
    n: 2000,
    leaks: [
      [{ kind: 'verbatim', fraction: 0.01 }, [COPIES, LOWFPR]],
      [{ kind: 'verbatim', fraction: 0.05 }, [COPIES, LOWFPR]],
      [{ kind: 'verbatim', fraction: 0.1 }, [COPIES, LOWFPR]],
      [{ kind: 'verbatim', fraction: 0.2 }, [COPIES, LOWFPR, DCR]],
      [{ kind: 'holdout' }, [NONMEMBERS]],
      [{ kind: 'noisy', noise: 0.1 }, [COPIES, LOWFPR, DCR]],
      [{ kind: 'noisy', noise: 0.3 }, [COPIES, LOWFPR, DCR]],
      [{ kind: 'memoriser', fraction: 0.02 }, [COPIES, LOWFPR]],
    ],
  },
];

for (const { dataset, n, leaks } of CASES) {
  describe(`default policy on ${dataset}${n ? ` (${n} rows)` : ''}`, () => {
    for (const [leak, rules] of leaks)
      it(`fails ${leakName(leak)} (on ${rules.join(', ')})`, async () => {
        for (const seed of [1, 2]) {
          const v = await verdict(dataset, leak, seed, n);
          expect(v.passed, `seed ${seed}`).toBe(false);
          const f = failed(v);
          for (const r of rules) expect(f, `seed ${seed}`).toContain(r);
        }
      });

    it('passes fresh samples (holdout halves) in at least 19 of 20 seeds', async () => {
      const fails: string[] = [];
      for (let seed = 1; seed <= 20; seed++) {
        const v = await verdict(dataset, { kind: 'fresh' }, seed, n);
        if (!v.passed) fails.push(`seed ${seed}: ${failed(v).join(', ')}`);
      }
      expect(fails.length, fails.join('; ')).toBeLessThanOrEqual(1);
    });
  });
}

describe('detection limit', () => {
  it('German credit: 1% verbatim (2 of 167 rows) is below what 167 rows can show at p <= 0.001', async () => {
    const r = await leakResult(leakCase('german_credit', { kind: 'verbatim', fraction: 0.01 }, 1), 1, false);
    const t = (r.privacy as any).distance.exactCopies.trainExcess;
    expect(t.copies).toBe(2);
    expect(t.pValue).toBeGreaterThan(0.001);
    // while 4 copies (2.4%) are flagged
    const r4 = await leakResult(leakCase('german_credit', { kind: 'verbatim', fraction: 0.024 }, 1), 1, false);
    const t4 = (r4.privacy as any).distance.exactCopies.trainExcess;
    expect(t4.copies).toBe(4);
    expect(t4.pValue).toBeLessThan(0.001);
  });
});
