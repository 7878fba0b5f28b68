// results.json: canonical JSON (fixed top-level order, other keys sorted, non-integers rounded to 6 significant
// digits, 2-space indent, trailing newline) so the same audit gives the same bytes; validated against schema/results.schema.json (draft-07, ajv 8), which scripts/gen-schema.mjs generates from the result types.

import { SECTION_NAMES } from '../src/section-names.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import type { AuditResult } from './result.js';
import { packageRoot } from './util.js';
import { roundForJson } from '../src/json-number.js';

// the rounding lives in the floor (src/json-number.ts) so the results path language shares it; re-exported here
export { JSON_SIGNIFICANT_DIGITS, roundForJson } from '../src/json-number.js';

const TOP_ORDER = ['version', 'meta', 'data', ...SECTION_NAMES];

function canon(v: unknown, path: string, top: boolean): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`results.json: non-finite number (${v}) at ${path || '(root)'}; a metric must report null with a reason instead`);
      return roundForJson(v);
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      throw new Error(`results.json: bigint at ${path}`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (ArrayBuffer.isView(v)) throw new Error(`results.json: typed array at ${path}; results must hold plain arrays`);
  if (Array.isArray(v)) return v.map((x, i) => {
    const c = canon(x, `${path}[${i}]`, false);
    return c === undefined ? null : c;
  });
  if (v instanceof Map || v instanceof Set) throw new Error(`results.json: ${v.constructor.name} at ${path}; results must be plain objects`);
  const o = v as Record<string, unknown>;
  if (typeof (o as { toJSON?: unknown }).toJSON === 'function') return canon((o as { toJSON: () => unknown }).toJSON(), path, top);
  let keys = Object.keys(o).sort();
  if (top) keys = [...TOP_ORDER.filter((k) => k in o), ...keys.filter((k) => !TOP_ORDER.includes(k))];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const c = canon(o[k], path ? `${path}.${k}` : k, false);
    // a key named "__proto__" (a column or label) must stay an own property, not set the prototype
    if (c !== undefined) Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The canonical, rounded plain-JSON value (what renderJson writes). Throws on NaN / Infinity / typed arrays. */
export function canonicalize<T>(result: T): T {
  return canon(result, '', true) as T;
}

/** results.json text. Byte-identical for equal inputs. */
export function renderJson(result: AuditResult | Record<string, unknown>): string {
  return JSON.stringify(canonicalize(result), null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

const SCHEMA_ID = 'https://synthaudit.dev/schema/results.schema.json';

let ajv: Ajv | undefined;
let validator: ValidateFunction | undefined;
const definitionValidators = new Map<string, ValidateFunction>();

/** Ajv holding schema/results.schema.json: generated from the result types (scripts/gen-schema.mjs), one file. */
function schemaAjv(): Ajv {
  if (ajv) return ajv;
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'results.schema.json'), 'utf8')) as Record<string, unknown>;
  ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ ...schema, $id: SCHEMA_ID });
  return ajv;
}

/** The compiled validator for a whole results.json. */
export function resultsValidator(): ValidateFunction {
  if (!validator) validator = schemaAjv().getSchema(SCHEMA_ID)!;
  return validator;
}

/** A validator for one result type of the schema (e.g. 'FidelityResult', 'Measure'), for tests of one section. */
export function definitionValidator(name: string): ValidateFunction {
  let v = definitionValidators.get(name);
  if (!v) {
    v = schemaAjv().compile({ $ref: `${SCHEMA_ID}#/definitions/${name}` });
    definitionValidators.set(name, v);
  }
  return v;
}

function fmtError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.replace(/\//g, '.').replace(/^\./, '') : '(root)';
  let msg = `${where}: ${e.message ?? 'invalid'}`;
  if (e.keyword === 'additionalProperties') msg += ` (${(e.params as { additionalProperty: string }).additionalProperty})`;
  if (e.keyword === 'enum') msg += ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')})`;
  return msg;
}

/** Check a result (as written: canonicalized) against the schema. */
export function validateResult(result: unknown): { valid: boolean; errors: string[] } {
  const v = resultsValidator();
  let doc: unknown;
  try {
    doc = canonicalize(result);
  } catch (e) {
    return { valid: false, errors: [(e as Error).message] };
  }
  const ok = v(doc) as boolean;
  if (ok) return { valid: true, errors: [] };
  // if/then/else and oneOf add a summary error on top of the real one: keep the specific ones first
  const errs = (v.errors ?? []).filter((e) => e.keyword !== 'if').map(fmtError);
  return { valid: false, errors: [...new Set(errs)] };
}
