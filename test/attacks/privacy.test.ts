import { definitionValidator } from '../../reports/json.js';
import { describe, it, expect } from 'vitest';
import { prepare } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { privacy, type PrivacyOptions } from '../../attacks/index.js';
import { loadShared } from '../helpers/data.js';

const train = loadShared('german_credit', 'train');
const hold = loadShared('german_credit', 'holdout');

function ctx(synthetic: 'copy' | 'holdout', seed: number, target?: string): AuditContext {
  const p = prepare(train, hold, synthetic === 'copy' ? train : hold);
  return { schema: p.schema, domain: p.domain, real: p.real, holdout: p.holdout, synthetic: p.synthetic, tables: { real: train, holdout: hold, synthetic: synthetic === 'copy' ? train : hold }, target, rng: new Rng(seed), progress: silentProgress, options: {} };
}

const OPTS: PrivacyOptions = {
  attacks: 300,
  generator: 'identity',
  shadow: { nTrainSets: 30, nTestSets: 20, trainSize: 150, nVulnerable: 2, nRandom: 1, nTrees: 30, workers: 0 },
  shadowAia: { candidates: 2 },
};

const validate = definitionValidator('PrivacyResult');

describe('privacy section', () => {
  it('runs every attack, is plain JSON valid against the PrivacyResult part of schema/results.schema.json, and is deterministic', async () => {
    const a = await privacy(ctx('copy', 9, 'class'), OPTS);
    const ok = validate(a);
    if (!ok) throw new Error(JSON.stringify(validate.errors?.slice(0, 5)));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    for (const k of ['distance', 'domias', 'inference', 'modelInference', 'linkability', 'shadowMia', 'shadowAia'] as const) expect((a as any)[k].skipped).toBeUndefined();
    const b = await privacy(ctx('copy', 9, 'class'), OPTS);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // a copy of train: the privacy numbers say so
    if ('skipped' in a.distance) throw new Error('distance skipped');
    expect(a.distance.exactCopies.train.value).toBe(1);
    if ('skipped' in a.modelInference) throw new Error('skipped');
    expect(a.modelInference.train.value!).toBeGreaterThan(a.modelInference.control.value!);
    // results v2: no v1 spelling is left (lo / hi / ideal, a tpr beside its interval) and every measure is lower-is-better
    const v1Spellings: string[] = [];
    const betters = new Set<unknown>();
    const walk = (x: unknown, path: string): void => {
      if (Array.isArray(x)) return x.forEach((y, i) => walk(y, `${path}[${i}]`));
      if (typeof x !== 'object' || x === null) return;
      const o = x as Record<string, unknown>;
      for (const k of ['lo', 'hi', 'ideal']) if (k in o) v1Spellings.push(`${path}.${k}`);
      if ('tpr' in o && 'interval' in o) v1Spellings.push(`${path}.tpr`);
      if ('better' in o) betters.add(o.better);
      for (const k of Object.keys(o)) walk(o[k], `${path}.${k}`);
    };
    walk(a, 'privacy');
    expect(v1Spellings).toEqual([]);
    expect([...betters]).toEqual(['lower']);
    // the baselines: the holdout's own copy rate, the control rate, chance, the ideal, the prior guess
    const c = a.distance.exactCopies;
    expect(c.train.baseline).toEqual({ kind: 'holdout', value: c.holdoutInTrain.value, interval: c.holdoutInTrain.interval });
    expect(c.holdout.baseline).toEqual({ kind: 'holdout', value: c.trainInHoldout.value, interval: c.trainInHoldout.interval });
    expect(c.holdoutInTrain.baseline).toBeUndefined();
    expect(c.trainExcess.baseline).toEqual({ kind: 'holdout', value: 0 });
    expect(a.distance.dcrShare.baseline).toEqual({ kind: 'ideal', value: train.nRows / (train.nRows + hold.nRows) });
    expect(a.distance.mia.auc.baseline).toEqual({ kind: 'chance', value: 0.5 });
    expect(a.distance.mia.lowFpr.baseline).toEqual({ kind: 'chance', value: 0.001 });
    const mi = a.modelInference;
    expect(mi.train.baseline).toEqual({ kind: 'holdout', value: mi.control.value, interval: mi.control.interval });
    expect(mi.control.baseline).toBeUndefined();
    expect(mi.risk!.baseline).toEqual({ kind: 'ideal', value: 0 });
    expect(mi.risk!.clipped.baseline).toEqual({ kind: 'ideal', value: 0 });
    if ('skipped' in a.shadowAia || 'skipped' in a.shadowMia) throw new Error('skipped');
    for (const t of a.shadowAia.targets) expect(t.accuracy.baseline).toEqual({ kind: 'chance', value: t.baseline.value, interval: t.baseline.interval });
    for (const t of a.shadowMia.targets) expect([t.auc.baseline, t.advantage.baseline]).toEqual([{ kind: 'chance', value: 0.5 }, { kind: 'chance', value: 0 }]);
  });
  it('skips with a reason: no secret, no generator, disabled', async () => {
    const r = await privacy(ctx('holdout', 1), { attacks: 200, shadow: false, domias: false });
    expect(validate(r)).toBe(true);
    expect(r.secret).toBeNull();
    expect((r.inference as any).reason).toMatch(/secret/);
    expect((r.shadowMia as any).reason).toBe('disabled');
    expect((r.shadowAia as any).reason).toMatch(/generator/);
    expect((r.domias as any).skipped).toBe(true);
  });
});
