// The privacy section: every attack on the released synthetic table (distances, DOMIAS, Anonymeter-style inference, singling out,
// linkability) and, given the generator, shadow-model MIA/AIA with the empirical epsilon bound; each number beside its baseline (docs/definitions.md).

import type { AuditContext } from '../src/context.js';
import { skip, type Skipped } from '../src/skipped.js';
import type { GeneratorSpec } from '../src/generators/generator.js';
import { distanceMetrics, type DistanceOptions, type DistanceResult } from './dcr.js';
import { domias, type DomiasOptions, type DomiasResult } from './domias.js';
import { inferenceAttack, singlingOut, linkability, type InferenceResult, type SinglingOutResult, type LinkabilityResult, type LinkabilityOptions } from './anonymeter.js';
import { modelInference, type ModelInferenceResult } from './model-inference.js';
import { shadowMia, shadowAia, type ShadowOptions, type ShadowMiaResult, type ShadowAiaResult } from './shadow.js';
import { checkPrivacyOptions } from './options.js';

export { distanceMetrics } from './dcr.js';
export { domias } from './domias.js';
export { inferenceAttack, singlingOut, linkability } from './anonymeter.js';
export { modelInference } from './model-inference.js';
export { shadowMia, shadowAia } from './shadow.js';
export { empiricalEpsilon } from './epsilon.js';
export { checkPrivacyOptions, checkShadowOptions } from './options.js';
export { chooseTargets, vulnerabilityScores } from './targets.js';
export { gowerSpace, gowerDistance, buildIndex, nearest } from './distance.js';
export * as stats from './stats.js';

export type { Skipped };

export interface PrivacyOptions {
  confidence?: number;
  /** FPRs for TPR-at-low-FPR (default [0.01, 0.001]). */
  fprs?: number[];
  /** Secret column for attribute inference (default: ctx.target). */
  secret?: string;
  quasiIdentifiers?: string[];
  /** Targets per side for the Anonymeter-style attacks (default 2,000). */
  attacks?: number;
  distance?: DistanceOptions | false;
  domias?: DomiasOptions | false;
  inference?: { tolerance?: number } | false;
  modelInference?: { nTrees?: number } | false;
  singlingOut?: { attacks?: number; nColumns?: number } | false;
  linkability?: LinkabilityOptions | false;
  /** The generator the shadow-model attacks assume (required for them; absent = skipped with a reason); a name is short for {name}. */
  generator?: GeneratorSpec | string;
  shadow?: Omit<ShadowOptions, 'generator'> | false;
  /** Shadow-model attribute inference (needs generator and a categorical secret); options as shadow plus candidates. */
  shadowAia?: (Omit<ShadowOptions, 'generator'> & { candidates?: number }) | false;
}

export interface PrivacyResult {
  conventions: {
    confidence: number;
    members: string;
    baselines: string;
    separation: string;
  };
  secret: string | null;
  distance: DistanceResult | Skipped;
  domias: DomiasResult | Skipped;
  inference: InferenceResult | Skipped;
  modelInference: ModelInferenceResult | Skipped;
  singlingOut: { univariate: SinglingOutResult | Skipped; multivariate: SinglingOutResult | Skipped };
  linkability: LinkabilityResult | Skipped;
  shadowMia: ShadowMiaResult | Skipped;
  shadowAia: ShadowAiaResult | Skipped;
}


/** Replace non-finite numbers by null so the result is plain JSON (every such place is documented as nullable). */
export function jsonSafe<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/** One attack of the section: whether it runs (and why not) and how to run it. */
interface AttackStep<T> {
  /** Progress label; null when the attack reports its own progress (the shadow-model attacks). */
  label: string | null;
  /** Turned off in the options (`privacy.<attack>: false`): skipped as "disabled". */
  disabled: boolean;
  /** What else it needs, in order: [holds, reason given when it does not]; the first unmet one is the skip reason. */
  requires: [boolean, string][];
  run(): T | Promise<T>;
}

/** What each attack returns when it runs, in the order they run. */
interface AttackResults {
  distance: DistanceResult;
  domias: DomiasResult;
  inference: InferenceResult;
  modelInference: ModelInferenceResult;
  singlingOutUnivariate: SinglingOutResult;
  singlingOutMultivariate: SinglingOutResult;
  linkability: LinkabilityResult;
  shadowMia: ShadowMiaResult;
  shadowAia: ShadowAiaResult;
}
type AttackPlan = { [K in keyof AttackResults]: AttackStep<AttackResults[K]> };
type AttackOutcomes = { [K in keyof AttackResults]: AttackResults[K] | Skipped };

/** Run the attacks of a plan one after the other, in the plan's key order: each runs, or is skipped with its reason. */
async function runAttacks(plan: AttackPlan, ctx: AuditContext): Promise<AttackOutcomes> {
  const out: Partial<AttackOutcomes> = {};
  const runOne = async <K extends keyof AttackResults>(key: K): Promise<void> => {
    const step: AttackStep<AttackResults[K]> = plan[key];
    const unmet = step.disabled ? 'disabled' : step.requires.find(([holds]) => !holds)?.[1];
    if (unmet !== undefined) {
      out[key] = skip(unmet);
      return;
    }
    const task = step.label === null ? null : ctx.progress.task(`privacy: ${step.label}`);
    out[key] = await step.run();
    task?.done();
  };
  for (const key of Object.keys(plan) as (keyof AttackResults)[]) await runOne(key);
  return out as AttackOutcomes;
}

