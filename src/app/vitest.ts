// 'synthaudit/vitest': custom vitest matchers over an AuditResult (toPassPolicy, toHaveFidelity, toResistMembershipInference)
// whose failure messages show the value, the threshold and the worst offenders; importing this module registers them.

import { expect } from 'vitest';
import type { AuditResult } from '../../reports/result.js';
import { evaluatePolicy, loadPolicy, parsePolicy, type Policy, type PolicyVerdict, type RuleVerdict } from './gate.js';
import { knownHint } from '../suggest.js';
import { isSkipped } from '../skipped.js';
import { columnTvds, worstPairs, membershipAttacks, firstMeasure, MEAN_1WAY_TVD_PATHS, MEAN_2WAY_TVD_PATHS } from '../../reports/model.js';

export interface FidelityExpectation {
  /** Largest acceptable mean 1-way TVD over columns. */
  maxMeanTVD: number;
  /** Largest acceptable mean 2-way TVD over column pairs. */
  maxMean2WayTVD?: number;
}

export interface MembershipExpectation {
  /** Largest acceptable ROC AUC of any membership-inference attack in the results (0.5 = a coin). */
  maxAUC: number;
  /** Judge the upper interval bound instead of the point value (stricter). Default false. */
  useUpperBound?: boolean;
}

/** A policy object, a path to a policy file, or a list of rules ("path op number" strings or rule objects). */
export type PolicyInput = Policy | string | unknown[];

export interface SynthauditMatchers<R = unknown> {
  toPassPolicy(policy: PolicyInput): R;
  toHaveFidelity(expected: FidelityExpectation): R;
  toResistMembershipInference(expected: MembershipExpectation): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends SynthauditMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends SynthauditMatchers {}
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'null';
  return String(Number(x.toPrecision(4)));
}

function ivText(iv?: [number, number]): string {
  return iv ? ` [${num(iv[0])}, ${num(iv[1])}]` : '';
}

function asResult(received: unknown): AuditResult {
  if (typeof received !== 'object' || received === null || !('meta' in received)) {
    throw new TypeError('synthaudit matchers expect an AuditResult (the object audit() returns or results.json parsed)');
  }
  return received as AuditResult;
}

/** The expectation object of a matcher: known keys only (a typo would silently drop a check), numbers where numbers go. */
function checkExpectation(matcher: string, expected: unknown, known: readonly string[], numbers: readonly string[], required: string): void {
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) throw new TypeError(`${matcher} expects an object such as { ${required}: ... } (got ${JSON.stringify(expected)})`);
  for (const k of Object.keys(expected)) if (!known.includes(k)) throw new TypeError(`${matcher}: unknown option "${k}"${knownHint(k, known)}`);
  const e = expected as Record<string, unknown>;
  if (e[required] === undefined) throw new TypeError(`${matcher}: ${required} is required`);
  for (const k of numbers) if (e[k] !== undefined && !(typeof e[k] === 'number' && Number.isFinite(e[k]))) throw new TypeError(`${matcher}: ${k} must be a number (got ${JSON.stringify(e[k])})`);
}

function toPolicy(input: PolicyInput): Policy {
  if (typeof input === 'string') return loadPolicy(input);
  if (Array.isArray(input)) return parsePolicy({ name: 'inline', rules: input });
  if (typeof input === 'object' && input !== null && Array.isArray((input as Policy).rules)) {
    const p = input as Policy;
    // re-parse so hand-written objects get the same checks and defaults as files
    return parsePolicy({ name: p.name ?? 'inline', rules: p.rules.map((r) => ({ ...r })) });
  }
  throw new TypeError('toPassPolicy expects a Policy, a policy file path or a list of rules');
}

function ruleLine(r: RuleVerdict): string {
  const mark = r.passed === true ? 'pass' : r.passed === false ? 'FAIL' : 'skip';
  return `  ${mark}  ${r.name}: ${r.message}${ivText(r.interval)}`;
}

export function passPolicy(received: unknown, policy: PolicyInput, isNot = false): MatcherResult & { verdict: PolicyVerdict } {
  const verdict = evaluatePolicy(asResult(received), toPolicy(policy));
  const failing = verdict.rules.filter((r) => r.passed === false);
  return {
    pass: verdict.passed,
    verdict,
    message: () =>
      isNot
        ? `expected the audit NOT to pass policy "${verdict.policy}", but every rule passed:\n${verdict.rules.map(ruleLine).join('\n')}`
        : `expected the audit to pass policy "${verdict.policy}", but ${failing.length} of ${verdict.rules.length} rule(s) failed:\n${failing.map(ruleLine).join('\n')}`,
  };
}

