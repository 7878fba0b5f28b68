// The privacy section's attacks as one typed registry (issue 10 item 2): each attack says where its result goes, when it
// does not apply (and why) and how to run it; privacy() in attacks/index.ts resolves what they share once and runs them
// in registry order. Adding an attack is one file with its function, one entry here, one key in AttackResults (and in
// PrivacyResult where it is reported) and its test.

import type { AuditContext } from '../src/context.js';
import type { Rng } from '../src/rng.js';
import type { GeneratorSpec } from '../src/generators/generator.js';
import { distanceMetrics, type DistanceResult } from './dcr.js';
import { domias, type DomiasResult } from './domias.js';
import { inferenceAttack, singlingOut, linkability, type InferenceResult, type SinglingOutResult, type LinkabilityResult } from './anonymeter.js';
import { modelInference, type ModelInferenceResult } from './model-inference.js';
import { shadowMia, shadowAia, type ShadowMiaResult, type ShadowAiaResult } from './shadow.js';
import { qiMatch, qiColumns, type QiMatchResult } from './qi-match.js';
import type { PrivacyOptions } from './index.js';

/** What each attack returns when it runs, by registry name. */
export interface AttackResults {
  distance: DistanceResult;
  domias: DomiasResult;
  inference: InferenceResult;
  modelInference: ModelInferenceResult;
  singlingOutUnivariate: SinglingOutResult;
  singlingOutMultivariate: SinglingOutResult;
  linkability: LinkabilityResult;
  qiMatch: QiMatchResult;
  shadowMia: ShadowMiaResult;
  shadowAia: ShadowAiaResult;
}

export type AttackName = keyof AttackResults;

/** What privacy() resolves once for every attack: the context, the options, the section's random stream, the secret, the generator. */
export interface AttackEnv {
  ctx: AuditContext;
  opts: PrivacyOptions;
  /** Confidence level of every interval. */
  confidence: number;
  /** The section's stream (ctx.rng.fork('privacy')); each attack forks its own named stream from it. */
  rng: Rng;
  secret: {
    /** The secret column of the attribute-inference attacks (ctx.target, else privacy.secret), or null. */
    name: string | null;
    /** Whether there is an attack to run on it: an analysed column with at least one other column to guess it from. */
    usable: boolean;
    /** Why not, when not usable. */
    reason: string;
    categorical: boolean;
  };
  /** The generator the shadow-model attacks assume (absent: they are skipped). */
  generator: GeneratorSpec | undefined;
}

/** One attack of the privacy section. */
export interface Attack<K extends AttackName = AttackName> {
  /** Its key in AttackResults (privacy() places the result in PrivacyResult). */
  name: K;
  /** Progress label; null when the attack reports its own progress (the shadow-model attacks). */
  label: string | null;
  /** Why it does not run here: 'disabled' when turned off (privacy.<attack>: false), else the first unmet requirement; undefined when it runs. */
  skipReason(env: AttackEnv): string | undefined;
  run(env: AttackEnv): AttackResults[K] | Promise<AttackResults[K]>;
}

/** 'disabled' when turned off, else the reason of the first requirement that does not hold, else undefined (it runs). */
function unmet(disabled: boolean, requires: [boolean, string][]): string | undefined {
  return disabled ? 'disabled' : requires.find(([holds]) => !holds)?.[1];
}

const hasSecret = (e: AttackEnv): [boolean, string] => [e.secret.usable, e.secret.reason];
const hasGenerator = (e: AttackEnv): [boolean, string] => [e.generator !== undefined, 'no generator given (privacy.generator): the shadow-model attacks need the attacker to know the generator'];
const categoricalSecret = (e: AttackEnv, what: string): [boolean, string] => [e.secret.usable && e.secret.categorical, `${what} needs a categorical secret ("${e.secret.name}" is numeric)`];
/** The shadow-model attacks' context: the section's context with the section's 'shadow' stream. */
const shadowCtx = (e: AttackEnv): AuditContext => ({ ...e.ctx, rng: e.rng.fork('shadow') });

const distance: Attack<'distance'> = {
  name: 'distance',
  label: 'distances',
  skipReason: (e) => unmet(e.opts.distance === false, []),
  run: (e) => distanceMetrics(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork('distance'), { confidence: e.confidence, fprs: e.opts.fprs, ...(e.opts.distance || {}) }),
};

