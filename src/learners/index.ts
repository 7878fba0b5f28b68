// The learner zoo: plain-data specs (as written in a config file), a factory, and stable labels for results.
// Models: logistic regression, CART tree, random forest, gradient boosting, naive Bayes, ridge (see each module's header).

import { UserError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Learner } from './learner.js';
import { LogisticRegression } from './logistic.js';
import { DecisionTree } from './tree.js';
import { RandomForest } from './forest.js';
import { GradientBoosting } from './boosting.js';
import { NaiveBayes } from './naive-bayes.js';
import { RidgeRegression } from './linear.js';

export type MaxFeatures = number | 'sqrt' | 'log2' | 'all';

export type LearnerSpec =
  | { type: 'logistic'; C?: number; maxIter?: number }
  | { type: 'tree'; maxDepth?: number; minSamplesLeaf?: number; maxFeatures?: MaxFeatures; criterion?: 'gini' | 'entropy' }
  | { type: 'forest'; nTrees?: number; maxDepth?: number; maxFeatures?: MaxFeatures; minSamplesLeaf?: number }
  | { type: 'boosting'; nEstimators?: number; learningRate?: number; maxDepth?: number; maxLeafNodes?: number; minSamplesLeaf?: number }
  | { type: 'naive-bayes' }
  | { type: 'ridge'; alpha?: number };

export type LearnerType = LearnerSpec['type'];
export const LEARNER_TYPES: readonly LearnerType[] = ['logistic', 'tree', 'forest', 'boosting', 'naive-bayes', 'ridge'];

/** Which targets a learner type handles. */
export function supportsTask(type: LearnerType, task: 'classification' | 'regression'): boolean {
  if (type === 'logistic' || type === 'naive-bayes') return task === 'classification';
  if (type === 'ridge') return task === 'regression';
  return true;
}

/** A learner from its spec; rng seeds the random ones (forest, tree feature sampling). */
export function makeLearner(spec: LearnerSpec, rng: Rng): Learner {
  switch (spec?.type) {
    case 'logistic':
      return new LogisticRegression({ C: spec.C, maxIter: spec.maxIter });
    case 'tree':
      return new DecisionTree({ maxDepth: spec.maxDepth, minSamplesLeaf: spec.minSamplesLeaf, maxFeatures: spec.maxFeatures, criterion: spec.criterion, rng });
    case 'forest':
      return new RandomForest({ nTrees: spec.nTrees, maxDepth: spec.maxDepth, maxFeatures: spec.maxFeatures, minSamplesLeaf: spec.minSamplesLeaf, rng });
    case 'boosting':
      return new GradientBoosting({
        nEstimators: spec.nEstimators,
        learningRate: spec.learningRate,
        maxDepth: spec.maxDepth,
        maxLeafNodes: spec.maxLeafNodes,
        minSamplesLeaf: spec.minSamplesLeaf,
        rng,
      });
    case 'naive-bayes':
      return new NaiveBayes();
    case 'ridge':
      return new RidgeRegression({ alpha: spec.alpha });
    default:
      throw new UserError(`unknown learner type ${JSON.stringify((spec as { type?: unknown })?.type)} (use one of ${LEARNER_TYPES.join(', ')})`);
  }
}

function num(x: number): string {
  return x === Infinity ? 'inf' : String(x);
}

/**
 * Stable, unique label of a spec: the type, its main setting with the default filled in, then every other option the
 * spec sets. Examples: "logistic(C=1)", "tree(depth=3)", "tree(depth=none)", "forest(trees=100)",
 * "boosting(rounds=100,lr=0.1,depth=3)", "naive-bayes", "ridge(alpha=1)".
 */
export function learnerLabel(spec: LearnerSpec): string {
  const parts: string[] = [];
  switch (spec.type) {
    case 'logistic':
      parts.push(`C=${num(spec.C ?? 1)}`);
      if (spec.maxIter !== undefined) parts.push(`maxIter=${spec.maxIter}`);
      break;
    case 'tree':
      parts.push(`depth=${spec.maxDepth === undefined || spec.maxDepth === Infinity ? 'none' : spec.maxDepth}`);
      if (spec.minSamplesLeaf !== undefined) parts.push(`minLeaf=${spec.minSamplesLeaf}`);
      if (spec.maxFeatures !== undefined) parts.push(`features=${spec.maxFeatures}`);
      if (spec.criterion !== undefined) parts.push(`criterion=${spec.criterion}`);
      break;
    case 'forest':
      parts.push(`trees=${spec.nTrees ?? 100}`);
      if (spec.maxDepth !== undefined) parts.push(`depth=${num(spec.maxDepth)}`);
      if (spec.maxFeatures !== undefined) parts.push(`features=${spec.maxFeatures}`);
      if (spec.minSamplesLeaf !== undefined) parts.push(`minLeaf=${spec.minSamplesLeaf}`);
      break;
    case 'boosting':
      parts.push(`rounds=${spec.nEstimators ?? 100}`, `lr=${spec.learningRate ?? 0.1}`, `depth=${num(spec.maxDepth ?? 3)}`);
      if (spec.maxLeafNodes !== undefined) parts.push(`leaves=${spec.maxLeafNodes}`);
      if (spec.minSamplesLeaf !== undefined) parts.push(`minLeaf=${spec.minSamplesLeaf}`);
      break;
    case 'naive-bayes':
      return 'naive-bayes';
    case 'ridge':
      parts.push(`alpha=${spec.alpha ?? 1}`);
      break;
    default:
      throw new UserError(`unknown learner type ${JSON.stringify((spec as { type?: unknown }).type)} (use one of ${LEARNER_TYPES.join(', ')})`);
  }
  return `${spec.type}(${parts.join(',')})`;
}

export { LogisticRegression, DecisionTree, RandomForest, GradientBoosting, NaiveBayes, RidgeRegression };
export type { Learner, Design, Target } from './learner.js';
