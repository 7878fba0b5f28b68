// The attack registry (issue 10 item 2): one entry per result the privacy section reports, in run order, each saying why
// it does not apply; privacy() only iterates it.

import { describe, it, expect } from 'vitest';
import { prepare } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { ATTACKS, type AttackEnv, type AttackName } from '../../attacks/registry.js';
import type { PrivacyOptions } from '../../attacks/index.js';
import type { Table } from '../../src/table.js';
import { loadShared } from '../helpers/data.js';

const train = loadShared('german_credit', 'train');
const hold = loadShared('german_credit', 'holdout');
const p = prepare(train, hold, hold);
const ctx: AuditContext = { schema: p.schema, domain: p.domain, real: p.real, holdout: p.holdout, synthetic: p.synthetic, tables: { real: train, holdout: hold, synthetic: hold }, rng: new Rng(1), progress: silentProgress, options: {} };

function env(opts: PrivacyOptions, secret: Partial<AttackEnv['secret']> = {}, generator: AttackEnv['generator'] = undefined): AttackEnv {
  return { ctx, opts, confidence: 0.95, rng: ctx.rng.fork('privacy'), secret: { name: 'class', usable: true, reason: 'none', categorical: true, ...secret }, generator };
}

const reasons = (e: AttackEnv) => Object.fromEntries(ATTACKS.map((a) => [a.name, a.skipReason(e) ?? null])) as Record<AttackName, string | null>;

describe('attack registry', () => {
  it('lists every attack once, in the order the section runs them', () => {
    expect(ATTACKS.map((a) => a.name)).toEqual(['distance', 'domias', 'inference', 'modelInference', 'singlingOutUnivariate', 'singlingOutMultivariate', 'linkability', 'qiMatch', 'shadowMia', 'shadowAia']);
  });
  it('everything applies with a categorical secret and a generator; nothing but the shadow attacks needs the generator', () => {
    expect(Object.values(reasons(env({}, {}, { name: 'independent' })))).toEqual(new Array(10).fill(null));
    const r = reasons(env({}));
    expect(r.shadowMia).toMatch(/^no generator given/);
    expect(r.shadowAia).toMatch(/^no generator given/);
    expect(Object.entries(r).filter(([, v]) => v !== null).map(([k]) => k)).toEqual(['shadowMia', 'shadowAia']);
  });
  it('"disabled" comes before any unmet requirement; a numeric or missing secret is named', () => {
    const off = reasons(env({ distance: false, domias: false, inference: false, modelInference: false, singlingOut: false, linkability: false, qiMatch: false, shadow: false, shadowAia: false }, { usable: false, reason: 'no secret column' }));
    expect(Object.values(off)).toEqual(new Array(10).fill('disabled'));
    const numeric = reasons(env({}, { name: 'age', categorical: false }, { name: 'independent' }));
    expect([numeric.inference, numeric.modelInference, numeric.shadowAia]).toEqual([null, 'model-based inference needs a categorical secret ("age" is numeric)', 'shadow-model AIA needs a categorical secret ("age" is numeric)']);
    const none = reasons(env({}, { name: null, usable: false, categorical: false, reason: 'no secret column: set a target (--target) or privacy.secret' }, { name: 'independent' }));
    expect([none.inference, none.modelInference, none.shadowAia]).toEqual(new Array(3).fill('no secret column: set a target (--target) or privacy.secret'));
    // the QI-match attack needs no secret, only a quasi-identifier: with the secret the only analysed column there is none
    expect(none.qiMatch).toBeNull();
    const only = (t: Table): Table => ({ ...t, columns: ['class'], cells: [t.cells[t.columns.indexOf('class')]] });
    const one = prepare(only(train), only(hold), only(hold));
    const oneCtx: AuditContext = { ...ctx, domain: one.domain, real: one.real, holdout: one.holdout, synthetic: one.synthetic };
    const onlySecret = { ...env({}), ctx: oneCtx };
    expect(reasons(onlySecret).qiMatch).toBe('quasi-identifier match needs a quasi-identifier: the secret "class" is the only analysed column');
    expect(reasons({ ...onlySecret, secret: { ...onlySecret.secret, name: null } }).qiMatch).toBeNull();
  });
});
