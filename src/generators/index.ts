// The generator registry: build a Generator from a JSON GeneratorSpec, reload a fitted one from its GeneratorState, and
// convert between encoded and raw tables (the interface of src/generators/generator.ts; ARCHITECTURE.md "One interface per concept").
//
// Shadow-model workers rebuild generators from plain JSON: createGenerator(spec, domain).fit(data, rng).sample(n, rng).

import { UserError } from '../errors.js';
import type { Domain } from '../domain.js';
import type { Generator, GeneratorFactory, GeneratorSpec, GeneratorState } from './generator.js';
import { IdentityGenerator } from './identity.js';
import { IndependentGenerator } from './independent.js';
import { MarginalDpGenerator } from './marginal-dp.js';
import { MixingGenerator } from './mixing.js';
import { CommandGenerator } from './command.js';
import { AimGenerator } from './aim/aim.js';

export type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim, GeneratorFactory } from './generator.js';
export { decodeTable } from './common.js';
export { encode as encodeTable } from '../domain.js';
export { IdentityGenerator, IndependentGenerator, MarginalDpGenerator, MixingGenerator, CommandGenerator, AimGenerator };

export const GENERATOR_NAMES = ['identity', 'independent', 'marginal-dp', 'mixing', 'command', 'aim'] as const;
export type GeneratorName = (typeof GENERATOR_NAMES)[number];

const FACTORIES: Record<GeneratorName, GeneratorFactory> = {
  identity: (s, d) => new IdentityGenerator(s, d),
  independent: (s, d) => new IndependentGenerator(s, d),
  'marginal-dp': (s, d) => new MarginalDpGenerator(s, d),
  mixing: (s, d) => new MixingGenerator(s, d),
  command: (s, d) => new CommandGenerator(s, d),
  aim: (s, d) => new AimGenerator(s, d),
};

const LOADERS: Record<GeneratorName, (st: GeneratorState, d: Domain) => Generator> = {
  identity: (st, d) => IdentityGenerator.load(st, d),
  independent: (st, d) => IndependentGenerator.load(st, d),
  'marginal-dp': (st, d) => MarginalDpGenerator.load(st, d),
  mixing: (st, d) => MixingGenerator.load(st, d),
  command: (st, d) => CommandGenerator.load(st, d),
  aim: (st, d) => AimGenerator.load(st, d),
};

function checkName(name: unknown): GeneratorName {
  if (typeof name !== 'string' || !(GENERATOR_NAMES as readonly string[]).includes(name)) {
    throw new UserError(`unknown generator ${JSON.stringify(name)} (use ${GENERATOR_NAMES.join(', ')})`);
  }
  return name as GeneratorName;
}

/** An unfitted generator from its spec; options are validated here (UserError on a bad option). */
export function createGenerator(spec: GeneratorSpec, domain: Domain): Generator {
  if (!spec || typeof spec !== 'object') throw new UserError('generator spec must be an object {name, options}');
  if (spec.options !== undefined && (spec.options === null || typeof spec.options !== 'object' || Array.isArray(spec.options))) throw new UserError('generator options must be an object');
  return FACTORIES[checkName(spec.name)](spec, domain);
}

/** A fitted generator from its toJSON() output, over the same domain it was fitted on. */
export function loadGenerator(state: GeneratorState, domain: Domain): Generator {
  if (!state || typeof state !== 'object' || !state.spec) throw new UserError('saved generator state must be {spec, state}');
  return LOADERS[checkName(state.spec.name)](state, domain);
}
