// Policy rules: the rule grammar ("path op number", "max(path[*].x) op 1.5 * baseline + 0.01", or an object
// {path, op, value, ...}), the policy file ({name?, description?, rules} or a bare list, YAML or JSON) and the validation
// of thresholds. Evaluating rules on results is src/app/policy-eval.ts; the `gate` command is src/app/gate.ts.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { RuleOp, RuleAgg, PolicyRule, Policy } from '../verdict.js';
import { parsePath, isObj, finite } from '../results-path.js';

/** policies/default.yml of the installed package. */
export const DEFAULT_POLICY_PATH: string = join(packageRoot(), 'policies', 'default.yml');

/** Names of the policies that ship with the package (policies/<name>.yml), usable as `--policy <name>`. */
export function builtinPolicyNames(): string[] {
  return readdirSync(join(packageRoot(), 'policies'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * The file a --policy argument names: an existing file as given; otherwise a bare name (letters, digits, - and _,
 * no extension) of a built-in policy. Anything else is returned as given (loadPolicy then says it is not found).
 */
export function resolvePolicyPath(arg: string): string {
  if (existsSync(arg)) return arg;
  if (/^[A-Za-z][\w-]*$/.test(arg) && builtinPolicyNames().includes(arg)) return join(packageRoot(), 'policies', `${arg}.yml`);
  return arg;
}

const OPS: RuleOp[] = ['<=', '>=', '<', '>'];
const AGGS: RuleAgg[] = ['max', 'min', 'mean'];

const PATH_TOKEN = String.raw`(?:[^\s<>=()[\]]|\[[^\]]*\])+`;
const UNUM = String.raw`(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const NUM = String.raw`[-+]?${UNUM}`;
const RULE_RE = new RegExp(String.raw`^\s*(?:(max|min|mean)\s*\(\s*(${PATH_TOKEN})\s*\)|(${PATH_TOKEN}))\s*(<=|>=|<|>)\s*(.+?)\s*$`);
// right-hand side: a number, or [NUM *] baseline [+|- NUM] (floor and ideal are accepted as names of the baseline)
const RHS_NUM = new RegExp(String.raw`^(${NUM})$`);
const RHS_REL = new RegExp(String.raw`^(?:(${NUM})\s*[*×x]\s*)?(?:baseline|floor|ideal)\s*(?:([+-])\s*(${UNUM}))?$`);

/** Parse "path op number" (or "max(path[*].x) op number"); throws a plain Error with the reason. */
export function parseRuleString(text: string): PolicyRule {
  const bad = () => new Error(`cannot read rule "${text}": write "path op number", e.g. "fidelity.pairs.tvd.mean < 0.05", or "path op 1.5 * baseline + 0.01" (op is <, <=, > or >=)`);
  const m = RULE_RE.exec(text);
  if (!m) throw bad();
  const agg = m[1] as RuleAgg | undefined;
  const path = (m[2] ?? m[3]).trim();
  const segs = parsePath(path);
  if (segs.some((s) => 'all' in s) && !agg) throw new Error(`rule "${text.trim()}": a [*] path needs an aggregate, e.g. "max(${path}) ${m[4]} ${m[5].trim()}" (max, min or mean)`);
  const rule: PolicyRule = { name: text.trim().replace(/\s+/g, ' '), path, op: m[4] as RuleOp, value: NaN };
  const rhs = m[5].trim();
  const n = RHS_NUM.exec(rhs);
  const r = RHS_REL.exec(rhs);
  if (n) rule.value = Number(n[1]);
  else if (r) {
    rule.relativeTo = 'baseline';
    rule.value = r[1] !== undefined ? Number(r[1]) : 1;
    if (r[3] !== undefined) rule.offset = (r[2] === '-' ? -1 : 1) * Number(r[3]);
  } else throw bad();
  if (!Number.isFinite(rule.value) || (rule.offset !== undefined && !Number.isFinite(rule.offset))) {
    throw new Error(`rule "${text.trim()}": the threshold must be a finite number (a threshold out of range, such as 1e999, would make the rule always pass or always fail)`);
  }
  if (agg) rule.agg = agg;
  return rule;
}

/** The right-hand side of a baseline-relative rule as written in rule names: "baseline", "1.5 * baseline + 0.01". */
export function relText(mult: number, offset?: number): string {
  const head = mult === 1 ? 'baseline' : `${mult} * baseline`;
  return offset ? `${head} ${offset < 0 ? '-' : '+'} ${Math.abs(offset)}` : head;
}

/** Build a rule from a string or an object {name?, path, op, value, agg?, optional?, description?}. */
export function parseRule(raw: unknown): PolicyRule {
  if (typeof raw === 'string') return parseRuleString(raw);
  if (!isObj(raw)) throw new Error(`a rule must be a string "path op number" or an object {path, op, value}, got ${JSON.stringify(raw)}`);
  const known = new Set(['name', 'path', 'op', 'value', 'relativeTo', 'offset', 'agg', 'optional', 'description']);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new Error(`unknown rule field "${k}" (known: ${[...known].join(', ')})`);
  // an object may also carry the whole rule as a string in `rule`-less form: {name, path: "a.b < 1"} is not accepted
  if (typeof raw.path !== 'string') throw new Error('rule has no "path" string');
  const segs = parsePath(raw.path);
  if (!OPS.includes(raw.op)) throw new Error(`rule "${raw.path}": op must be one of < <= > >=, got ${JSON.stringify(raw.op)}`);
  const value = typeof raw.value === 'string' && raw.value.trim() !== '' ? Number(raw.value) : raw.value;
  if (!finite(value)) throw new Error(`rule "${raw.path}": value must be a finite number, got ${JSON.stringify(raw.value)}`);
  if (raw.agg !== undefined && !AGGS.includes(raw.agg)) throw new Error(`rule "${raw.path}": agg must be max, min or mean`);
  if (raw.optional !== undefined && typeof raw.optional !== 'boolean') throw new Error(`rule "${raw.path}": optional must be true or false`);
  if (raw.relativeTo !== undefined && raw.relativeTo !== 'baseline') throw new Error(`rule "${raw.path}": relativeTo must be "baseline"`);
  if (raw.offset !== undefined && (!finite(raw.offset) || raw.relativeTo !== 'baseline')) throw new Error(`rule "${raw.path}": offset must be a finite number and needs relativeTo: baseline`);
  if (segs.some((s) => 'all' in s) && !raw.agg) throw new Error(`rule "${raw.path}": a [*] path needs agg (max, min or mean)`);
  const aggText = raw.agg ? `${raw.agg}(${raw.path})` : raw.path;
  const rhs = raw.relativeTo === 'baseline' ? relText(value, raw.offset) : String(value);
  const rule: PolicyRule = { name: typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : `${aggText} ${raw.op} ${rhs}`, path: raw.path.trim(), op: raw.op, value };
  if (raw.relativeTo === 'baseline') {
    rule.relativeTo = 'baseline';
    if (raw.offset !== undefined && raw.offset !== 0) rule.offset = raw.offset;
  }
  if (raw.agg) rule.agg = raw.agg;
  if (raw.optional) rule.optional = true;
  if (typeof raw.description === 'string') rule.description = raw.description.replace(/\s+/g, ' ').trim();
  return rule;
}

/** Build a policy from parsed YAML/JSON: `{name?, description?, rules: [...]}` or a bare list of rules. */
export function parsePolicy(doc: unknown, source?: string): Policy {
  const where = source ? `${source}: ` : '';
  const body = Array.isArray(doc) ? { rules: doc } : doc;
  if (!isObj(body)) throw new UserError(`${where}a policy must be a mapping with a "rules" list (or a list of rules)`);
  for (const k of Object.keys(body)) {
    if (!['name', 'description', 'rules', 'version'].includes(k)) throw new UserError(`${where}unknown policy field "${k}" (known: name, description, rules, version)`);
  }
  if (!Array.isArray(body.rules) || body.rules.length === 0) throw new UserError(`${where}the policy has no rules (expected a non-empty "rules" list)`);
  const rules: PolicyRule[] = [];
  const names = new Set<string>();
  body.rules.forEach((r: unknown, i: number) => {
    let rule: PolicyRule;
    try {
      rule = parseRule(r);
    } catch (e) {
      throw new UserError(`${where}rule ${i + 1}: ${(e as Error).message}`);
    }
    if (names.has(rule.name)) throw new UserError(`${where}rule ${i + 1}: duplicate rule name "${rule.name}"`);
    names.add(rule.name);
    rules.push(rule);
  });
  const policy: Policy = { name: typeof body.name === 'string' ? body.name : source ? source.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '') : 'policy', rules };
  if (typeof body.description === 'string') policy.description = body.description.replace(/\s+/g, ' ').trim();
  if (source) policy.source = source;
  return policy;
}

/** Read a policy file (.yml/.yaml/.json; YAML is a superset of JSON). UserError with one line on any problem. */
/** Load a policy file, or a built-in policy by name (`default`). */
export function loadPolicy(arg: string): Policy {
  const path = resolvePolicyPath(arg);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const builtins = code === 'ENOENT' && !/[\\/.]/.test(arg) ? ` (nor a built-in policy: ${builtinPolicyNames().join(', ')})` : '';
    throw new UserError(code === 'ENOENT' ? `policy file not found${builtins}` : `cannot read policy file (${code ?? (e as Error).message})`, { file: path });
  }
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new UserError(`not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${msg}`, { file: path });
  }
  return parsePolicy(doc, path);
}
