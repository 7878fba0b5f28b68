// results v1 -> v2, fidelity section: the converter applied to the v1 fixture (German credit, made on main before the
// change) equals the fidelity section this code writes for the same inputs and seed; and its rules on hand-made nodes.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { audit } from '../../src/app/index.js';
import { renderJson, validateResult } from '../../reports/json.js';
import { FIDELITY_ADDED_AFTER_V1, fidelityV1toV2 } from '../../src/app/results-v1/fidelity.js';
import { UserError } from '../../src/errors.js';

const root = resolve(__dirname, '../..');
const fixture = (p: string) => resolve(root, 'test/fixtures', p);

/** Every node of a JSON tree with its path. */
function nodes(x: unknown, path = 'fidelity', out: [string, unknown][] = []): [string, unknown][] {
  out.push([path, x]);
  if (Array.isArray(x)) x.forEach((y, i) => nodes(y, `${path}[${i}]`, out));
  else if (typeof x === 'object' && x !== null) for (const [k, v] of Object.entries(x)) nodes(v, `${path}.${k}`, out);
  return out;
}

/** A v2 fidelity section split into the fields added after v1 (and their convention texts) and the rest. */
function splitAdded(sec: Record<string, any>): { added: Record<string, unknown>; rest: Record<string, any> } {
  const rest: Record<string, any> = { ...sec, conventions: { ...sec.conventions } };
  const added: Record<string, unknown> = {};
  for (const k of FIDELITY_ADDED_AFTER_V1) {
    added[k] = rest[k];
    added[`conventions.${k}`] = rest.conventions[k];
    delete rest[k];
    delete rest.conventions[k];
  }
  return { added, rest };
}