const domiasAttack: Attack<'domias'> = {
  name: 'domias',
  label: 'DOMIAS',
  skipReason: (e) => unmet(e.opts.domias === false, [[e.ctx.holdout.n >= 4, `DOMIAS needs at least 4 holdout rows (half fits the reference density, half are the non-members); the holdout has ${e.ctx.holdout.n}`]]),
  run: (e) => domias(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork('domias'), { confidence: e.confidence, fprs: e.opts.fprs, ...(e.opts.domias || {}) }),
};

const inference: Attack<'inference'> = {
  name: 'inference',
  label: 'attribute inference',
  skipReason: (e) => unmet(e.opts.inference === false, [hasSecret(e)]),
  run: (e) => inferenceAttack(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork('inference'), { secret: e.secret.name!, quasiIdentifiers: e.opts.quasiIdentifiers, attacks: e.opts.attacks, confidence: e.confidence, ...(e.opts.inference || {}) }),
};

const modelInferenceAttack: Attack<'modelInference'> = {
  name: 'modelInference',
  label: 'model-based inference',
  skipReason: (e) => unmet(e.opts.modelInference === false, [hasSecret(e), categoricalSecret(e, 'model-based inference')]),
  run: (e) => modelInference(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork('model-inference'), { secret: e.secret.name!, quasiIdentifiers: e.opts.quasiIdentifiers, attacks: e.opts.attacks, confidence: e.confidence, ...(e.opts.modelInference || {}) }),
};

function singlingOutAttack<K extends 'singlingOutUnivariate' | 'singlingOutMultivariate'>(name: K, mode: 'univariate' | 'multivariate', stream: string): Attack<K> {
  return {
    name,
    label: `singling out (${mode})`,
    skipReason: (e) => unmet(e.opts.singlingOut === false, []),
    run: (e) => singlingOut(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork(stream), { mode, confidence: e.confidence, ...(e.opts.singlingOut || {}) }),
  };
}

const linkabilityAttack: Attack<'linkability'> = {
  name: 'linkability',
  label: 'linkability',
  skipReason: (e) => unmet(e.opts.linkability === false, [[e.ctx.domain.columns.length >= 2, 'linkability needs at least two columns']]),
  run: (e) => linkability(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, e.rng.fork('linkability'), { attacks: e.opts.attacks, confidence: e.confidence, ...(e.opts.linkability || {}) }),
};

const qiMatchAttack: Attack<'qiMatch'> = {
  name: 'qiMatch',
  label: 'quasi-identifier match',
  skipReason: (e) =>
    unmet(e.opts.qiMatch === false, [[qiColumns(e.ctx.real, { quasiIdentifiers: e.opts.quasiIdentifiers, secret: e.secret.name }).length > 0, `quasi-identifier match needs a quasi-identifier: the secret "${e.secret.name}" is the only analysed column`]]),
  run: (e) => qiMatch(e.ctx.real, e.ctx.holdout, e.ctx.synthetic, { quasiIdentifiers: e.opts.quasiIdentifiers, secret: e.secret.name, confidence: e.confidence }),
};

const shadowMiaAttack: Attack<'shadowMia'> = {
  name: 'shadowMia',
  label: null,
  skipReason: (e) => unmet(e.opts.shadow === false, [hasGenerator(e)]),
  run: (e) => shadowMia(shadowCtx(e), { confidence: e.confidence, fprs: e.opts.fprs, ...(e.opts.shadow || {}), generator: e.generator! }),
};

const shadowAiaAttack: Attack<'shadowAia'> = {
  name: 'shadowAia',
  label: null,
  skipReason: (e) => unmet(e.opts.shadowAia === false, [hasGenerator(e), hasSecret(e), categoricalSecret(e, 'shadow-model AIA')]),
  run: (e) => shadowAia(shadowCtx(e), { confidence: e.confidence, ...(e.opts.shadow || {}), ...(e.opts.shadowAia || {}), generator: e.generator!, secret: e.secret.name! }),
};

/** Every attack of the privacy section, in the order they run. */
export const ATTACKS: { [K in AttackName]: Attack<K> }[AttackName][] = [
  distance,
  domiasAttack,
  inference,
  modelInferenceAttack,
  singlingOutAttack('singlingOutUnivariate', 'univariate', 'so.uni'),
  singlingOutAttack('singlingOutMultivariate', 'multivariate', 'so.multi'),
  linkabilityAttack,
  qiMatchAttack,
  shadowMiaAttack,
  shadowAiaAttack,
];
