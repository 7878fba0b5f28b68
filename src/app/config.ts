// The optional config file (YAML or JSON): column kinds, missing tokens, target, bins, constraints and per-section
// options. CLI flags override it. Unknown keys are user errors so typos do not pass silently.

import { readFileSync, existsSync } from 'node:fs';
import YAML from 'yaml';
import { UserError, isUserError, type ErrorLocation } from '../errors.js';
import { SECTIONS, SECTION_NAMES } from './sections.js';
import type { FidelityOptions } from '../../metrics/fidelity/index.js';
import type { UtilityOptions } from '../../metrics/utility/index.js';
import type { PrivacyOptions } from '../../attacks/index.js';
import { knownHint } from '../suggest.js';

import type { ColumnKind } from '../schema.js';
import { parseDelimiter } from '../table.js';

export interface AuditConfig {
  target?: string;
  seed?: number;
  bins?: number;
  missing?: string[];
  kinds?: Record<string, ColumnKind>;
  maxIntegerCategories?: number;
  exclude?: string[];
  constraints?: string[];
  fidelity?: Record<string, unknown>;
  utility?: Record<string, unknown>;
  privacy?: Record<string, unknown>;
  policy?: string;
  /** Field delimiter of CSV inputs: comma, semicolon, tab, pipe or auto (sniffed). */
  delimiter?: string;
  /** Input size limit in MB (after gzip decompression). */
  maxInputMb?: number;
}

/**
 * The config file with each section's options typed: what schema/config.schema.json is generated from (for editors;
 * `# yaml-language-server: $schema=...`). The runtime checks are validateConfig and each section's checkOptions;
 * test/core/schema-generated.test.ts checks that their key lists and these types name the same keys.
 */
export interface ConfigFile extends Omit<AuditConfig, 'fidelity' | 'utility' | 'privacy'> {
  fidelity?: FidelityOptions;
  utility?: Omit<UtilityOptions, 'targetAbsent'>;
  privacy?: PrivacyOptions;
}

export const CONFIG_KEYS: readonly string[] = ['target', 'seed', 'bins', 'missing', 'kinds', 'maxIntegerCategories', 'exclude', 'constraints', ...SECTION_NAMES, 'policy', 'delimiter', 'maxInputMb'];
const KNOWN = new Set(CONFIG_KEYS);

export function loadStructured(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UserError(`${what} file not found`, { file: path });
  const text = readFileSync(path, 'utf8');
  try {
    return path.toLowerCase().endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new UserError(`cannot parse ${what}: ${msg}`, { file: path });
  }
}

/** The RNG takes a 32-bit seed (src/rng.ts); anything else would be silently truncated or aliased, so it is refused. */
export const MAX_SEED = 0xffffffff;

/** A seed must be an integer in 0..2^32-1; `what` names where it came from (e.g. "--seed"). */
export function checkSeed(seed: unknown, what: string, where: ErrorLocation = {}): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new UserError(`${what} must be an integer from 0 to ${MAX_SEED} (got ${JSON.stringify(seed)})`, where);
  }
  return seed;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Check the types of a parsed config (and the shape of its section options) so a mistake fails before the long run. */
export function validateConfig(raw: unknown, path: string): AuditConfig {
  const where = { file: path };
  const bad = (key: string, want: string, got: unknown): never => {
    throw new UserError(`config key "${key}" must be ${want} (got ${show(got)})`, where);
  };
  if (!isMapping(raw)) throw new UserError('config must be a mapping of keys to values', where);
  for (const k of Object.keys(raw)) {
    if (!KNOWN.has(k)) throw new UserError(`unknown config key "${k}"${knownHint(k, [...KNOWN])}`, where);
  }
  const c = raw as Record<string, unknown>;
  if (c.target !== undefined && (typeof c.target !== 'string' || c.target === '')) bad('target', 'a column name', c.target);
  if (c.seed !== undefined) checkSeed(c.seed, 'config key "seed"', where);
  if (c.bins !== undefined && !(typeof c.bins === 'number' && Number.isInteger(c.bins) && c.bins >= 2)) bad('bins', 'an integer >= 2', c.bins);
  if (c.missing !== undefined && !isStringList(c.missing)) bad('missing', 'a list of strings (the missing-value tokens)', c.missing);
  if (c.maxIntegerCategories !== undefined && !(typeof c.maxIntegerCategories === 'number' && Number.isInteger(c.maxIntegerCategories) && c.maxIntegerCategories >= 0)) {
    bad('maxIntegerCategories', 'an integer >= 0', c.maxIntegerCategories);
  }
  if (c.exclude !== undefined && !isStringList(c.exclude)) bad('exclude', 'a list of column names', c.exclude);
  if (c.constraints !== undefined && !isStringList(c.constraints)) bad('constraints', 'a list of expressions (strings)', c.constraints);
  if (c.policy !== undefined && (typeof c.policy !== 'string' || c.policy === '')) bad('policy', 'a file path', c.policy);
  if (c.delimiter !== undefined) {
    if (typeof c.delimiter !== 'string') bad('delimiter', 'comma, semicolon, tab, pipe or auto', c.delimiter);
    try {
      parseDelimiter(c.delimiter as string, 'config key "delimiter"');
    } catch (e) {
      if (isUserError(e)) throw new UserError(e.detail, where);
      throw e;
    }
  }
  if (c.maxInputMb !== undefined && !(typeof c.maxInputMb === 'number' && Number.isFinite(c.maxInputMb) && c.maxInputMb > 0)) bad('maxInputMb', 'a positive number of MB', c.maxInputMb);
  if (c.kinds !== undefined) {
    if (!isMapping(c.kinds)) bad('kinds', 'a mapping of column name to kind (numeric, categorical or identifier)', c.kinds);
    for (const [col, kind] of Object.entries(c.kinds as object)) {
      if (!['numeric', 'categorical', 'identifier'].includes(kind as string)) throw new UserError(`kinds: ${show(kind)} is not numeric, categorical or identifier`, { file: path, column: col });
    }
  }
  // each section's keys and data-free check come from the section registry (src/app/sections.ts), re-thrown naming the config file
  const inFile = (check: () => void) => {
    try {
      check();
    } catch (e) {
      if (isUserError(e)) throw new UserError(e.detail, where);
      throw e;
    }
  };
  for (const s of SECTIONS) {
    const v = c[s.name];
    if (v === undefined) continue;
    if (!isMapping(v)) bad(s.name, 'a mapping of option names to values', v);
    for (const k of Object.keys(v as object)) {
      if (!s.optionKeys.includes(k)) throw new UserError(`unknown ${s.name} option "${k}"${knownHint(k, s.optionKeys)}`, where);
    }
    inFile(() => s.checkOptions(v as Record<string, unknown>));
  }
  return c as AuditConfig;
}

export function loadConfig(path: string): AuditConfig {
  return validateConfig(loadStructured(path, 'config'), path);
}

/** Parse repeated --kind col=kind flags. */
export function parseKindFlags(flags: string[] | undefined): Record<string, ColumnKind> {
  const out: Record<string, ColumnKind> = Object.create(null); // keyed by column name: no inherited keys
  for (const f of flags ?? []) {
    const eq = f.lastIndexOf('=');
    if (eq <= 0) throw new UserError(`--kind expects COLUMN=KIND (numeric, categorical or identifier), got "${f}"`);
    const col = f.slice(0, eq);
    const kind = f.slice(eq + 1) as ColumnKind;
    if (!['numeric', 'categorical', 'identifier'].includes(kind)) throw new UserError(`--kind ${f}: kind must be numeric, categorical or identifier`);
    out[col] = kind;
  }
  return out;
}
