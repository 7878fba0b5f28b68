// The default model zoo for utility: configurations spanning model families and capacity (linear at three strengths,
// trees of depth 3 / 8 / unlimited, a forest, boosting, naive Bayes), so TSTR vs TRTR and the ranking agreement (Jordon et al. 2018) have spread.

import { UserError } from '../../src/errors.js';
import { learnerLabel, supportsTask, type LearnerSpec } from '../../src/learners/index.js';
import { checkModelSpecs } from './options.js';

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

/** Checks a configured zoo (utility.models) against the task: the data-free checks (checkModelSpecs), then that each type suits the task. */
export function validateModels(models: unknown, task: 'classification' | 'regression'): asserts models is LearnerSpec[] {
  checkModelSpecs(models);
  models.forEach((m, k) => {
    if (!supportsTask(m.type, task)) throw new UserError(`utility.models[${k}] (${learnerLabel(m)}) cannot be used for ${task}`);
  });
}
