// Pure checks of the privacy options (types, ranges, unknown keys of every attack's mapping) that need no data, so a mistake
// fails before any section runs. Called by the privacy section, by runAudit before the first section and by the config loader.

import { UserError } from '../src/errors.js';
import { knownHint } from '../src/suggest.js';
import { ALL_FEATURES } from './features.js';
import type { PrivacyOptions } from './index.js';

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));
const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const unit = (x: unknown) => typeof x === 'number' && x > 0 && x < 1;

/** Fewest shadow sets per target to train, and to test, an attack (attacks/shadow.ts MIN_SETS). */
export const MIN_SHADOW_SETS = 20;

/**
 * A privacy claim stated for a generator (privacy.generator.options.claim; --claim-epsilon/--claim-delta): {kind: 'none'} or
 * {kind: 'dp', epsilon (finite, >= 0; required), delta (in [0, 1), default 0), neighbours ('add-remove' default, 'replace-one')}.
 */
export function checkClaim(v: unknown, path: string): void {
  if (!isMapping(v)) throw new UserError(`${path} must be a mapping {kind: dp, epsilon, delta} (got ${show(v)})`);
  if (v.kind === 'none') return;
  if (v.kind !== 'dp') throw new UserError(`${path}.kind must be "dp" or "none" (got ${show(v.kind)})`);
  for (const k of Object.keys(v)) if (!['kind', 'epsilon', 'delta', 'neighbours', 'note'].includes(k)) throw new UserError(`unknown key "${k}" in ${path} (known: kind, epsilon, delta, neighbours, note)`);
  if (v.epsilon === undefined) throw new UserError(`${path}: a DP claim needs epsilon (e.g. {kind: dp, epsilon: 1, delta: 1e-5}; CLI: --claim-epsilon)`);
  if (!(typeof v.epsilon === 'number' && Number.isFinite(v.epsilon) && v.epsilon >= 0)) throw new UserError(`${path}.epsilon must be a finite number >= 0 (got ${show(v.epsilon)})`);
  if (v.delta !== undefined && !(typeof v.delta === 'number' && v.delta >= 0 && v.delta < 1)) throw new UserError(`${path}.delta must be a number in [0, 1) (got ${show(v.delta)})`);
  if (v.neighbours !== undefined && v.neighbours !== 'add-remove' && v.neighbours !== 'replace-one') throw new UserError(`${path}.neighbours must be "add-remove" or "replace-one" (got ${show(v.neighbours)})`);
}

/** Keys of each attack's options mapping (attacks/index.ts PrivacyOptions). */
export const PRIVACY_SUBOPTION_KEYS: Record<string, readonly string[]> = {
  distance: ['columns', 'maxRows', 'miaRows', 'confidence', 'fprs', 'histogramBins'],
  domias: ['density', 'alpha', 'eps', 'miaRows', 'maxRows', 'columns', 'confidence', 'fprs'],
  inference: ['tolerance'],
  modelInference: ['nTrees'],
  singlingOut: ['attacks', 'nColumns'],
  linkability: ['columnsA', 'columnsB', 'neighbours', 'attacks', 'confidence'],
  qiMatch: [],
  shadow: ['targets', 'nVulnerable', 'nRandom', 'vulnerability', 'nTrainSets', 'nTestSets', 'trainSize', 'syntheticSize', 'features', 'corrTopK', 'nTrees', 'workers', 'confidence', 'fprs', 'delta'],
  shadowAia: ['targets', 'nVulnerable', 'nRandom', 'vulnerability', 'nTrainSets', 'nTestSets', 'trainSize', 'syntheticSize', 'features', 'corrTopK', 'nTrees', 'workers', 'confidence', 'fprs', 'delta', 'candidates'],
};

/** Every top-level privacy option key; the type check fails to compile when PrivacyOptions gains a key not listed here. */
export const PRIVACY_KEYS = ['confidence', 'fprs', 'secret', 'quasiIdentifiers', 'attacks', 'distance', 'domias', 'inference', 'modelInference', 'singlingOut', 'linkability', 'qiMatch', 'generator', 'shadow', 'shadowAia'] as const;
type Exhaustive<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : false;
const privacyKeysComplete: Exhaustive<(typeof PRIVACY_KEYS)[number], keyof PrivacyOptions> = true;
void privacyKeysComplete;

