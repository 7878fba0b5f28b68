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

export async function privacy(ctx: AuditContext, opts?: PrivacyOptions): Promise<PrivacyResult> {
  const o: PrivacyOptions = opts ?? (ctx.options?.privacy as PrivacyOptions) ?? {};
  checkPrivacyOptions(o as Record<string, unknown>);
  const cl = o.confidence ?? 0.95;
  const rng = ctx.rng.fork('privacy');
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
  const step = <T>(label: string, f: () => T): T => {
    const t = ctx.progress.task(`privacy: ${label}`);
    const r = f();
    t.done();
    return r;
  };

  const distance = o.distance === false ? skip('disabled') : step('distances', () => distanceMetrics(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('distance'), { confidence: cl, fprs: o.fprs, ...(o.distance || {}) }));
  const dom =
    o.domias === false
      ? skip('disabled')
      : ctx.holdout.n < 4
        ? skip(`DOMIAS needs at least 4 holdout rows (half fits the reference density, half are the non-members); the holdout has ${ctx.holdout.n}`)
        : step('DOMIAS', () => domias(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('domias'), { confidence: cl, fprs: o.fprs, ...(o.domias || {}) }));
  const inference =
    o.inference === false
      ? skip('disabled')
      : !secretOk
        ? skip(secretReason)
        : step('attribute inference', () =>
            inferenceAttack(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('inference'), { secret: secret!, quasiIdentifiers: o.quasiIdentifiers, attacks: o.attacks, confidence: cl, ...(o.inference || {}) }),
          );
  const mInf =
    o.modelInference === false
      ? skip('disabled')
      : !secretOk
        ? skip(secretReason)
        : ctx.domain.columns[ctx.domain.index.get(secret!)!].kind !== 'categorical'
          ? skip(`model-based inference needs a categorical secret ("${secret}" is numeric)`)
          : step('model-based inference', () =>
              modelInference(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('model-inference'), { secret: secret!, quasiIdentifiers: o.quasiIdentifiers, attacks: o.attacks, confidence: cl, ...(o.modelInference || {}) }),
            );
  const so = o.singlingOut;
  const sUni = so === false ? skip('disabled') : step('singling out (univariate)', () => singlingOut(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('so.uni'), { mode: 'univariate', confidence: cl, ...(so || {}) }));
  const sMulti = so === false ? skip('disabled') : step('singling out (multivariate)', () => singlingOut(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('so.multi'), { mode: 'multivariate', confidence: cl, ...(so || {}) }));
  const link =
    o.linkability === false
      ? skip('disabled')
      : ctx.domain.columns.length < 2
        ? skip('linkability needs at least two columns')
        : step('linkability', () => linkability(ctx.real, ctx.holdout, ctx.synthetic, rng.fork('linkability'), { attacks: o.attacks, confidence: cl, ...(o.linkability || {}) }));

  const gen: GeneratorSpec | undefined = typeof o.generator === 'string' ? { name: o.generator } : o.generator;
  const noGen = 'no generator given (privacy.generator): the shadow-model attacks need the attacker to know the generator';
  const sub = { ...ctx, rng: rng.fork('shadow') };
  const sm =
    o.shadow === false ? skip('disabled') : !gen ? skip(noGen) : await shadowMia(sub, { confidence: cl, fprs: o.fprs, ...(o.shadow || {}), generator: gen });
  let sa: ShadowAiaResult | Skipped;
  if (o.shadowAia === false) sa = skip('disabled');
  else if (!gen) sa = skip(noGen);
  else if (!secretOk) sa = skip(secretReason);
  else if (ctx.domain.columns[ctx.domain.index.get(secret!)!].kind !== 'categorical') sa = skip(`shadow-model AIA needs a categorical secret ("${secret}" is numeric)`);
  else sa = await shadowAia(sub, { confidence: cl, ...(o.shadow || {}), ...(o.shadowAia || {}), generator: gen, secret: secret! });

  return jsonSafe({
    conventions: {
      confidence: cl,
      members: 'members = rows of the real (training) table; non-members / control = holdout rows, never seen by the generator',
      baselines: 'MIA: AUC 0.5 and TPR = FPR; DCR share: n_train/(n_train+n_holdout) (balanced: 1/2); Anonymeter attacks: the same attack on holdout rows; shadow AIA: the prior guess',
      separation: 'privacy numbers only: a detection AUC (real vs synthetic) is fidelity, not privacy, and is not reported here',
    },
    secret: secretOk ? secret : null,
    distance,
    domias: dom,
    inference,
    modelInference: mInf,
    singlingOut: { univariate: sUni, multivariate: sMulti },
    linkability: link,
    shadowMia: sm,
    shadowAia: sa,
  });
}
