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

/** One registry entry: the generator's name, how to build it from a spec and how to reload a fitted one. */
export interface GeneratorEntry {
  name: string;
  create: GeneratorFactory;
  load: (state: GeneratorState, domain: Domain) => Generator;
}

/** The generator registry: one entry per generator; GENERATOR_NAMES (CLI choices, help, errors) is derived from it. */
export const GENERATORS = [
  { name: 'identity', create: (s, d) => new IdentityGenerator(s, d), load: (st, d) => IdentityGenerator.load(st, d) },
  { name: 'independent', create: (s, d) => new IndependentGenerator(s, d), load: (st, d) => IndependentGenerator.load(st, d) },
  { name: 'marginal-dp', create: (s, d) => new MarginalDpGenerator(s, d), load: (st, d) => MarginalDpGenerator.load(st, d) },
  { name: 'mixing', create: (s, d) => new MixingGenerator(s, d), load: (st, d) => MixingGenerator.load(st, d) },
  { name: 'command', create: (s, d) => new CommandGenerator(s, d), load: (st, d) => CommandGenerator.load(st, d) },
  { name: 'aim', create: (s, d) => new AimGenerator(s, d), load: (st, d) => AimGenerator.load(st, d) },
] as const satisfies readonly GeneratorEntry[];

export type GeneratorName = (typeof GENERATORS)[number]['name'];
export const GENERATOR_NAMES: readonly GeneratorName[] = GENERATORS.map((g) => g.name);

function entryOf(name: GeneratorName): GeneratorEntry {
  return GENERATORS.find((g) => g.name === name)!;
}

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
  return entryOf(checkName(spec.name)).create(spec, domain);
}

/** A fitted generator from its toJSON() output, over the same domain it was fitted on. */
export function loadGenerator(state: GeneratorState, domain: Domain): Generator {
  if (!state || typeof state !== 'object' || !state.spec) throw new UserError('saved generator state must be {spec, state}');
  return entryOf(checkName(state.spec.name)).load(state, domain);
}
