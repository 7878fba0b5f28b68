// Release gate: a policy (YAML or JSON) of threshold rules on paths of results.json, optionally on an interval bound
// or an aggregate over a list, judged into a verdict and an exit code (0 pass, 1 fail, 2 error) without recomputing.

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError, isUserError, escapeTerminal, formatInternalError } from './errors.js';
import type { AuditResult } from './result.js';
import { packageRoot } from '../reports/util.js';
import { writeFilesAtomically, type OutputFs } from './atomic.js';
import { renderJunit } from '../reports/junit.js';
import { renderMarkdown } from '../reports/markdown.js';
import { validateResult, roundForJson } from '../reports/json.js';

export type RuleOp = '<' | '<=' | '>' | '>=';
export type RuleAgg = 'max' | 'min' | 'mean';

export interface PolicyRule {
  /** Shown in reports and JUnit; defaults to the rule text, e.g. "fidelity.tvd.mean < 0.05". */
  name: string;
  /**
   * Dotted path into results.json. Segments: `key`, `key[3]`, `key[*]` (all items; needs `agg`), `key[field=value]`
   * (the item whose field equals value). A final `.upper` / `.lower` (or `.hi` / `.lo`) that is not a field itself
   * takes that bound of the measure's interval.
   */
  path: string;
  op: RuleOp;
  /** The threshold; with relativeTo: 'baseline', the multiplier of the measure's baseline. */
  value: number;
  /**
   * Judge against the measure's own baseline (its holdout floor, ideal or stated baseline): threshold =
   * value × baseline + offset. Floors depend on table sizes and bins, so relative rules carry across datasets.
   */
  relativeTo?: 'baseline';
  /** Added to value × baseline (relative rules only). */
  offset?: number;
  /** Aggregate over the values a wildcard path yields. */
  agg?: RuleAgg;
  /** A missing path or null value then leaves the rule not evaluated (passed: null) instead of failing it. */
  optional?: boolean;
  description?: string;
}

export interface Policy {
  name: string;
  description?: string;
  /** The file it was loaded from, if any. */
  source?: string;
  rules: PolicyRule[];
}

export interface RuleVerdict {
  name: string;
  path: string;
  op: RuleOp;
  /** The threshold compared (for relative rules: value × baseline + offset); null when a relative rule has no baseline. */
  threshold: number | null;
  /** How the threshold was set, for relative rules, e.g. "1.5 × baseline + 0.01". */
  thresholdRule?: string;
  agg?: RuleAgg;
  /** The value compared (a bound when the path names one); null when missing or null in the results. */
  value: number | null;
  /** The measure's interval, when the results give one. */
  interval?: [number, number];
  /** The measure's baseline (e.g. holdout vs real), when the results give one. */
  baseline?: number;
  /** true pass, false fail, null not evaluated (optional rule with no value). */
  passed: boolean | null;
  message: string;
  description?: string;
}

export interface PolicyVerdict {
  policy: string;
  passed: boolean;
  counts: { passed: number; failed: number; notEvaluated: number };
  rules: RuleVerdict[];
}

/** policies/default.yml of the installed package. */
export const DEFAULT_POLICY_PATH: string = join(packageRoot(), 'policies', 'default.yml');

const OPS: RuleOp[] = ['<=', '>=', '<', '>'];
const AGGS: RuleAgg[] = ['max', 'min', 'mean'];

// ---------------------------------------------------------------------------------------------------------------
// Paths

type Segment = { key: string } | { key: string; index: number } | { key: string; all: true } | { key: string; where: [string, string] };

const SEGMENT_RE = /^([A-Za-z_$][\w$-]*)(?:\[(\*|\d+|[A-Za-z_$][\w$-]*=[^\]]*)\])?$/;

/** Parse a results path; throws a plain Error with the reason when malformed. */
export function parsePath(path: string): Segment[] {
  if (typeof path !== 'string' || path.trim() === '') throw new Error('empty path');
  // split on dots that are not inside [...]
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of path.trim()) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => {
    const m = SEGMENT_RE.exec(p);
    if (!m) throw new Error(`bad path segment "${p}"`);
    const key = m[1];
    const br = m[2];
    if (br === undefined) return { key };
    if (br === '*') return { key, all: true as const };
    if (/^\d+$/.test(br)) return { key, index: Number(br) };
    const eq = br.indexOf('=');
    return { key, where: [br.slice(0, eq), br.slice(eq + 1)] as [string, string] };
  });
}

