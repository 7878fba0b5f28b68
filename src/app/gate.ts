// Release gate: a policy (YAML or JSON) of threshold rules on paths of results.json, optionally on an interval bound
// or an aggregate over a list, judged into a verdict and an exit code (0 pass, 1 fail, 2 error) without recomputing.

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError, isUserError, escapeTerminal, formatInternalError } from '../errors.js';
import type { AuditResult } from '../../reports/result.js';
import { packageRoot } from '../paths.js';
import { writeFilesAtomically, type OutputFs } from '../atomic.js';
import { renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { validateResult } from '../../reports/json.js';
import type { RuleOp, RuleAgg, PolicyRule, Policy, RuleVerdict, PolicyVerdict } from '../verdict.js';
import { parsePath, resolveNodes, valueAt, isObj, finite, type PathValue } from '../results-path.js';

// the policy and verdict types and the results path language live in the floor (src/verdict.ts, src/results-path.ts)
// so that reports/ can use them without importing the gate; re-exported here, where library users found them
export type { RuleOp, RuleAgg, PolicyRule, Policy, RuleVerdict, PolicyVerdict } from '../verdict.js';
export { parsePath, readMeasure, resolveNodes, valueAt, type Measure, type PathValue } from '../results-path.js';

/** policies/default.yml of the installed package. */
export const DEFAULT_POLICY_PATH: string = join(packageRoot(), 'policies', 'default.yml');

const OPS: RuleOp[] = ['<=', '>=', '<', '>'];
const AGGS: RuleAgg[] = ['max', 'min', 'mean'];

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
