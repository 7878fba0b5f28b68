// Results version 1 -> 2, the whole file (issue 10 acceptance): the v1 results.json of a German-credit audit made on
// main before the change (test/fixtures/results-v1/README.md), converted, equals the version-2 results.json today's
// code writes for the same inputs, options and seed: every number survives, and the mapping is the documented one.
// synthaudit gate reads the v1 file and gives the same verdict as on the v2 file.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { audit } from '../../src/app/index.js';
import { upgradeResults, resultsVersion } from '../../src/app/results-v1/index.js';
import { canonicalize, renderJson, validateResult } from '../../reports/json.js';
import { redactExamples } from '../../reports/redact.js';
import { gateRun, loadPolicy, evaluatePolicy } from '../../src/app/gate.js';
import { UserError } from '../../src/errors.js';
import { withoutAddedAfterV1 } from '../helpers/results-v1.js';

const FIX = resolve(__dirname, '../fixtures');
const DATA = resolve(FIX, 'data/german_credit');

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

/** Every number in a JSON value, in document order with its path. */
function numbers(x: unknown, path = '', out: [string, number][] = []): [string, number][] {
  if (typeof x === 'number') out.push([path, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) numbers(v, `${path}.${k}`, out);
  return out;
}

describe('results.json version 1 -> 2', () => {
  it('the converted v1 German-credit file equals what today\'s code writes, number for number', async () => {
    const v1 = JSON.parse(gunzipSync(readFileSync(resolve(FIX, 'results-v1/german-results-v1.json.gz'))).toString('utf8'));
    expect(resultsVersion(v1)).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'synthaudit-v1-'));
    // the synthetic table under the name the v1 run gave it
    const synth = join(dir, 'gc-syn.csv');
    writeFileSync(synth, gunzipSync(readFileSync(resolve(FIX, 'results-v1/german-synthetic.csv.gz'))));
    const o = v1.meta.options;
    const fresh = await audit({ real: resolve(DATA, 'train.csv.gz'), holdout: resolve(DATA, 'holdout.csv.gz'), synthetic: synth, target: o.target, seed: v1.meta.seed, fidelity: o.fidelity, utility: o.utility, privacy: o.privacy });
    // as `audit --out` writes it: example values left out (the v1 file was written that way)
    const v2 = JSON.parse(renderJson(redactExamples(fresh)));
    expect(validateResult(v2)).toEqual({ valid: true, errors: [] });
    const converted = canonicalize(upgradeResults(v1));
    // every key but those v1 never had (listed in test/helpers/results-v1.ts, each checked present in v2)
    expect(converted).toEqual(withoutAddedAfterV1(v2));
    // and the conversion is not the identity: v1 has the old spellings and no version
    expect(JSON.stringify(v1)).toMatch(/"floorCi":/);
    // (conventions are texts keyed by the term they explain, e.g. conventions.floor)
    const noConventions = JSON.stringify(v2, (k, v) => (k === 'conventions' ? undefined : v));
    expect(noConventions).not.toMatch(/"(floorCi|floor|ci|lo|hi|lower|upper|ideal|estimate)":/);
    // every number of v1 is somewhere in v2 (values, bounds, floors): nothing was dropped
    const have = new Map<number, number>();
    for (const [, n] of numbers(v2)) have.set(n, (have.get(n) ?? 0) + 1);
    const lost = numbers(v1).filter(([p, n]) => !have.has(n) && !/\.meta\.inputs/.test(p));
    expect(lost).toEqual([]);
  }, 120_000);

  it('gate reads a v1 file: same verdict as on its v2 form', () => {
    const v1 = JSON.parse(gunzipSync(readFileSync(resolve(FIX, 'results-v1/german-results-v1.json.gz'))).toString('utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'synthaudit-v1-gate-'));
    const f = join(dir, 'results.json');
    writeFileSync(f, JSON.stringify(v1));
    const out = sink();
    const err = sink();
    const code = gateRun(f, 'default', undefined, out, err, undefined, 'json');
    expect(err.text()).toBe('');
    const verdict = JSON.parse(out.text());
    expect(verdict).toEqual(JSON.parse(JSON.stringify(evaluatePolicy(upgradeResults(v1) as unknown as Parameters<typeof evaluatePolicy>[0], loadPolicy('default')))));
    expect(verdict.counts.failed + verdict.counts.passed).toBeGreaterThan(5);
    expect(code).toBe(verdict.passed ? 0 : 1);
  });

  it('a version it does not know is a one-line error', () => {
    expect(() => upgradeResults({ version: 3, meta: {} }, 'r.json')).toThrow(UserError);
    expect(() => upgradeResults({ version: 3, meta: {} }, 'r.json')).toThrow(/results format version 3 is not one this synthaudit reads \(1 or 2\)/);
  });
});