function isObj(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export interface Measure {
  value: number | null;
  interval?: [number, number];
  baseline?: number;
  reason?: string;
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function readInterval(o: Record<string, any>): [number, number] | undefined {
  for (const k of ['interval', 'ci']) {
    const iv = o[k];
    if (Array.isArray(iv) && iv.length === 2 && finite(iv[0]) && finite(iv[1])) return [iv[0], iv[1]];
    if (isObj(iv)) {
      const lo = iv.lower ?? iv.lo;
      const hi = iv.upper ?? iv.hi;
      if (finite(lo) && finite(hi)) return [lo, hi];
    }
  }
  const lo = o.lower ?? o.lo;
  const hi = o.upper ?? o.hi;
  if (finite(lo) && finite(hi)) return [lo, hi];
  return undefined;
}

/**
 * Read a node of the results as a measure: a number, a boolean (1 / 0), null, or an object with a numeric `value` (or `estimate`),
 * optional `interval` / `ci` ([lo, hi] or {lower, upper}) and `baseline`, and `reason` when the value is null.
 * Numbers are rounded as renderJson writes them (6 significant digits).
 */
export function readMeasure(node: unknown): Measure | undefined {
  const m = readMeasureRaw(node);
  if (!m) return m;
  // numbers as results.json stores them, so a verdict on the in-memory result equals the one on the saved file
  const out: Measure = { value: m.value === null ? null : roundForJson(m.value) };
  if (m.interval) out.interval = [roundForJson(m.interval[0]), roundForJson(m.interval[1])];
  if (m.baseline !== undefined) out.baseline = roundForJson(m.baseline);
  if (m.reason !== undefined) out.reason = m.reason;
  return out;
}

function readMeasureRaw(node: unknown): Measure | undefined {
  if (finite(node)) return { value: node };
  if (typeof node === 'boolean') return { value: node ? 1 : 0 };
  if (node === null) return { value: null };
  if (!isObj(node)) return undefined;
  const raw = 'value' in node ? node.value : 'estimate' in node ? node.estimate : undefined;
  if (raw === undefined) return undefined;
  const m: Measure = { value: finite(raw) ? raw : null };
  const iv = readInterval(node);
  if (iv) m.interval = iv;
  // the honest reference beside the value: an explicit baseline, the holdout floor, or the ideal value
  for (const k of ['baseline', 'floor', 'ideal']) {
    const b = node[k];
    if (finite(b)) m.baseline = b;
    else if (isObj(b) && finite(b.value)) m.baseline = b.value;
    if (m.baseline !== undefined) break;
  }
  if (typeof node.reason === 'string') m.reason = node.reason;
  return m;
}

interface Resolved {
  found: boolean;
  /** one node per match (several after a wildcard) */
  nodes: unknown[];
  /** why not found */
  missing?: string;
}

function step(nodes: unknown[], seg: Segment, walked: string): Resolved {
  const out: unknown[] = [];
  for (const n of nodes) {
    if (!isObj(n) || !Object.hasOwn(n, seg.key)) continue; // own keys only: a path never reaches Object.prototype
    const v = n[seg.key];
    if ('index' in seg) {
      if (Array.isArray(v) && seg.index < v.length) out.push(v[seg.index]);
    } else if ('all' in seg) {
      if (Array.isArray(v)) out.push(...v);
      else if (isObj(v)) out.push(...Object.keys(v).sort().map((k) => v[k]));
    } else if ('where' in seg) {
      if (Array.isArray(v)) {
        const [f, want] = seg.where;
        for (const item of v) if (isObj(item) && Object.hasOwn(item, f) && String(item[f]) === want) out.push(item);
      }
    } else out.push(v);
  }
  if (out.length === 0) return { found: false, nodes: [], missing: walked };
  return { found: true, nodes: out };
}

/** Follow a parsed path through the results. */
export function resolveNodes(root: unknown, segs: Segment[]): Resolved {
  let nodes: unknown[] = [root];
  let walked = '';
  for (const seg of segs) {
    const label = 'index' in seg ? `${seg.key}[${seg.index}]` : 'all' in seg ? `${seg.key}[*]` : 'where' in seg ? `${seg.key}[${seg.where[0]}=${seg.where[1]}]` : seg.key;
    walked = walked ? `${walked}.${label}` : label;
    const r = step(nodes, seg, walked);
    if (!r.found) return r;
    nodes = r.nodes;
  }
  return { found: true, nodes };
}

const BOUNDS: Record<string, 0 | 1> = { lower: 0, lo: 0, upper: 1, hi: 1 };

export interface PathValue {
  found: boolean;
  measure?: Measure;
  /** The bound taken, when the path ends in .upper/.lower and that is not a field. */
  bound?: 'lower' | 'upper';
  /** All values under a wildcard (before aggregation). */
  values?: (number | null)[];
  why?: string;
}

/** Resolve a path (with optional aggregate) to one measure. */
export function valueAt(result: unknown, path: string, agg?: RuleAgg): PathValue {
  const segs = parsePath(path);
  let r = resolveNodes(result, segs);
  let bound: 0 | 1 | undefined;
  const last = segs[segs.length - 1];
  if (segs.length > 1 && !('index' in last) && !('all' in last) && !('where' in last) && Object.hasOwn(BOUNDS, last.key)) {
    // prefer a real field named upper/lower; otherwise take the interval bound of the parent measure
    const direct = r.found && r.nodes.every((n) => finite(n) || n === null || typeof n === 'boolean');
    if (!direct) {
      const parent = resolveNodes(result, segs.slice(0, -1));
      if (parent.found && parent.nodes.every((n) => readMeasure(n) !== undefined)) {
        r = parent;
        bound = BOUNDS[last.key];
      }
    }
  }
  if (!r.found) return { found: false, why: r.missing };
  const measures = r.nodes.map((n) => readMeasure(n));
  const badIdx = measures.findIndex((m) => m === undefined);
  if (badIdx >= 0) return { found: false, why: `${path} is not a number or a measure ({value, interval})` };
  const ms = measures as Measure[];
  const pick = (m: Measure): number | null => {
    if (bound === undefined) return m.value;
    return m.interval ? m.interval[bound] : null;
  };
  const boundName = bound === undefined ? undefined : bound === 0 ? ('lower' as const) : ('upper' as const);
  if (ms.length === 1 && !agg) {
    const m = ms[0];
    const v = pick(m);
    const measure: Measure = { ...m, value: v };
    if (v === null && bound !== undefined && m.value !== null && !m.interval) measure.reason = 'the measure has no interval';
    return { found: true, measure, bound: boundName };
  }
  if (!agg) return { found: false, why: `${path} matches ${ms.length} values: give an aggregate (max, min or mean)` };
  const vals = ms.map(pick);
  const present = vals.filter((v): v is number => v !== null);
  let v: number | null = null;
  if (present.length === vals.length && present.length > 0) {
    if (agg === 'max') v = Math.max(...present);
    else if (agg === 'min') v = Math.min(...present);
    else v = present.reduce((a, b) => a + b, 0) / present.length;
  }
  const measure: Measure = { value: v };
  if (v === null) {
    const withReason = ms.find((m, i) => vals[i] === null && m.reason);
    measure.reason = `${vals.length - present.length} of ${vals.length} values are null${withReason ? ` (${withReason.reason})` : ''}`;
  } else if (agg !== 'mean') {
    // carry the interval of the extreme item
    const i = vals.indexOf(v);
    if (ms[i].interval && bound === undefined) measure.interval = ms[i].interval;
    if (ms[i].baseline !== undefined) measure.baseline = ms[i].baseline;
  }
  return { found: true, measure, bound: boundName, values: vals };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules and policies

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

function relText(mult: number, offset?: number): string {
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
export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'policy file not found' : `cannot read policy file (${code ?? (e as Error).message})`, { file: path });
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

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

function compare(v: number, op: RuleOp, t: number): boolean {
  switch (op) {
    case '<':
      return v < t;
    case '<=':
      return v <= t;
    case '>':
      return v > t;
    case '>=':
      return v >= t;
  }
}

const NEGATE: Record<RuleOp, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** Why a path is missing, naming a skipped section when that is the cause. */
function missingWhy(result: unknown, path: string, why?: string): string {
  const first = path.split(/[.[]/)[0];
  const sec = isObj(result) ? result[first] : undefined;
  if (sec === undefined) return `the ${first} section is not in the results (not run)`;
  if (isObj(sec) && sec.skipped === true) return `the ${first} section was not run: ${sec.reason ?? 'no reason given'}`;
  // a skipped part inside the section (e.g. an attack that needs a generator) names its own reason
  try {
    const segs = parsePath(path);
    for (let k = 1; k < segs.length; k++) {
      const r = resolveNodes(result, segs.slice(0, k));
      if (!r.found) break;
      const hit = r.nodes.find((n) => isObj(n) && (n.skipped === true || n.applicable === false));
      if (hit) {
        const label = path.split('.').slice(0, k).join('.');
        return `${label} was not run: ${(hit as Record<string, unknown>).reason ?? 'no reason given'}`;
      }
    }
  } catch {
    /* malformed path: fall through */
  }
  return why && why !== path ? `${why} not found in the results` : `${path} not found in the results`;
}

export function evaluateRule(result: AuditResult | unknown, rule: PolicyRule): RuleVerdict {
  const relative = rule.relativeTo === 'baseline';
  const base: RuleVerdict = { name: rule.name, path: rule.path, op: rule.op, threshold: relative ? null : rule.value, value: null, passed: null, message: '' };
  if (relative) base.thresholdRule = relText(rule.value, rule.offset).replace(' * ', ' × ');
  if (rule.agg) base.agg = rule.agg;
  if (rule.description) base.description = rule.description;
  let pv: PathValue;
  try {
    pv = valueAt(result, rule.path, rule.agg);
  } catch (e) {
    return { ...base, passed: false, message: `bad path: ${(e as Error).message}` };
  }
  if (!pv.found || !pv.measure) {
    const why = pv.why && /matches|not a number/.test(pv.why) ? pv.why : missingWhy(result, rule.path, pv.why);
    return rule.optional ? { ...base, passed: null, message: `not evaluated (optional): ${why}` } : { ...base, passed: false, message: `missing: ${why}` };
  }
  const m = pv.measure;
  const out: RuleVerdict = { ...base, value: m.value };
  if (m.interval) out.interval = m.interval;
  if (m.baseline !== undefined) out.baseline = m.baseline;
  const what = `${rule.agg ? `${rule.agg} of ` : ''}${pv.bound ? `${pv.bound} bound of ` : ''}${pv.bound ? rule.path.replace(/\.(upper|lower|hi|lo)$/, '') : rule.path}`;
  if (m.value === null) {
    // a null leaf (e.g. dpCheck.violation of an untestable claim) takes the `reason` of the object holding it
    if (!m.reason && !rule.agg && !pv.bound) {
      const holder = resolveNodes(result, parsePath(rule.path).slice(0, -1));
      const r = holder.found && holder.nodes.length === 1 && isObj(holder.nodes[0]) ? holder.nodes[0].reason : undefined;
      if (typeof r === 'string') m.reason = r;
    }
    const why = `${what} is null${m.reason ? `: ${m.reason}` : ''}`;
    out.passed = rule.optional ? null : false;
    out.message = rule.optional ? `not evaluated (optional): ${why}` : `no value: ${why}`;
    return out;
  }
  let t = rule.value;
  let tText = fmt(t);
  if (relative) {
    if (m.baseline === undefined) {
      out.passed = rule.optional ? null : false;
      const why = `${what} has no baseline to compare with (the rule is relative to it)`;
      out.message = rule.optional ? `not evaluated (optional): ${why}` : `no baseline: ${why}`;
      return out;
    }
    t = rule.value * m.baseline + (rule.offset ?? 0);
    out.threshold = t;
    tText = `${fmt(t)} (${out.thresholdRule} with baseline ${fmt(m.baseline)})`;
  }
  out.passed = compare(m.value, rule.op, t);
  out.message = out.passed ? `${what} = ${fmt(m.value)} ${rule.op} ${tText}` : `${what} = ${fmt(m.value)}, needs ${rule.op} ${tText} (is ${NEGATE[rule.op]})`;
  return out;
}

/** Judge results against a policy. The verdict passes when no rule fails (optional rules without a value do not fail). */
export function evaluatePolicy(result: AuditResult, policy: Policy): PolicyVerdict {
  const rules = policy.rules.map((r) => evaluateRule(result, r));
  const counts = { passed: 0, failed: 0, notEvaluated: 0 };
  for (const r of rules) {
    if (r.passed === true) counts.passed++;
    else if (r.passed === false) counts.failed++;
    else counts.notEvaluated++;
  }
  return { policy: policy.name, passed: counts.failed === 0, counts, rules };
}

/** One line per rule, for terminals and logs. */
export function formatVerdict(v: PolicyVerdict): string {
  // names and messages come from the policy file and the results: escaped for the terminal
  const lines = v.rules.map((r) => `  ${r.passed === true ? 'PASS' : r.passed === false ? 'FAIL' : 'SKIP'}  ${escapeTerminal(r.name)}: ${escapeTerminal(r.message)}`);
  const head = `policy "${escapeTerminal(v.policy)}": ${v.passed ? 'PASSED' : 'FAILED'} (${v.counts.passed} passed, ${v.counts.failed} failed, ${v.counts.notEvaluated} not evaluated)`;
  return [head, ...lines].join('\n') + '\n';
}

/** Nesting a results.json never comes near (it is about 10 deep); deeper input is refused before any recursive walk. */
export const MAX_RESULTS_DEPTH = 64;

/** Depth of a parsed JSON value, walked iteratively (a hand-edited file may be nested far beyond the call stack). */
function depthExceeds(doc: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
  }
  return false;
}

/** Read a saved results.json (UserError on a missing or malformed file). */
export function loadResults(path: string): AuditResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'results file not found' : code === 'EISDIR' ? 'is a folder, expected a results.json file' : `cannot read results file (${code})`, { file: path });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON: ${(e as Error).message.split('\n')[0]}`, { file: path });
  }
  if (depthExceeds(doc, MAX_RESULTS_DEPTH)) throw new UserError(`nested deeper than ${MAX_RESULTS_DEPTH} levels: not a synthaudit results file`, { file: path });
  if (!isObj(doc) || !isObj(doc.meta) || doc.meta.tool !== 'synthaudit') throw new UserError('not a synthaudit results file (no meta.tool = "synthaudit")', { file: path });
  return doc as unknown as AuditResult;
}

/**
 * `synthaudit gate`: re-judge a saved results.json against a policy without recomputing. Prints the verdict on
 * stdout; with outDir, rewrites junit.xml and summary.md there. Returns the exit code: 0 pass, 1 fail, 2 error.
 */
export function gateCommand(resultsPath: string, policyPath: string, outDir?: string): number {
  return gateRun(resultsPath, policyPath, outDir, process.stdout, process.stderr);
}

interface Sink {
  write(s: string): unknown;
}

/** gateCommand with explicit output streams and file operations (for tests). */
export function gateRun(resultsPath: string, policyPath: string, outDir: string | undefined, out: Sink, err: Sink, fs?: OutputFs): number {
  try {
    const result = loadResults(resultsPath);
    const policy = loadPolicy(policyPath);
    // validate first: the renderers rely on the documented shape, and a wrongly shaped file is the user's to fix
    const check = validateResult(result);
    if (!check.valid) {
      const more = check.errors.length > 3 ? ` (and ${check.errors.length - 3} more)` : '';
      const version = isObj(result.meta) && typeof result.meta.version === 'string' ? `; written by synthaudit ${result.meta.version}` : '';
      throw new UserError(`does not match schema/results.schema.json${version}: ${check.errors.slice(0, 3).join('; ')}${more}`, { file: resultsPath });
    }
    const verdict = evaluatePolicy(result, policy);
    let files: [string, string][] = [];
    if (outDir) {
      let timings: Record<string, number> | undefined;
      const tPath = join(dirname(resolve(resultsPath)), 'timings.json');
      if (existsSync(tPath)) {
        try {
          const t = JSON.parse(readFileSync(tPath, 'utf8'));
          if (isObj(t) && isObj(t.stages)) timings = t.stages as Record<string, number>;
        } catch {
          err.write(`warning: ${escapeTerminal(tPath)}: not valid JSON, timings left out of summary.md\n`);
        }
      }
      // render everything before writing anything
      files = [
        ['junit.xml', renderJunit(result, verdict)],
        ['summary.md', renderMarkdown(result, verdict, timings)],
      ];
    }
    // temporary files renamed into place: a full disk or a signal leaves the previous junit.xml / summary.md as they
    // were. Both are always written, so no stale name to remove (report.html and results.json of an audit in the same
    // folder are left alone: gate does not recompute them). Written before the verdict is printed: a run that cannot
    // write its files prints only the error
    if (outDir) writeFilesAtomically(outDir, files, [], fs);
    out.write(formatVerdict(verdict));
    return verdict.passed ? 0 : 1;
  } catch (e) {
    if (isUserError(e)) {
      err.write(`synthaudit gate: ${escapeTerminal(e.message)}\n`); // escaped when built; again in case a caller built it otherwise
      return 2;
    }
    err.write(`synthaudit gate: internal error (a bug in synthaudit, please report it): ${formatInternalError(e)}\n`);
    return 2;
  }
}
