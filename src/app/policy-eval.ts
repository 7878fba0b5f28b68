// Policy evaluation: judge each rule on a results object (a value, an interval bound or an aggregate, against a fixed
// threshold or one relative to the baseline) into a verdict, with a one-line reason for every rule that fails or cannot
// be evaluated. Rules come from src/app/policy-rules.ts.

import type { AuditResult } from '../../reports/result.js';
import type { RuleOp, PolicyRule, Policy, RuleVerdict, PolicyVerdict } from '../verdict.js';
import { parsePath, resolveNodes, valueAt, isObj, type PathValue } from '../results-path.js';
import { relText } from './policy-rules.js';
import { isSectionName } from '../section-names.js';

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

/**
 * The section a rule's path starts in, when the audit was told not to run it (meta.options.sections leaves it out):
 * the gate judges only what was computed and says so. A section that was asked for but skipped (e.g. no --target)
 * or is missing from a hand-edited file still fails a required rule.
 */
function sectionNotAsked(result: unknown, path: string): { section: string; asked: string[] } | undefined {
  const first = path.split(/[.[]/)[0];
  if (!isSectionName(first) || !isObj(result)) return undefined;
  const asked = isObj(result.meta) && isObj(result.meta.options) ? result.meta.options.sections : undefined;
  if (!Array.isArray(asked) || !asked.every((x) => typeof x === 'string') || asked.includes(first)) return undefined;
  if (result[first] !== undefined) return undefined; // it is there after all: judge it
  return { section: first, asked };
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
    const notAsked = sectionNotAsked(result, rule.path);
    if (notAsked) return { ...base, passed: null, message: `not evaluated: the ${notAsked.section} section was not run (--sections ${notAsked.asked.join(',')})` };
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
