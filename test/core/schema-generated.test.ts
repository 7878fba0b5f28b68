// schema/results.schema.json is generated from the result types (scripts/gen-schema.mjs; `npm run schema`). This fails
// when a result type changed and the checked-in schema was not regenerated, so the published schema cannot drift
// from what the code writes. The generated schema must also hold the measure shape and reject a version-1 measure.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { definitionValidator } from '../../reports/json.js';

const ROOT = resolve(__dirname, '../..');

describe('generated results schema', () => {
  it('the checked-in schema equals a fresh generation from the types', async () => {
    const { schemaText } = (await import(resolve(ROOT, 'scripts/gen-schema.mjs'))) as { schemaText: () => string };
    const fresh = schemaText();
    const checkedIn = readFileSync(resolve(ROOT, 'schema/results.schema.json'), 'utf8');
    expect(checkedIn === fresh, 'schema/results.schema.json is stale: run `npm run schema` and commit it').toBe(true);
  }, 60_000);
  it('describes a measure and rejects the version-1 spellings', () => {
    const m = definitionValidator('Measure');
    expect(m({ value: 0.1, interval: [0.05, 0.2], better: 'lower', baseline: { kind: 'holdout', value: 0.08, interval: [0.06, 0.1] } })).toBe(true);
    expect(m({ value: null, better: 'higher', reason: 'undefined on this holdout' })).toBe(true);
    expect(m({ value: 0.1, floor: 0.08, better: 'lower' })).toBe(false);
    expect(m({ value: 0.1, lo: 0, hi: 0.2, better: 'lower' })).toBe(false);
    expect(m({ value: 0.1 })).toBe(false);
    expect(m({ value: 0.1, better: 'up' })).toBe(false);
    expect(m({ value: 0.1, better: 'lower', baseline: { kind: 'fresh', value: 1 } })).toBe(false);
    // a fidelity number's baseline is the holdout floor, by type
    const f = definitionValidator('FidelityMeasure');
    expect(f({ value: 0.1, better: 'lower', baseline: { kind: 'holdout', value: 0.08 } })).toBe(true);
    expect(f({ value: 0.1, better: 'lower', baseline: { kind: 'ideal', value: 0.08 } })).toBe(false);
  });
});

describe('generated config schema (schema/config.schema.json)', () => {
  it('is fresh, and its keys are the ones the config check and each section registry accept', async () => {
    const { configSchemaText } = (await import(resolve(ROOT, 'scripts/gen-schema.mjs'))) as { configSchemaText: () => string };
    const text = configSchemaText();
    expect(readFileSync(resolve(ROOT, 'schema/config.schema.json'), 'utf8') === text, 'schema/config.schema.json is stale: run `npm run schema`').toBe(true);
    const schema = JSON.parse(text) as { definitions: Record<string, { properties?: Record<string, { $ref?: string; properties?: object }> }> };
    const { CONFIG_KEYS } = await import('../../src/app/config.js');
    const { SECTIONS } = await import('../../src/app/sections.js');
    const top = schema.definitions.ConfigFile.properties!;
    expect(Object.keys(top).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const s of SECTIONS) {
      const p = top[s.name];
      const def = p.$ref ? schema.definitions[decodeURIComponent(p.$ref.replace('#/definitions/', ''))] : p;
      expect(Object.keys(def.properties ?? {}).sort(), s.name).toEqual([...s.optionKeys].sort());
    }
  }, 60_000);
});