export async function privacy(ctx: AuditContext, opts?: PrivacyOptions): Promise<PrivacyResult> {
  const o: PrivacyOptions = opts ?? (ctx.options?.privacy as PrivacyOptions) ?? {};
  checkPrivacyOptions(o as Record<string, unknown>);
  const cl = o.confidence ?? 0.95;
  const rng = ctx.rng.fork('privacy');
  const { real, holdout, synthetic } = ctx;

  // the secret column of the attribute-inference attacks
  const secret = ctx.target ?? o.secret ?? null;
  const secretAnalysed = secret !== null && ctx.domain.index.has(secret);
  // inference attacks guess the secret from the other columns: with none, there is no attack to run
  const secretOk = secretAnalysed && ctx.domain.columns.length >= 2;
  const secretReason =
    secret === null
      ? 'no secret column: set a target (--target) or privacy.secret'
      : !secretAnalysed
        ? `secret column "${secret}" is not an analysed column`
        : `secret column "${secret}" is the only analysed column: attribute inference needs other columns to guess it from`;
  const secretCategorical = secretOk && ctx.domain.columns[ctx.domain.index.get(secret!)!].kind === 'categorical';
  const hasSecret: [boolean, string] = [secretOk, secretReason];

  // the shadow-model attacks: the attacker knows the generator
  const gen: GeneratorSpec | undefined = typeof o.generator === 'string' ? { name: o.generator } : o.generator;
  const hasGenerator: [boolean, string] = [gen !== undefined, 'no generator given (privacy.generator): the shadow-model attacks need the attacker to know the generator'];
  const sub = { ...ctx, rng: rng.fork('shadow') };
  const so = o.singlingOut;

  const plan: AttackPlan = {
    distance: {
      label: 'distances',
      disabled: o.distance === false,
      requires: [],
      run: () => distanceMetrics(real, holdout, synthetic, rng.fork('distance'), { confidence: cl, fprs: o.fprs, ...(o.distance || {}) }),
    },
    domias: {
      label: 'DOMIAS',
      disabled: o.domias === false,
      requires: [[holdout.n >= 4, `DOMIAS needs at least 4 holdout rows (half fits the reference density, half are the non-members); the holdout has ${holdout.n}`]],
      run: () => domias(real, holdout, synthetic, rng.fork('domias'), { confidence: cl, fprs: o.fprs, ...(o.domias || {}) }),
    },
    inference: {
      label: 'attribute inference',
      disabled: o.inference === false,
      requires: [hasSecret],
      run: () => inferenceAttack(real, holdout, synthetic, rng.fork('inference'), { secret: secret!, quasiIdentifiers: o.quasiIdentifiers, attacks: o.attacks, confidence: cl, ...(o.inference || {}) }),
    },
    modelInference: {
      label: 'model-based inference',
      disabled: o.modelInference === false,
      requires: [hasSecret, [secretCategorical, `model-based inference needs a categorical secret ("${secret}" is numeric)`]],
      run: () => modelInference(real, holdout, synthetic, rng.fork('model-inference'), { secret: secret!, quasiIdentifiers: o.quasiIdentifiers, attacks: o.attacks, confidence: cl, ...(o.modelInference || {}) }),
    },
    singlingOutUnivariate: {
      label: 'singling out (univariate)',
      disabled: so === false,
      requires: [],
      run: () => singlingOut(real, holdout, synthetic, rng.fork('so.uni'), { mode: 'univariate', confidence: cl, ...(so || {}) }),
    },
    singlingOutMultivariate: {
      label: 'singling out (multivariate)',
      disabled: so === false,
      requires: [],
      run: () => singlingOut(real, holdout, synthetic, rng.fork('so.multi'), { mode: 'multivariate', confidence: cl, ...(so || {}) }),
    },
    linkability: {
      label: 'linkability',
      disabled: o.linkability === false,
      requires: [[ctx.domain.columns.length >= 2, 'linkability needs at least two columns']],
      run: () => linkability(real, holdout, synthetic, rng.fork('linkability'), { attacks: o.attacks, confidence: cl, ...(o.linkability || {}) }),
    },
    shadowMia: {
      label: null,
      disabled: o.shadow === false,
      requires: [hasGenerator],
      run: () => shadowMia(sub, { confidence: cl, fprs: o.fprs, ...(o.shadow || {}), generator: gen! }),
    },
    shadowAia: {
      label: null,
      disabled: o.shadowAia === false,
      requires: [hasGenerator, hasSecret, [secretCategorical, `shadow-model AIA needs a categorical secret ("${secret}" is numeric)`]],
      run: () => shadowAia(sub, { confidence: cl, ...(o.shadow || {}), ...(o.shadowAia || {}), generator: gen!, secret: secret! }),
    },
  };
  const r = await runAttacks(plan, ctx);

  return jsonSafe({
    conventions: {
      confidence: cl,
      members: 'members = rows of the real (training) table; non-members / control = holdout rows, never seen by the generator',
      baselines: 'MIA: AUC 0.5 and TPR = FPR; DCR share: n_train/(n_train+n_holdout) (balanced: 1/2); Anonymeter attacks: the same attack on holdout rows; shadow AIA: the prior guess',
      separation: 'privacy numbers only: a detection AUC (real vs synthetic) is fidelity, not privacy, and is not reported here',
    },
    secret: secretOk ? secret : null,
    distance: r.distance,
    domias: r.domias,
    inference: r.inference,
    modelInference: r.modelInference,
    singlingOut: { univariate: r.singlingOutUnivariate, multivariate: r.singlingOutMultivariate },
    linkability: r.linkability,
    shadowMia: r.shadowMia,
    shadowAia: r.shadowAia,
  });
}