/** A checker of one option mapping whose messages name `path.key`. */
function checker(o: Record<string, unknown>, path: string) {
  const fail = (k: string, want: string, got: unknown): never => {
    throw new UserError(`${path}.${k} must be ${want} (got ${show(got)})`);
  };
  return {
    fail,
    intMin(k: string, min: number) {
      const v = o[k];
      if (v !== undefined && !(isInt(v) && v >= min)) fail(k, `an integer >= ${min}`, v);
    },
    num(k: string, want: string, ok: (x: number) => boolean) {
      const v = o[k];
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && ok(v))) fail(k, want, v);
    },
    unit(k: string) {
      if (o[k] !== undefined && !unit(o[k])) fail(k, 'a number in (0, 1)', o[k]);
    },
    fprs(k: string) {
      const v = o[k];
      if (v !== undefined && !(Array.isArray(v) && v.length > 0 && v.every(unit))) fail(k, 'a non-empty list of numbers in (0, 1)', v);
    },
    columns(k: string) {
      const v = o[k];
      if (v !== undefined && !(Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))) fail(k, 'a non-empty list of column names', v);
    },
  };
}

/**
 * The data-free checks of the shadow-model options (also the ones shadowMia/shadowAia run on their merged options); `path`
 * names the mapping in messages (privacy.shadow or privacy.shadowAia). Checks against the tables (trainSize vs the
 * holdout, target rows vs the real table) stay in attacks/shadow.ts.
 */
export function checkShadowOptions(o: Record<string, unknown>, path: string): void {
  const c = checker(o, path);
  c.intMin('trainSize', 2);
  // fewer sets give no meaningful interval (AUC, and an epsilon bound that can never exceed 1)
  for (const k of ['nTrainSets', 'nTestSets']) {
    const v = o[k];
    if (v !== undefined && !(isInt(v) && v >= MIN_SHADOW_SETS)) c.fail(k, `an integer >= ${MIN_SHADOW_SETS} (fewer shadow sets give no meaningful interval)`, v);
  }
  c.intMin('syntheticSize', 1);
  c.intMin('nVulnerable', 0);
  c.intMin('nRandom', 0);
  c.intMin('corrTopK', 1);
  c.intMin('nTrees', 1);
  c.intMin('workers', 0);
  c.intMin('candidates', 2);
  c.unit('confidence');
  c.fprs('fprs');
  c.num('delta', 'a number in [0, 1)', (x) => x >= 0 && x < 1);
  if (o.targets !== undefined && !(Array.isArray(o.targets) && o.targets.every((r) => isInt(r) && r >= 0))) c.fail('targets', 'a list of row indices (integers >= 0) of the real table', o.targets);
  if (o.features !== undefined && !(Array.isArray(o.features) && o.features.length > 0 && o.features.every((f) => (ALL_FEATURES as readonly unknown[]).includes(f)))) {
    c.fail('features', `a non-empty list of feature families (${ALL_FEATURES.join(', ')})`, o.features);
  }
  if (o.vulnerability !== undefined) {
    if (!isMapping(o.vulnerability)) c.fail('vulnerability', 'a mapping of options (k, maxCandidates, maxReference)', o.vulnerability);
    const v = o.vulnerability as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      if (!['k', 'maxCandidates', 'maxReference'].includes(k)) throw new UserError(`unknown option "${k}" in ${path}.vulnerability${knownHint(k, ['k', 'maxCandidates', 'maxReference'])}`);
    }
    const cv = checker(v, `${path}.vulnerability`);
    cv.intMin('k', 1);
    cv.intMin('maxCandidates', 1);
    cv.intMin('maxReference', 1);
  }
}

/**
 * Check the privacy options without the data: types and ranges of the top-level keys and of every attack's mapping (unknown
 * keys included). Column names are checked against the table in runAudit. Throws a one-line UserError naming the option.
 */
