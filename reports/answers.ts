// The three answers a data owner reads first: Faithful? Useful? Safe? Each is a traffic light from the policy's rules
// on that section (red: a rule failed; green: every judged rule passed; grey: nothing judged), with the one or two
// numbers behind it in plain words and what to do next. Reads results and a verdict; computes nothing new.

import type { AuditResult } from './result.js';
import type { PolicyVerdict } from '../src/verdict.js';
import type { SectionName } from '../src/section-names.js';
import { SECTION_NAMES } from '../src/section-names.js';
import { parsePath, readMeasure, resolveNodes } from '../src/results-path.js';
import { fmtNum, fmtPct, fmtInterval, isObj, isSkipped } from './util.js';
import { utilityMetricName } from './model.js';

export type Light = 'green' | 'red' | 'grey';

export interface Answer {
  section: SectionName;
  question: string;
  light: Light;
  /** 'Yes', 'No' or 'Not judged'. */
  verdict: string;
  /** The numbers behind it, in plain words. */
  facts: string[];
  /** Names of the section's rules that failed. */
  failed: string[];
  /** What to do next, when the light is red. */
  next?: string;
}

const QUESTION: Record<SectionName, string> = { fidelity: 'Faithful?', utility: 'Useful?', privacy: 'Safe?' };

const NEXT: Record<SectionName, string> = {
  fidelity: 'The synthetic table loses structure a fresh sample keeps: look at the worst columns and pairs below; a generator that models more of the joint distribution (more or higher-degree marginals, a larger privacy budget) usually helps.',
  utility: 'Models trained on the synthetic table do worse than on real data: check the target and the columns that predict it (worst pairs with the target), and the TSTR / TRTR table below.',
  privacy: 'Do not release this table as it is: the failed rules show synthetic rows that reveal training rows. Look for memorisation (copies, near copies, rare records) and retrain with a smaller privacy budget or deduplicated output.',
};

/** A node of the results by path (the results path language). */
function at(result: unknown, path: string): unknown {
  const r = resolveNodes(result, parsePath(path));
  return r.found ? r.nodes[0] : undefined;
}

function num(result: unknown, path: string): { value: number; interval?: [number, number]; baseline?: number } | undefined {
  const m = readMeasure(at(result, path));
  return m && m.value !== null ? { value: m.value, interval: m.interval, baseline: m.baseline } : undefined;
}

function fidelityFacts(r: AuditResult): string[] {
  const out: string[] = [];
  const t2 = num(r, 'fidelity.pairs.tvd.mean');
  if (t2) out.push(`Pairs of columns differ from the real table by a mean 2-way TVD of ${fmtNum(t2.value)}${t2.baseline !== undefined ? `; a fresh sample of the population differs by ${fmtNum(t2.baseline)}` : ''}.`);
  const v = num(r, 'fidelity.cramersV.corrected.meanAbsDiff');
  if (v) out.push(`Associations between columns change by a mean |ΔCramér's V| of ${fmtNum(v.value)}${v.baseline !== undefined ? ` (fresh sample: ${fmtNum(v.baseline)})` : ''}.`);
  if (!out.length) {
    const t1 = num(r, 'fidelity.marginals.tvd.mean');
    if (t1) out.push(`Columns differ from the real table by a mean TVD of ${fmtNum(t1.value)}${t1.baseline !== undefined ? ` (fresh sample: ${fmtNum(t1.baseline)})` : ''}.`);
  }
  return out;
}

function utilityFacts(r: AuditResult): string[] {
  const u = r.utility;
  if (!u || isSkipped(u) || !Array.isArray(u.models)) return [];
  const metric = u.primaryMetric;
  const ratios = u.models.map((m) => ({ label: m.label, ratio: readMeasure(m.ratio?.[metric])?.value ?? null })).filter((x): x is { label: string; ratio: number } => x.ratio !== null);
  if (!ratios.length) return [];
  const mean = ratios.reduce((a, x) => a + x.ratio, 0) / ratios.length;
  const lo = Math.min(...ratios.map((x) => x.ratio));
  const hi = Math.max(...ratios.map((x) => x.ratio));
  const name = utilityMetricName(metric);
  const range = ratios.length > 1 ? ` (from ${fmtPct(lo, 0)} to ${fmtPct(hi, 0)} over ${ratios.length} models)` : '';
  const lowerBetter = metric === 'logLoss' || metric === 'mae' || metric === 'rmse';
  return [`Models trained on the synthetic table reach ${fmtPct(mean, 0)} of the real-trained models' ${name} on the holdout${range}${lowerBetter ? '; for this score lower is better, so above 100% is worse' : ''}.`];
}

function privacyFacts(r: AuditResult): string[] {
  const out: string[] = [];
  const copies = num(r, 'privacy.distance.exactCopies.train');
  if (copies) out.push(`${fmtPct(copies.value)} of synthetic rows are exact copies of training rows${copies.baseline !== undefined ? ` (a fresh sample of the population: ${fmtPct(copies.baseline)})` : ''}.`);
  const shadow = at(r, 'privacy.shadowMia');
  const targets = isObj(shadow) && Array.isArray(shadow.targets) ? shadow.targets : [];
  const aucs = targets.map((t) => (isObj(t) ? readMeasure(t.auc) : undefined)).filter((m): m is NonNullable<typeof m> => !!m && m.value !== null);
  if (aucs.length) {
    const worst = aucs.reduce((a, b) => (b.value! > a.value! ? b : a));
    out.push(`An attacker who knows the generator and is told which ${aucs.length} ${aucs.length === 1 ? 'person is' : 'people are'} most exposed guesses membership with AUC up to ${fmtNum(worst.value)}${worst.interval ? ` ${fmtInterval(worst.interval)}` : ''} (0.5 = a coin toss).`);
  } else {
    const mia = num(r, 'privacy.distance.mia.auc');
    if (mia) out.push(`An attacker ranking real rows by closeness to the synthetic rows tells members from non-members with AUC ${fmtNum(mia.value)}${mia.interval ? ` ${fmtInterval(mia.interval)}` : ''} (0.5 = a coin toss).`);
  }
  return out;
}

const FACTS: Record<SectionName, (r: AuditResult) => string[]> = { fidelity: fidelityFacts, utility: utilityFacts, privacy: privacyFacts };

/** The three answers, from the verdict's rules on each section (no verdict: every light grey) and the results. */
export function answers(result: AuditResult, verdict?: PolicyVerdict): Answer[] {
  return SECTION_NAMES.map((section) => {
    const rules = (verdict?.rules ?? []).filter((x) => x.path.split(/[.[]/)[0] === section);
    const failed = rules.filter((x) => x.passed === false).map((x) => x.name);
    const passed = rules.filter((x) => x.passed === true).length;
    const light: Light = failed.length ? 'red' : passed ? 'green' : 'grey';
    const ran = result[section] !== undefined && !isSkipped(result[section]);
    const facts = ran ? FACTS[section](result) : [`Not run${isSkipped(result[section]) ? `: ${(result[section] as { reason: string }).reason}` : ''}.`];
    const a: Answer = { section, question: QUESTION[section], light, verdict: light === 'red' ? 'No' : light === 'green' ? 'Yes' : 'Not judged', facts, failed };
    if (light === 'red') a.next = NEXT[section];
    return a;
  });
}
