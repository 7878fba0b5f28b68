// The privacy section: every attack on the released synthetic table (distances, DOMIAS, Anonymeter-style inference, singling out,
// linkability, quasi-identifier match) and, given the generator, shadow-model MIA/AIA with the empirical epsilon bound; each number beside its baseline (docs/definitions.md).

import type { AuditContext } from '../src/context.js';
import { skip, type Skipped } from '../src/skipped.js';
import type { GeneratorSpec } from '../src/generators/generator.js';
import type { DistanceOptions, DistanceResult } from './dcr.js';
import type { DomiasOptions, DomiasResult } from './domias.js';
import type { InferenceResult, SinglingOutResult, LinkabilityResult, LinkabilityOptions } from './anonymeter.js';
import type { ModelInferenceResult } from './model-inference.js';
import type { ShadowOptions, ShadowMiaResult, ShadowAiaResult } from './shadow.js';
import type { QiMatchResult } from './qi-match.js';
import { checkPrivacyOptions } from './options.js';
import { ATTACKS, type Attack, type AttackEnv, type AttackName, type AttackResults } from './registry.js';

export { distanceMetrics } from './dcr.js';
export { domias } from './domias.js';
export { inferenceAttack, singlingOut, linkability } from './anonymeter.js';
export { modelInference } from './model-inference.js';
export { shadowMia, shadowAia } from './shadow.js';
export { qiMatch } from './qi-match.js';
export { empiricalEpsilon } from './epsilon.js';
export { checkPrivacyOptions, checkShadowOptions } from './options.js';
export { chooseTargets, vulnerabilityScores } from './targets.js';
export { gowerSpace, gowerDistance, buildIndex, nearest } from './distance.js';
export * as stats from './stats.js';
export { ATTACKS, type Attack, type AttackEnv, type AttackName, type AttackResults } from './registry.js';

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
  /** Quasi-identifier match membership (no options of its own; false turns it off). */
  qiMatch?: Record<string, never> | false;
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
  /** Quasi-identifier match membership; absent in results written before it existed (results version 1, and version 2 before synthaudit added it). */
  qiMatch?: QiMatchResult | Skipped;
  shadowMia: ShadowMiaResult | Skipped;
  shadowAia: ShadowAiaResult | Skipped;
}


/** Replace non-finite numbers by null so the result is plain JSON (every such place is documented as nullable). */
export function jsonSafe<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/** Attacks whose heavy part runs on worker threads (attacks/pool.ts): started before the others, awaited after them. */
const ON_WORKERS: ReadonlySet<AttackName> = new Set<AttackName>(['shadowMia', 'shadowAia']);

/** What each attack returns, or why it was skipped. */
type AttackOutcomes = { [K in AttackName]: AttackResults[K] | Skipped };

/** Run one attack of the registry, or skip it with its reason. */
async function runAttack<K extends AttackName>(a: Attack<K>, env: AttackEnv): Promise<AttackResults[K] | Skipped> {
  const why = a.skipReason(env);
  if (why !== undefined) return skip(why);
  const task = a.label === null ? null : env.ctx.progress.task(`privacy: ${a.label}`);
  const r = await a.run(env);
  task?.done();
  return r;
}

/** The secret column of the attribute-inference attacks and whether (and why not) they can use it. */
function secretOf(ctx: AuditContext, o: PrivacyOptions): AttackEnv['secret'] {
  const name = ctx.target ?? o.secret ?? null;
  const analysed = name !== null && ctx.domain.index.has(name);
  // inference attacks guess the secret from the other columns: with none, there is no attack to run
  const usable = analysed && ctx.domain.columns.length >= 2;
  const reason =
    name === null
      ? 'no secret column: set a target (--target) or privacy.secret'
      : !analysed
        ? `secret column "${name}" is not an analysed column`
        : `secret column "${name}" is the only analysed column: attribute inference needs other columns to guess it from`;
  return { name, usable, reason, categorical: usable && ctx.domain.columns[ctx.domain.index.get(name!)!].kind === 'categorical' };
}

export async function privacy(ctx: AuditContext, opts?: PrivacyOptions): Promise<PrivacyResult> {
  const o: PrivacyOptions = opts ?? (ctx.options?.privacy as PrivacyOptions) ?? {};
  checkPrivacyOptions(o as Record<string, unknown>);
  const cl = o.confidence ?? 0.95;
  const env: AttackEnv = {
    ctx,
    opts: o,
    confidence: cl,
    rng: ctx.rng.fork('privacy'),
    secret: secretOf(ctx, o),
    // the shadow-model attacks: the attacker knows the generator
    generator: typeof o.generator === 'string' ? { name: o.generator } : o.generator,
  };
  // The shadow-model attacks start first: once their targets are chosen, their shadow sets run on worker threads while
  // the main thread runs the other attacks, one after the other. Every attack draws from its own named stream
  // (Rng.fork is stateless) and writes only its own result, so the numbers do not depend on this order.
  const out: Partial<Record<AttackName, unknown>> = {};
  const background: Promise<{ ok: true } | { ok: false; error: unknown }>[] = [];
  for (const a of ATTACKS) {
    if (!ON_WORKERS.has(a.name)) continue;
    background.push(
      runAttack<typeof a.name>(a, env).then(
        (v) => ((out[a.name] = v), { ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
  }
  let failure: { error: unknown } | null = null;
  try {
    for (const a of ATTACKS) if (!ON_WORKERS.has(a.name)) out[a.name] = await runAttack<typeof a.name>(a, env);
  } catch (error) {
    failure = { error };
  }
  // wait for the background attacks even after a failure, so that no worker outlives the section
  for (const b of await Promise.all(background)) if (!b.ok && !failure) failure = { error: b.error };
  if (failure) throw failure.error;
  const r = out as AttackOutcomes;
  const secret = env.secret.usable ? env.secret.name : null;

  return jsonSafe({
    conventions: {
      confidence: cl,
      members: 'members = rows of the real (training) table; non-members / control = holdout rows, never seen by the generator',
      baselines: 'MIA: AUC 0.5 and TPR = FPR; DCR share: n_train/(n_train+n_holdout) (balanced: 1/2); Anonymeter attacks: the same attack on holdout rows; shadow AIA: the prior guess',
      separation: 'privacy numbers only: a detection AUC (real vs synthetic) is fidelity, not privacy, and is not reported here',
    },
    secret,
    distance: r.distance,
    domias: r.domias,
    inference: r.inference,
    modelInference: r.modelInference,
    singlingOut: { univariate: r.singlingOutUnivariate, multivariate: r.singlingOutMultivariate },
    linkability: r.linkability,
    qiMatch: r.qiMatch,
    shadowMia: r.shadowMia,
    shadowAia: r.shadowAia,
  });
}
