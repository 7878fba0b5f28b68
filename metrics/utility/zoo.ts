// The default model zoo for utility: configurations spanning model families and capacity (linear at three strengths,
// trees of depth 3 / 8 / unlimited, a forest, boosting, naive Bayes), so TSTR vs TRTR and the ranking agreement (Jordon et al. 2018) have spread.

import { UserError } from '../../src/errors.js';
import { LEARNER_TYPES, learnerLabel, supportsTask, type LearnerSpec } from '../../src/learners/index.js';

/** Default zoo per task. A forest of 50 trees (leaves of >= 5 rows) and boosting of 100 rounds keep full-Adult utility within seconds. */
export function defaultZoo(task: 'classification' | 'regression'): LearnerSpec[] {
  const trees: LearnerSpec[] = [
    { type: 'tree', maxDepth: 3 },
    { type: 'tree', maxDepth: 8 },
    { type: 'tree' },
    { type: 'forest', nTrees: 50, minSamplesLeaf: 5 },
    { type: 'boosting', nEstimators: 100 },
  ];
  if (task === 'classification') {
    return [{ type: 'logistic', C: 0.01 }, { type: 'logistic', C: 1 }, { type: 'logistic', C: 100 }, ...trees, { type: 'naive-bayes' }];
  }
  return [{ type: 'ridge', alpha: 0.1 }, { type: 'ridge', alpha: 10 }, { type: 'ridge', alpha: 1000 }, ...trees];
}

/** Options each learner type accepts in a spec (src/learners/index.ts LearnerSpec); anything else is most likely a typo. */
const KNOWN_KEYS: Record<LearnerSpec['type'], string[]> = {
  logistic: ['C', 'maxIter'],
  tree: ['maxDepth', 'minSamplesLeaf', 'maxFeatures', 'criterion'],
  forest: ['nTrees', 'maxDepth', 'maxFeatures', 'minSamplesLeaf'],
  boosting: ['nEstimators', 'learningRate', 'maxDepth', 'maxLeafNodes', 'minSamplesLeaf'],
  'naive-bayes': [],
  ridge: ['alpha'],
};

/** Checks a configured zoo (utility.models): a non-empty array of specs that suit the task. Throws a UserError naming the model. */
export function validateModels(models: unknown, task: 'classification' | 'regression'): asserts models is LearnerSpec[] {
  if (!Array.isArray(models) || models.length === 0) throw new UserError('utility.models must be a non-empty list of model specs, e.g. [{"type": "logistic", "C": 1}]');
  models.forEach((m, k) => {
    const type = (m as { type?: unknown } | null)?.type;
    if (typeof m !== 'object' || m === null || typeof type !== 'string' || !(LEARNER_TYPES as readonly string[]).includes(type)) {
      throw new UserError(`utility.models[${k}] has unknown type ${JSON.stringify(type)} (use one of ${LEARNER_TYPES.join(', ')})`);
    }
    const known = KNOWN_KEYS[type as LearnerSpec['type']];
    for (const key of Object.keys(m as object)) {
      if (key !== 'type' && !known.includes(key)) {
        throw new UserError(`utility.models[${k}]: unknown option "${key}" for ${type} (${known.length ? `use ${known.join(', ')}` : 'it takes no options'})`);
      }
    }
    if (!supportsTask(type as LearnerSpec['type'], task)) throw new UserError(`utility.models[${k}] (${learnerLabel(m as LearnerSpec)}) cannot be used for ${task}`);
  });
}
