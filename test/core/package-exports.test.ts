// The README's library and vitest example, through the package's own exports ('synthaudit', 'synthaudit/vitest'),
// which resolve to the compiled dist/ (npm test builds first): what a user installing the package gets.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';

describe('package exports', () => {
  it('audit() from "synthaudit" and the matchers from "synthaudit/vitest" work as the README shows', async () => {
    const lib = await import('synthaudit');
    await import('synthaudit/vitest');
    const data = resolve(__dirname, '../../../shared/data/german_credit');
    const result = await lib.audit({
      real: resolve(data, 'train.csv'),
      holdout: resolve(data, 'holdout.csv'),
      synthetic: resolve(data, 'holdout.csv'),
      target: 'class',
      seed: 1,
      sections: ['fidelity', 'privacy'],
      privacy: { shadow: false, shadowAia: false, attacks: 100 },
    });
    expect(result.meta.tool).toBe('synthaudit');
    expect(lib.validateResult(JSON.parse(lib.renderJson(result))).errors).toEqual([]);
    // the holdout audited against itself is as faithful as a fresh sample can be
    (expect(result) as any).toHaveFidelity({ maxMeanTVD: 0.2 });
    (expect(result) as any).toPassPolicy(['fidelity.marginals.tvd.mean < 0.2']);
    expect(() => (expect(result) as any).toHaveFidelity({ maxMeanTVD: 0.0001 })).toThrow(/mean 1-way TVD/);
  });
});
