// schema/generators.schema.json (draft-07, ajv 8, strict) describes the model file of every generator and every claim;
// a broken file does not validate.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { Rng } from '../../src/rng.js';
import { createGenerator } from '../../src/generators/index.js';
import { buildDpDomain, domainToJSON } from '../../src/generators/dp-domain.js';
import { encode } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import { loadShared, subsample } from '../helpers/data.js';
import { MODEL_FORMAT } from '../../src/app/generate.js';
import { adultSample } from './util.js';

const schema = JSON.parse(readFileSync(resolve(__dirname, '../../schema/generators.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);
const validateClaim = ajv.getSchema('https://synthaudit.dev/schema/generators.schema.json#/definitions/privacyClaim')!;

describe('generators schema', () => {
  it('model files of every generator (and their claims) validate; broken ones do not', () => {
    const data = adultSample(300);
    const specs = [
      { name: 'identity' },
      { name: 'independent' },
      { name: 'independent', options: { epsilon: 1 } },
      { name: 'marginal-dp', options: { epsilon: 1 } },
      { name: 'marginal-dp', options: { risk: 0.2, degree: 3, procEpsilon: [0.01, 0.01] } },
      { name: 'mixing' },
    ];
    for (const spec of specs) {
      const g = createGenerator(spec, data.domain).fit(data, new Rng(1));
      const model = JSON.parse(JSON.stringify({ format: MODEL_FORMAT, version: 1, domain: domainToJSON(data.domain), generator: g.toJSON(), claim: g.claim() }));
      const ok = validate(model);
      expect(validate.errors ?? [], `${spec.name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toEqual([]);
      expect(ok).toBe(true);
      expect(validateClaim(JSON.parse(JSON.stringify(g.claim())))).toBe(true);
      const broken = JSON.parse(JSON.stringify(model));
      broken.claim.kind = 'maybe';
      expect(validate(broken)).toBe(false);
    }
    expect(validateClaim({ kind: 'dp', epsilon: 1, delta: 2, neighbours: 'add-remove' })).toBe(false);
  });

  it('a model over a DP-safe domain (bin edges from a private histogram, decoding densities) validates', () => {
    const t = subsample(loadShared('adult', 'train'), 2000, 4);
    const r = buildDpDomain(t, inferSchema(t), { generator: { name: 'marginal-dp', options: { epsilon: 3 } }, rng: new Rng(2) });
    const g = createGenerator({ name: 'marginal-dp', options: { epsilon: 3, procEpsilon: r.procEpsilons, publicDomain: true } }, r.domain).fit(encode(t, r.domain), new Rng(3));
    const model = JSON.parse(JSON.stringify({ format: MODEL_FORMAT, version: 1, domain: domainToJSON(r.domain), generator: g.toJSON(), claim: g.claim() }));
    expect(model.domain.columns.some((c: { density?: unknown }) => c.density)).toBe(true);
    expect(validate(model), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const broken = JSON.parse(JSON.stringify(model));
    broken.domain.columns.find((c: { density?: { mass: number[] } }) => c.density).density.mass[0] = -1;
    expect(validate(broken)).toBe(false);
  });
});