export function checkPrivacyOptions(p: Record<string, unknown>): void {
  if (!isMapping(p)) throw new UserError(`privacy options must be a mapping of option names to values (got ${show(p)})`);
  for (const k of Object.keys(p)) {
    if (!(PRIVACY_KEYS as readonly string[]).includes(k)) throw new UserError(`unknown privacy option "${k}"${knownHint(k, PRIVACY_KEYS)}`);
  }
  const bad = (key: string, want: string, got: unknown): never => {
    throw new UserError(`privacy option "${key}" must be ${want} (got ${show(got)})`);
  };
  if (p.confidence !== undefined && !unit(p.confidence)) bad('confidence', 'a number in (0, 1)', p.confidence);
  if (p.fprs !== undefined && !(Array.isArray(p.fprs) && p.fprs.length > 0 && p.fprs.every(unit))) bad('fprs', 'a non-empty list of numbers in (0, 1)', p.fprs);
  if (p.secret !== undefined && typeof p.secret !== 'string') bad('secret', 'a column name', p.secret);
  if (p.quasiIdentifiers !== undefined && !(Array.isArray(p.quasiIdentifiers) && p.quasiIdentifiers.length > 0 && p.quasiIdentifiers.every((x) => typeof x === 'string'))) {
    bad('quasiIdentifiers', 'a non-empty list of column names', p.quasiIdentifiers);
  }
  if (p.attacks !== undefined && !(isInt(p.attacks) && p.attacks >= 1)) bad('attacks', 'an integer >= 1', p.attacks);
  for (const [k, known] of Object.entries(PRIVACY_SUBOPTION_KEYS)) {
    const v = p[k];
    if (v === undefined || v === false) continue;
    if (!isMapping(v)) bad(k, 'false or a mapping of options', v);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!known.includes(key)) throw new UserError(`unknown option "${key}" in privacy.${k}${knownHint(key, known)}`);
    }
    const path = `privacy.${k}`;
    const c = checker(o, path);
    switch (k) {
      case 'distance':
        c.columns('columns');
        c.intMin('maxRows', 1);
        c.intMin('miaRows', 1);
        c.unit('confidence');
        c.fprs('fprs');
        c.intMin('histogramBins', 1);
        break;
      case 'domias':
        if (o.density !== undefined && o.density !== 'chow-liu' && o.density !== 'knn') c.fail('density', '"chow-liu" or "knn"', o.density);
        c.num('alpha', 'a number >= 0', (x) => x >= 0);
        c.num('eps', 'a number > 0', (x) => x > 0);
        c.intMin('miaRows', 1);
        c.intMin('maxRows', 1);
        c.columns('columns');
        c.unit('confidence');
        c.fprs('fprs');
        break;
      case 'inference':
        c.num('tolerance', 'a number >= 0', (x) => x >= 0);
        break;
      case 'modelInference':
        c.intMin('nTrees', 1);
        break;
      case 'singlingOut':
        c.intMin('attacks', 1);
        c.intMin('nColumns', 1);
        break;
      case 'linkability':
        c.columns('columnsA');
        c.columns('columnsB');
        c.intMin('neighbours', 1);
        c.intMin('attacks', 1);
        c.unit('confidence');
        break;
      case 'shadow':
      case 'shadowAia':
        checkShadowOptions(o, path);
        break;
    }
  }
  if (p.generator !== undefined) {
    const g = p.generator;
    if (typeof g === 'string') {
      if (g === '') bad('generator', 'a generator name or {name, options}', g);
    } else if (!isMapping(g) || typeof g.name !== 'string' || g.name === '') bad('generator', 'a generator name or {name, options}', g);
    else if (Object.keys(g).some((k) => k !== 'name' && k !== 'options')) {
      const k = Object.keys(g).find((x) => x !== 'name' && x !== 'options')!;
      throw new UserError(`unknown option "${k}" in privacy.generator${knownHint(k, ['name', 'options'])}`);
    }
    else if (g.options !== undefined && !isMapping(g.options)) throw new UserError(`privacy.generator.options must be a mapping of generator options (got ${show(g.options)})`);
    else if (isMapping(g.options) && g.options.claim !== undefined) checkClaim(g.options.claim, 'privacy.generator.options.claim');
  }
}
