// results.json version 1 -> version 2, fidelity section (docs/results-v2.md). A pure function over plain JSON: every
// v1 fidelity measure {value, floor, ci, floorCi} (the worst pairs {a, b, value, floor, ci}, the summary items
// {metric, text, better, value, floor, ci, floorCi}) becomes a Measure {value, interval, baseline {kind 'holdout',
// value, interval}, better} at the same path; detail fields beside it stay. Nothing else changes but two convention
// texts that named the v1 fields. Numbers are copied, never recomputed.

import { UserError } from '../../errors.js';
import type { Better, Bounds } from '../../measure.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function bounds(x: unknown): Bounds | undefined {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' && typeof x[1] === 'number' ? [x[0], x[1]] : undefined;
}

/**
 * Fidelity fields added after version 1, absent from a converted v1 file (optional in FidelityResult): a v1 file holds
 * nothing to compute them from (coverage needs the synthetic minima and maxima), and the converter copies numbers, it
 * never recomputes them. Their convention texts (conventions[field]) are absent too.
 */
export const FIDELITY_ADDED_AFTER_V1 = ['coverage'] as const;

/** v1 summary-item `better` -> v2: the ratios with null expectation 1 and the detection AUCs read 'closer' (to the holdout baseline). */
const BETTER: Record<string, Better> = { lower: 'lower', higher: 'higher', near1: 'closer', 'near0.5': 'closer' };

/**
 * One v1 measure -> v2. A node without `floor` is not a v1 fidelity measure (every v1 one carries it, null or not):
 * it is returned unchanged, so converting a v2 section again is a no-op.
 */
function convertMeasure(node: unknown, path: string, better?: Better): unknown {
  if (!isObj(node) || !('value' in node) || !('floor' in node)) return node;
  const { value, floor, ci, floorCi, better: v1Better, ...detail } = node;
  let b: Better;
  if (better) b = better;
  else if (typeof v1Better === 'string' && Object.hasOwn(BETTER, v1Better)) b = BETTER[v1Better];
  else throw new UserError(`results version 1: ${path}.better is ${JSON.stringify(v1Better)} (expected lower, higher, near1 or near0.5)`);
  const out: Obj = { value, better: b };
  const iv = bounds(ci);
  if (iv) out.interval = iv;
  const base: Obj = { kind: 'holdout', value: floor };
  const biv = bounds(floorCi);
  if (biv) base.interval = biv;
  out.baseline = base;
  return { ...out, ...detail };
}

/** Apply f to node[key] when node is an object holding key. */
function at(node: unknown, key: string, f: (x: unknown) => unknown): void {
  if (isObj(node) && Object.hasOwn(node, key)) node[key] = f(node[key]);
}

function each(node: unknown, f: (x: unknown, i: number) => unknown): unknown {
  return Array.isArray(node) ? node.map(f) : node;
}

/** The two v1 convention texts that named the v1 fields, and their v2 wording (other texts are kept as they are). */
const CONVENTION_TEXT: Record<string, [string, string][]> = {
  bootstrap: [
    ['; ci uses the (real, synthetic) replicates, floorCi the (real, holdout) ones.', '; the interval of a measure uses the (real, synthetic) replicates, its baseline.interval the (real, holdout) ones.'],
    ['Read ci as the range', 'Read the interval as the range'],
  ],
  floor: [['floor = the same metric with the holdout in place of the synthetic table:', "floor = the same metric with the holdout in place of the synthetic table (each measure's baseline, kind holdout):"]],
};

/** The fidelity section of a results.json version 1, as version 2 (a skipped section is returned as it is). */
export function fidelityV1toV2(v1Section: unknown): unknown {
  if (!isObj(v1Section) || v1Section.skipped === true) return v1Section;
  const s = structuredClone(v1Section);
  const lower = (path: string) => (x: unknown) => convertMeasure(x, path, 'lower');
  const ownBetter = (path: string) => (x: unknown, i: number) => convertMeasure(x, `${path}[${i}]`);
  const meanMax = (node: unknown, path: string) => {
    at(node, 'mean', lower(`${path}.mean`));
    at(node, 'max', lower(`${path}.max`));
  };
  const diff = (node: unknown, path: string) => {
    at(node, 'meanAbsDiff', lower(`${path}.meanAbsDiff`));
    at(node, 'maxAbsDiff', lower(`${path}.maxAbsDiff`));
  };

  at(s, 'conventions', (c) => {
    if (!isObj(c)) return c;
    const out: Obj = { ...c };
    for (const [key, swaps] of Object.entries(CONVENTION_TEXT)) {
      const text = out[key];
      if (typeof text !== 'string') continue;
      let t = text;
      for (const [from, to] of swaps) t = t.replace(from, to);
      out[key] = t;
    }
    return out;
  });
  at(s, 'columns', (cols) =>
    each(cols, (c, i) => {
      for (const k of ['tvd', 'kl', 'js', 'hellinger', 'pairTvdMean', 'ks', 'wasserstein']) at(c, k, lower(`fidelity.columns[${i}].${k}`));
      return c;
    }),
  );
  at(s, 'marginals', (m) => {
    at(m, 'tvd', (t) => (meanMax(t, 'fidelity.marginals.tvd'), t));
    return m;
  });
  at(s, 'pairs', (p) => {
    for (const k of ['tvd', 'kl', 'js', 'hellinger']) at(p, k, (t) => (meanMax(t, `fidelity.pairs.${k}`), t));
    at(p, 'tvd', (t) => {
      at(t, 'worst', (w) => each(w, (x, i) => convertMeasure(x, `fidelity.pairs.tvd.worst[${i}]`, 'lower')));
      return t;
    });
    at(p, 'list', (l) =>
      each(l, (x, i) => {
        for (const k of ['tvd', 'kl', 'js', 'hellinger']) at(x, k, lower(`fidelity.pairs.list[${i}].${k}`));
        return x;
      }),
    );
    return p;
  });
  at(s, 'cramersV', (v) => {
    for (const k of ['uncorrected', 'corrected']) at(v, k, (d) => (diff(d, `fidelity.cramersV.${k}`), d));
    return v;
  });
  at(s, 'numeric', (n) => {
    for (const k of ['ks', 'wasserstein']) at(n, k, (t) => (meanMax(t, `fidelity.numeric.${k}`), t));
    for (const k of ['pearson', 'spearman']) at(n, k, (c) => (at(c, 'diff', (d) => (diff(d, `fidelity.numeric.${k}.diff`), d)), c));
    return n;
  });
  at(s, 'pmse', (p) => {
    if (isObj(p) && p.skipped !== true) at(p, 'summary', (items) => each(items, ownBetter('fidelity.pmse.summary')));
    return p;
  });
  at(s, 'summary', (sum) => {
    at(sum, 'overall', (items) => each(items, ownBetter('fidelity.summary.overall')));
    at(sum, 'perColumn', (cols) =>
      each(cols, (c, i) => {
        at(c, 'items', (items) => each(items, ownBetter(`fidelity.summary.perColumn[${i}].items`)));
        return c;
      }),
    );
    return sum;
  });
  return s;
}
