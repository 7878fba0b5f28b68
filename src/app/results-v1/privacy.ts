// Results v1 -> v2 for the privacy section (docs/results-v2.md): every privacy number that v1 wrote as {value, lo, hi}
// (with `ideal` or a numeric `baseline` beside it on some) becomes a src/measure.ts Measure at the same path, its detail
// fields (pValue, counts, method, ...) kept beside it. Every privacy number is a risk, so `better` is 'lower' throughout.
// Baselines (kind):
// - chance: every membership AUC (0.5; v1 had none on the measure), TPR at a low FPR (the FPR; v1 tprAtFpr's `tpr` is
//   the value), the shadow MIA's accuracy (0.5) and advantage (0), the shadow AIA's accuracy (its target's prior guess,
//   with its interval), the DCR permutation test (v1 `baseline`, the null's expected share);
// - ideal: the DCR shares (v1 `ideal`), the Anonymeter risks and their clipped forms (0);
// - holdout: an attack's train rate (its control rate, with the control interval), the synthetic table's copy rates
//   (the holdout's own copy rate: holdoutInTrain for train, trainInHoldout for holdout), the copy excesses (v1 `baseline` 0).
// Reference rates (control, randomGuess, majorityGuess, holdoutInTrain, trainInHoldout, the AIA prior guess) carry none.
// A pure function of the v1 section; skipped attacks and nulls pass through.

import { baseline, measure, type Baseline, type BaselineKind, type Bounds, type Measure } from '../../measure.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown): number | null {
  return typeof x === 'number' ? x : null;
}

/** The v1 interval of a node, when it has one (lo and hi; null for a non-finite bound, as v1 wrote them). */
function boundsOf(n: Obj): Bounds | undefined {
  return 'lo' in n && 'hi' in n ? ([n.lo, n.hi] as Bounds) : undefined;
}

/** A v1 {value|tpr, lo, hi, ...} node as a measure; `drop` names v1 fields the measure replaces (baseline, ideal). */
function toMeasure(n: unknown, base: Baseline | null, valueKey: 'value' | 'tpr' = 'value', drop: string[] = []): unknown {
  if (!isObj(n)) return n;
  const extra: Obj = {};
  const gone = new Set(['value', 'lo', 'hi', valueKey, ...drop]);
  for (const k of Object.keys(n)) if (!gone.has(k)) extra[k] = n[k];
  return measure(num(n[valueKey]), 'lower', { interval: boundsOf(n), baseline: base }, extra);
}

/** A baseline from a v1 reference node {value, lo, hi} (its value and interval). */
function baselineOfNode(kind: BaselineKind, n: unknown): Baseline | null {
  return isObj(n) ? baseline(kind, num(n.value), boundsOf(n)) : null;
}

/** A v1 node whose numeric `baseline` (or `ideal`) field becomes the measure's baseline of this kind. */
function withNumericBaseline(n: unknown, kind: BaselineKind, field: 'baseline' | 'ideal'): unknown {
  if (!isObj(n)) return n;
  return toMeasure(n, field in n ? baseline(kind, num(n[field])) : null, 'value', [field]);
}

function ran(x: unknown): x is Obj {
  return isObj(x) && x.skipped !== true;
}

function auc(n: unknown): unknown {
  return toMeasure(n, baseline('chance', 0.5));
}

function tprList(x: unknown): unknown {
  return Array.isArray(x) ? x.map((t) => (isObj(t) ? toMeasure(t, baseline('chance', num(t.fpr)), 'tpr') : t)) : x;
}

function miaSummary(n: Obj): Obj {
  const o: Obj = { ...n, auc: auc(n.auc), tprAtFpr: tprList(n.tprAtFpr) };
  if ('lowFpr' in n) o.lowFpr = withNumericBaseline(n.lowFpr, 'chance', 'baseline');
  return o;
}

