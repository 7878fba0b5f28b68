// Target handling for utility: classification when the target column is categorical, regression when numeric; the
// class set is the REAL table's levels; rows whose target is missing (or an unseen class) are dropped and counted.

import type { AuditContext } from '../../src/context.js';
import type { CategoricalDomain, Domain, Encoded } from '../../src/domain.js';
import { subsetRows } from '../../src/domain.js';
import { UserError } from '../../src/errors.js';
import { skip, isSkipped, type Skipped } from '../../src/skipped.js';
import type { Target } from '../../src/learners/learner.js';

export type TargetInfo =
  | { kind: 'classification'; name: string; column: number; classes: string[]; features: number[] }
  | { kind: 'regression'; name: string; column: number; features: number[] };

export { isSkipped };

/**
 * Decides whether utility can run and on what: no target -> skipped; target absent from the synthetic table -> skipped;
 * target not analysed (identifier-like or excluded) -> skipped; a real target with a single class (or a constant numeric
 * target) -> UserError, because no model can be trained on it.
 */
export function resolveTarget(ctx: Pick<AuditContext, 'target' | 'domain' | 'tables' | 'options' | 'real'>): TargetInfo | Skipped {
  const name = ctx.target;
  if (name === undefined || name === null || name === '') return skip('no target column given (set --target or "target" in the config): utility needs an outcome to predict');
  const real = ctx.tables.real;
  if (!real.columns.includes(name)) throw new UserError(`target column is not in the real table (columns: ${real.columns.join(', ')})`, { file: real.name, column: name });
  const absent = ctx.options?.utility?.targetAbsent === true || !ctx.tables.synthetic.columns.includes(name);
  if (absent) return skip(`target column "${name}" is absent from the synthetic table`);
  const domain: Domain = ctx.domain;
  const j = domain.index.get(name);
  if (j === undefined) return skip(`target column "${name}" is not analysed (identifier-like or excluded), so it cannot be predicted`);
  const features: number[] = [];
  for (let k = 0; k < domain.columns.length; k++) if (k !== j) features.push(k);
  if (features.length === 0) return skip(`no feature columns besides the target "${name}"`);
  const cd = domain.columns[j];
  if (cd.kind === 'categorical') {
    if (cd.levels.length < 2) {
      throw new UserError(
        `target has a single class ("${cd.levels[0] ?? '(none)'}") in the real table: classification utility needs at least two classes`,
        { file: ctx.real.name, column: name },
      );
    }
    return { kind: 'classification', name, column: j, classes: cd.levels.slice(), features };
  }
  if (!(cd.max > cd.min)) {
    throw new UserError(`target is constant (${cd.min}) in the real table: regression utility needs a varying outcome`, { file: ctx.real.name, column: name });
  }
  return { kind: 'regression', name, column: j, features };
}

/** One table restricted to the rows with a usable target, and what was dropped. */
export interface TargetSplit {
  /** The encoded rows kept (the input itself when nothing was dropped). */
  enc: Encoded;
  target: Target;
  /** Rows dropped because the target is missing. */
  droppedMissing: number;
  /** Rows dropped because the target is a class the real table never had (classification only). */
  droppedUnseen: number;
  /** Per real class: rows of that class (classification only). */
  classCounts?: number[];
}

export function splitTarget(enc: Encoded, info: TargetInfo): TargetSplit {
  const codes = enc.codes[info.column];
  const n = enc.n;
  const keep: number[] = [];
  let droppedMissing = 0;
  let droppedUnseen = 0;
  if (info.kind === 'classification') {
    const cd = enc.domain.columns[info.column] as CategoricalDomain;
    const C = cd.levels.length;
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      if (c < C) keep.push(i);
      else if (c === cd.missingCode) droppedMissing++;
      else droppedUnseen++;
    }
  } else {
    const v = enc.values[info.column]!;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(v[i])) droppedMissing++;
      else keep.push(i);
    }
  }
  const kept = keep.length === n ? enc : subsetRows(enc, keep);
  if (info.kind === 'classification') {
    const C = info.classes.length;
    const y = Int32Array.from(kept.codes[info.column]);
    const classCounts = new Array<number>(C).fill(0);
    for (let i = 0; i < y.length; i++) classCounts[y[i]]++;
    return { enc: kept, target: { kind: 'classification', y, nClasses: C }, droppedMissing, droppedUnseen, classCounts };
  }
  const y = Float64Array.from(kept.values[info.column]!);
  return { enc: kept, target: { kind: 'regression', y }, droppedMissing, droppedUnseen };
}
