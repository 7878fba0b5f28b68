import { describe, it, expect } from 'vitest';
import { runAudit } from '../../src/app/audit.js';
import { renderJson } from '../../reports/json.js';
import { loadShared, subsample, splitHalves } from '../helpers/data.js';

// Same inputs and seed give byte-identical results.json across every section, including the shadow-model
// attacks on worker threads (whose scheduling must not leak into the numbers); another seed changes them.
describe('determinism of the whole audit', () => {
  const real = subsample(loadShared('german_credit', 'train'), 400, 1);
  const [holdout, synthetic] = splitHalves(loadShared('german_credit', 'holdout'), 2);
  const opts = (seed: number, workers: number) => ({
    real,
    holdout,
    synthetic,
    target: 'class',
    seed,
    utility: { bootstrap: 20 },
    privacy: {
      generator: { name: 'independent' },
      shadow: { nVulnerable: 2, nRandom: 0, nTrainSets: 20, nTestSets: 20, trainSize: 150, nTrees: 20, workers },
      shadowAia: false as const,
      attacks: 100,
    },
  });

  it('two runs with the same seed give the same bytes, whatever the worker count; a new seed differs', async () => {
    const a = renderJson((await runAudit(opts(11, 2))).result);
    const a2 = renderJson((await runAudit(opts(11, 2))).result);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a2).toBe(a);
    // in-process run: only the recorded worker setting may differ
    const b = renderJson((await runAudit(opts(11, 0))).result);
    const noWorkers = (s: string) => s.replace(/"workers": \d+/g, '"workers": -1');
    expect(b).not.toBe(a);
    expect(noWorkers(b)).toBe(noWorkers(a));
    const c = renderJson((await runAudit(opts(12, 2))).result);
    expect(c).not.toBe(a);
    const parsed = JSON.parse(a);
    expect(Object.keys(parsed)).toEqual(['version', 'meta', 'data', 'fidelity', 'utility', 'privacy']);
  });
});