function risk(r: unknown): unknown {
  if (!isObj(r)) return r;
  const ideal = baseline('ideal', 0);
  const m = toMeasure(r, ideal) as Measure & Obj;
  if ('clipped' in r) m.clipped = toMeasure(r.clipped, baseline('ideal', 0));
  return m;
}

/** train / control / risk of an Anonymeter-style attack; `references` lists the other rates beside them (no baseline). */
function controlAttack(n: unknown, references: string[] = []): unknown {
  if (!ran(n)) return n;
  const o: Obj = { ...n, train: toMeasure(n.train, baselineOfNode('holdout', n.control)), control: toMeasure(n.control, null), risk: risk(n.risk) };
  for (const k of references) if (k in n) o[k] = toMeasure(n[k], null);
  return o;
}

function distance(d: unknown): unknown {
  if (!ran(d)) return d;
  const o: Obj = { ...d };
  o.dcrShare = withNumericBaseline(d.dcrShare, 'ideal', 'ideal');
  o.dcrShareBalanced = withNumericBaseline(d.dcrShareBalanced, 'ideal', 'ideal');
  o.dcrSharePermutation = withNumericBaseline(d.dcrSharePermutation, 'chance', 'baseline');
  const c = d.exactCopies;
  if (isObj(c)) {
    o.exactCopies = {
      ...c,
      train: toMeasure(c.train, baselineOfNode('holdout', c.holdoutInTrain)),
      holdout: toMeasure(c.holdout, baselineOfNode('holdout', c.trainInHoldout)),
      holdoutInTrain: toMeasure(c.holdoutInTrain, null),
      trainInHoldout: toMeasure(c.trainInHoldout, null),
      trainExcess: withNumericBaseline(c.trainExcess, 'holdout', 'baseline'),
      holdoutExcess: withNumericBaseline(c.holdoutExcess, 'holdout', 'baseline'),
    };
  }
  if (isObj(d.mia)) o.mia = miaSummary(d.mia);
  return o;
}

function shadowMia(s: unknown): unknown {
  if (!ran(s)) return s;
  const o: Obj = { ...s };
  if (Array.isArray(s.targets)) {
    o.targets = s.targets.map((t) =>
      isObj(t) ? { ...t, auc: auc(t.auc), accuracy: toMeasure(t.accuracy, baseline('chance', 0.5)), advantage: toMeasure(t.advantage, baseline('chance', 0)), tprAtFpr: tprList(t.tprAtFpr) } : t,
    );
  }
  if (isObj(s.pooled)) o.pooled = { ...s.pooled, auc: auc(s.pooled.auc) };
  return o;
}

function shadowAia(s: unknown): unknown {
  if (!ran(s)) return s;
  const o: Obj = { ...s };
  if (Array.isArray(s.targets)) {
    o.targets = s.targets.map((t) => (isObj(t) ? { ...t, accuracy: toMeasure(t.accuracy, baselineOfNode('chance', t.baseline)), baseline: toMeasure(t.baseline, null) } : t));
  }
  return o;
}

/** The privacy section of a results-v1 file in results-v2 form (a skipped section passes through). */
export function privacyV1toV2(v1Section: unknown): unknown {
  if (!ran(v1Section)) return v1Section;
  const p = v1Section;
  const o: Obj = { ...p };
  if ('distance' in p) o.distance = distance(p.distance);
  if (ran(p.domias)) o.domias = miaSummary(p.domias);
  if ('inference' in p) o.inference = controlAttack(p.inference, ['randomGuess']);
  if ('modelInference' in p) o.modelInference = controlAttack(p.modelInference, ['majorityGuess']);
  if (isObj(p.singlingOut)) o.singlingOut = { ...p.singlingOut, univariate: controlAttack(p.singlingOut.univariate), multivariate: controlAttack(p.singlingOut.multivariate) };
  if ('linkability' in p) o.linkability = controlAttack(p.linkability);
  if ('shadowMia' in p) o.shadowMia = shadowMia(p.shadowMia);
  if ('shadowAia' in p) o.shadowAia = shadowAia(p.shadowAia);
  return o;
}