describe('fidelity results v1 -> v2', () => {
  test('the converted v1 fixture equals the fidelity section written now (German credit, seed and options of the fixture)', async () => {
    const v1 = JSON.parse(gunzipSync(readFileSync(fixture('results-v1/german-results-v1.json.gz'))).toString('utf8'));
    const F = fixture('data/german_credit');
    // fidelity runs first, on its own rng fork: the other sections of the fixture's run do not change it
    const result = await audit({ real: `${F}/train.csv.gz`, holdout: `${F}/holdout.csv.gz`, synthetic: fixture('results-v1/german-synthetic.csv.gz'), target: 'class', seed: v1.meta.seed, sections: ['fidelity'] });
    const written = JSON.parse(renderJson(result));
    expect(validateResult(written).errors).toEqual([]); // results.schema.json with the v2 fidelity schema
    const v2 = written.fidelity;
    const converted = fidelityV1toV2(v1.fidelity) as Record<string, any>;
    // the fields added after v1 are in v2 and absent from the converted file (not invented); everything else is equal
    const { added, rest } = splitAdded(v2);
    for (const k of FIDELITY_ADDED_AFTER_V1) {
      expect(added[k], k).toBeDefined();
      expect(added[`conventions.${k}`], `conventions.${k}`).toBeDefined();
      expect(Object.hasOwn(converted, k), k).toBe(false);
      expect(Object.hasOwn(converted.conventions, k), `conventions.${k}`).toBe(false);
    }
    expect(converted).toEqual(rest);
    // what changed: no v1 measure field is left, and every v1 measure (each carried a floor) is a measure with a holdout baseline
    const v1Measures = nodes(v1.fidelity).filter(([, n]) => typeof n === 'object' && n !== null && 'floor' in n && 'value' in n);
    // 21 columns x 5 (+ KS, W1 on 3 numeric), marginals mean/max, 4 pair metrics x mean/max, 10 worst pairs, 210 pairs x 4,
    // Cramér 2 x mean/max, numeric KS/W1 mean/max, Pearson/Spearman diff mean/max, 4 pMSE items, 15 overall, 69 per column
    expect(v1Measures.length).toBe(21 * 5 + 3 * 2 + 2 + 8 + 10 + 210 * 4 + 4 + 4 + 4 + 4 + 15 + 69);
    const v2Nodes = new Map(nodes(v2));
    for (const [path, old] of v1Measures) {
      const m = v2Nodes.get(path) as Record<string, unknown>;
      expect(m, path).toBeDefined();
      expect(Object.keys(m).filter((k) => k === 'floor' || k === 'ci' || k === 'floorCi'), path).toEqual([]);
      const o = old as Record<string, unknown>;
      expect(m.value, path).toBe(o.value);
      expect(m.baseline, path).toEqual({ kind: 'holdout', value: o.floor, ...(Array.isArray(o.floorCi) ? { interval: o.floorCi } : {}) });
      expect(m.interval, path).toEqual(Array.isArray(o.ci) ? o.ci : undefined);
      expect(['lower', 'closer'], path).toContain(m.better);
    }
    // the converter is idempotent on a v2 section
    expect(fidelityV1toV2(v2)).toEqual(v2);
  });

  test('rules on hand-made nodes: null interval left out, null floor kept as a null baseline, near1/near0.5 read closer', () => {
    const v1 = {
      conventions: { bootstrap: 'x; ci uses the (real, synthetic) replicates, floorCi the (real, holdout) ones. y', other: 'ci stays' },
      marginals: { tvd: { mean: { value: 0.1, floor: null, ci: null, floorCi: [0.01, 0.02] }, max: { value: null, floor: 0.3 } } },
      pairs: { tvd: { worst: [{ a: 'x', b: 'y', value: 0.2, floor: 0.1, ci: [0.15, 0.25] }] }, list: [] },
      numeric: { pearson: null, spearman: { diff: { meanAbsDiff: { value: 0.05, floor: 0.04 }, maxAbsDiff: { value: 0.1, floor: 0.09 }, undefinedPairs: 2, worst: [] } } },
      pmse: { skipped: true, reason: 'off' },
      summary: {
        overall: [
          { metric: 'r', text: 't', better: 'near1', value: 1.2, floor: 1.0, ci: null, floorCi: null },
          { metric: 'auc', text: 'u', better: 'near0.5', value: 0.6, floor: 0.5, ci: null, floorCi: null },
        ],
        perColumn: [{ column: 'x', items: [{ metric: 'KS', text: 'v', better: 'lower', value: 0.1, floor: 0.05, ci: [0.08, 0.12], floorCi: [0.03, 0.07] }] }],
      },
    };
    const before = JSON.stringify(v1);
    const v2 = fidelityV1toV2(v1) as typeof v1 & Record<string, any>;
    expect(JSON.stringify(v1)).toBe(before); // pure: the input is not changed
    expect(v2.conventions).toEqual({ bootstrap: 'x; the interval of a measure uses the (real, synthetic) replicates, its baseline.interval the (real, holdout) ones. y', other: 'ci stays' });
    expect(v2.marginals.tvd.mean).toEqual({ value: 0.1, better: 'lower', baseline: { kind: 'holdout', value: null, interval: [0.01, 0.02] } });
    expect(v2.marginals.tvd.max).toEqual({ value: null, better: 'lower', baseline: { kind: 'holdout', value: 0.3 } });
    expect(v2.pairs.tvd.worst).toEqual([{ a: 'x', b: 'y', value: 0.2, better: 'lower', interval: [0.15, 0.25], baseline: { kind: 'holdout', value: 0.1 } }]);
    expect(v2.numeric.pearson).toBeNull();
    expect(v2.numeric.spearman.diff).toEqual({ meanAbsDiff: { value: 0.05, better: 'lower', baseline: { kind: 'holdout', value: 0.04 } }, maxAbsDiff: { value: 0.1, better: 'lower', baseline: { kind: 'holdout', value: 0.09 } }, undefinedPairs: 2, worst: [] });
    expect(v2.pmse).toEqual({ skipped: true, reason: 'off' });
    expect(v2.summary.overall).toEqual([
      { metric: 'r', text: 't', better: 'closer', value: 1.2, baseline: { kind: 'holdout', value: 1.0 } },
      { metric: 'auc', text: 'u', better: 'closer', value: 0.6, baseline: { kind: 'holdout', value: 0.5 } },
    ]);
    expect(v2.summary.perColumn[0].items[0]).toEqual({ metric: 'KS', text: 'v', better: 'lower', value: 0.1, interval: [0.08, 0.12], baseline: { kind: 'holdout', value: 0.05, interval: [0.03, 0.07] } });
  });

  test('a skipped section passes through; an unknown v1 `better` is a one-line UserError naming the path', () => {
    expect(fidelityV1toV2({ skipped: true, reason: 'not asked' })).toEqual({ skipped: true, reason: 'not asked' });
    const bad = { summary: { overall: [{ metric: 'm', text: 't', better: 'sideways', value: 1, floor: 1, ci: null, floorCi: null }] } };
    expect(() => fidelityV1toV2(bad)).toThrow(UserError);
    expect(() => fidelityV1toV2(bad)).toThrow('results version 1: fidelity.summary.overall[0].better is "sideways" (expected lower, higher, near1 or near0.5)');
  });
});
