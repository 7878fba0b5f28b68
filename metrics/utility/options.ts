// Pure checks of the utility options (types, ranges, model specs) that need no data, so a mistake fails before any section runs.
// Called by the utility section itself, by runAudit before the first section and by the config loader (which names the file).

import { UserError } from '../../src/errors.js';
import { knownHint } from '../../src/suggest.js';
import { LEARNER_TYPES, learnerLabel, type LearnerSpec } from '../../src/learners/index.js';

/** Every key of UtilityOptions (targetAbsent is set by the pipeline, not by users). */
export const UTILITY_OPTION_KEYS = ['models', 'bootstrap', 'confidence', 'importanceModel', 'importanceRepeats', 'importanceRows', 'topFeatures', 'inferentialC', 'targetAbsent'] as const;

/** Options each learner type accepts in a spec (src/learners/index.ts LearnerSpec); anything else is most likely a typo. */
export const LEARNER_OPTION_KEYS: Record<LearnerSpec['type'], string[]> = {
  logistic: ['C', 'maxIter'],
  tree: ['maxDepth', 'minSamplesLeaf', 'maxFeatures', 'criterion'],
  forest: ['nTrees', 'maxDepth', 'maxFeatures', 'minSamplesLeaf'],
  boosting: ['nEstimators', 'learningRate', 'maxDepth', 'maxLeafNodes', 'minSamplesLeaf'],
  'naive-bayes': [],
  ridge: ['alpha'],
};

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));
const fail = (path: string, want: string, got: unknown): never => {
  throw new UserError(`${path} must be ${want} (got ${show(got)})`);
};
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The value ranges each learner accepts (the learners' own constructors throw plain Errors on these, late, mid-run).
 * Only finite numbers: options are echoed into results.json, which holds no Infinity (a YAML .inf used to crash the write
 * after the whole run); leave maxDepth / maxLeafNodes out for the learner's default.
 */
function checkSpecValues(m: Record<string, unknown>, path: string): void {
  const v = (k: string) => m[k];
  const intMin = (k: string, min: number) => {
    const x = v(k);
    if (x !== undefined && !(isInt(x) && x >= min)) fail(`${path}.${k}`, `an integer >= ${min}`, x);
  };
  const positive = (k: string) => {
    const x = v(k);
    if (x !== undefined && !(typeof x === 'number' && Number.isFinite(x) && x > 0)) fail(`${path}.${k}`, 'a number > 0', x);
  };
  const maxFeatures = () => {
    const x = v('maxFeatures');
    if (x !== undefined && !(x === 'sqrt' || x === 'log2' || x === 'all' || (typeof x === 'number' && Number.isFinite(x) && x > 0))) {
      fail(`${path}.maxFeatures`, '"sqrt", "log2", "all" or a number > 0 (a share of the features when below 1)', x);
    }
  };
  switch (m.type as LearnerSpec['type']) {
    case 'logistic':
      positive('C');
      intMin('maxIter', 1);
      break;
    case 'tree':
      intMin('maxDepth', 0);
      positive('minSamplesLeaf');
      maxFeatures();
      if (m.criterion !== undefined && m.criterion !== 'gini' && m.criterion !== 'entropy') fail(`${path}.criterion`, '"gini" or "entropy"', m.criterion);
      break;
    case 'forest':
      intMin('nTrees', 1);
      intMin('maxDepth', 0);
      positive('minSamplesLeaf');
      maxFeatures();
      break;
    case 'boosting':
      intMin('nEstimators', 1);
      positive('learningRate');
      intMin('maxDepth', 0);
      intMin('maxLeafNodes', 2);
      positive('minSamplesLeaf');
      break;
    case 'ridge': {
      const a = v('alpha');
      if (a !== undefined && !(typeof a === 'number' && Number.isFinite(a) && a >= 0)) fail(`${path}.alpha`, 'a finite number >= 0', a);
      break;
    }
    case 'naive-bayes':
      break;
  }
}

/** utility.models: a non-empty list of distinct specs of known types with known options in range (whether a type suits the task is checked with the data). */
export function checkModelSpecs(models: unknown): asserts models is LearnerSpec[] {
  if (!Array.isArray(models) || models.length === 0) throw new UserError('utility.models must be a non-empty list of model specs, e.g. [{"type": "logistic", "C": 1}]');
  models.forEach((m, k) => {
    const type = (m as { type?: unknown } | null)?.type;
    if (typeof m !== 'object' || m === null || Array.isArray(m) || typeof type !== 'string' || !(LEARNER_TYPES as readonly string[]).includes(type)) {
      throw new UserError(`utility.models[${k}] has unknown type ${show(type)} (use one of ${LEARNER_TYPES.join(', ')})`);
    }
    const known = LEARNER_OPTION_KEYS[type as LearnerSpec['type']];
    for (const key of Object.keys(m as object)) {
      if (key !== 'type' && !known.includes(key)) {
        throw new UserError(`utility.models[${k}]: unknown option "${key}" for ${type} (${known.length ? `use ${known.join(', ')}` : 'it takes no options'})`);
      }
    }
    checkSpecValues(m as Record<string, unknown>, `utility.models[${k}]`);
  });
  const labels = (models as LearnerSpec[]).map((m) => learnerLabel(m));
  if (new Set(labels).size !== labels.length) throw new UserError(`utility.models has duplicate models (${labels.join(', ')})`);
}

/** Check the utility options without the data: unknown keys, types and ranges, model specs. Throws a one-line UserError naming the option path. */
export function checkUtilityOptions(o: Record<string, unknown>): void {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new UserError(`utility options must be a mapping of option names to values (got ${show(o)})`);
  for (const k of Object.keys(o)) {
    if (!(UTILITY_OPTION_KEYS as readonly string[]).includes(k)) throw new UserError(`unknown utility option "${k}"${knownHint(k, UTILITY_OPTION_KEYS.filter((x) => x !== 'targetAbsent'))}`);
  }
  const intMin = (k: string, min: number) => {
    const v = o[k];
    if (v !== undefined && !(isInt(v) && v >= min)) fail(`utility.${k}`, `an integer >= ${min}`, v);
  };
  intMin('bootstrap', 0);
  intMin('importanceRepeats', 1);
  intMin('importanceRows', 10);
  intMin('topFeatures', 1);
  if (o.confidence !== undefined && !(typeof o.confidence === 'number' && o.confidence > 0 && o.confidence < 1)) fail('utility.confidence', 'a number in (0, 1)', o.confidence);
  if (o.inferentialC !== undefined && o.inferentialC !== null && !(typeof o.inferentialC === 'number' && Number.isFinite(o.inferentialC) && o.inferentialC > 0)) {
    throw new UserError(`utility.inferentialC must be a number > 0 (got ${show(o.inferentialC)}); leave it out for an unpenalised fit`);
  }
  const im = o.importanceModel;
  if (im !== undefined && !((isInt(im) && im >= 0) || (typeof im === 'string' && im !== ''))) fail('utility.importanceModel', 'a model index (integer >= 0) or a model label', im);
  if (o.models !== undefined) {
    checkModelSpecs(o.models);
    if (isInt(im) && im >= o.models.length) throw new UserError(`utility.importanceModel ${im} is not a model of the zoo (models: ${o.models.map((m) => learnerLabel(m)).join(', ')})`);
  }
  if (o.targetAbsent !== undefined && typeof o.targetAbsent !== 'boolean') fail('utility.targetAbsent', 'true or false', o.targetAbsent);
}