export function haveFidelity(received: unknown, expected: FidelityExpectation, isNot = false): MatcherResult {
  checkExpectation('toHaveFidelity', expected, ['maxMeanTVD', 'maxMean2WayTVD'], ['maxMeanTVD', 'maxMean2WayTVD'], 'maxMeanTVD');
  const result = asResult(received);
  const lines: string[] = [];
  let pass = true;
  const m1 = firstMeasure(result, MEAN_1WAY_TVD_PATHS);
  if (!m1 || m1.measure.value === null) {
    pass = false;
    lines.push(`mean 1-way TVD: not in the results${m1?.measure.reason ? ` (${m1.measure.reason})` : ''}${isSkipped(result.fidelity) ? ` (fidelity not run: ${result.fidelity.reason})` : ''}`);
  } else {
    const ok = m1.measure.value <= expected.maxMeanTVD;
    pass &&= ok;
    lines.push(`mean 1-way TVD = ${num(m1.measure.value)}${ivText(m1.measure.interval)} (holdout floor ${num(m1.measure.baseline)}), max allowed ${num(expected.maxMeanTVD)}: ${ok ? 'ok' : 'TOO HIGH'}`);
  }
  const cols = columnTvds(result).slice(0, 5);
  if (cols.length) lines.push(`  worst columns by TVD: ${cols.map((c) => `${c.name} ${num(c.value)} (floor ${num(c.floor)})`).join(', ')}`);
  if (expected.maxMean2WayTVD !== undefined) {
    const m2 = firstMeasure(result, MEAN_2WAY_TVD_PATHS);
    if (!m2 || m2.measure.value === null) {
      pass = false;
      lines.push('mean 2-way TVD: not in the results');
    } else {
      const ok = m2.measure.value <= expected.maxMean2WayTVD;
      pass &&= ok;
      lines.push(`mean 2-way TVD = ${num(m2.measure.value)}${ivText(m2.measure.interval)} (holdout floor ${num(m2.measure.baseline)}), max allowed ${num(expected.maxMean2WayTVD)}: ${ok ? 'ok' : 'TOO HIGH'}`);
    }
    const pairs = worstPairs(result).slice(0, 5);
    if (pairs.length) lines.push(`  worst pairs by 2-way TVD: ${pairs.map((p) => `${p.a} x ${p.b} ${num(p.value)} (floor ${num(p.floor)})`).join(', ')}`);
  }
  return {
    pass,
    message: () => `${isNot ? 'expected fidelity NOT to be within the limits' : 'expected fidelity within the limits'}:\n${lines.join('\n')}`,
  };
}

export function resistMembershipInference(received: unknown, expected: MembershipExpectation, isNot = false): MatcherResult {
  checkExpectation('toResistMembershipInference', expected, ['maxAUC', 'useUpperBound'], ['maxAUC'], 'maxAUC');
  const e = expected as unknown as Record<string, unknown>;
  if (e.useUpperBound !== undefined && typeof e.useUpperBound !== 'boolean') throw new TypeError(`toResistMembershipInference: useUpperBound must be true or false (got ${JSON.stringify(e.useUpperBound)})`);
  const result = asResult(received);
  const attacks = membershipAttacks(result);
  const priv = result.privacy;
  if (attacks.length === 0) {
    const why = priv === undefined ? 'the privacy section is not in the results' : isSkipped(priv) ? `privacy not run: ${priv.reason}` : 'no membership-inference attack in the privacy section';
    return { pass: false, message: () => `expected membership-inference AUC <= ${num(expected.maxAUC)}, but ${why}` };
  }
  const judged = attacks.map((a) => ({ ...a, judged: expected.useUpperBound ? (a.interval ? a.interval[1] : null) : a.auc }));
  judged.sort((x, y) => (y.judged ?? Infinity) - (x.judged ?? Infinity));
  const bad = judged.filter((a) => a.judged === null || a.judged > expected.maxAUC);
  const what = expected.useUpperBound ? 'upper bound of AUC' : 'AUC';
  const lines = judged.map((a) => `  ${a.judged === null || a.judged > expected.maxAUC ? 'TOO HIGH' : 'ok      '}  ${a.path}: AUC ${num(a.auc)}${ivText(a.interval)}`);
  return {
    pass: bad.length === 0,
    message: () =>
      `${isNot ? 'expected some' : 'expected every'} membership-inference attack to have ${what} <= ${num(expected.maxAUC)} (0.5 = a coin); worst first:\n${lines.join('\n')}`,
  };
}

expect.extend({
  toPassPolicy(received: unknown, policy: PolicyInput) {
    const { pass, message } = passPolicy(received, policy, this.isNot);
    return { pass, message };
  },
  toHaveFidelity(received: unknown, expected: FidelityExpectation) {
    return haveFidelity(received, expected, this.isNot);
  },
  toResistMembershipInference(received: unknown, expected: MembershipExpectation) {
    return resistMembershipInference(received, expected, this.isNot);
  },
});
