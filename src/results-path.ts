// The results path language: read a node of results.json by a dotted path (`key`, `key[3]`, `key[*]`,
// `key[field=value]`, a final `.upper` / `.lower` bound) as a measure {value, interval, baseline}. Used by the release
// gate (src/app/gate.ts), the vitest matchers and the renderers' headline table; it reads plain JSON and imports
// nothing above the floor.

import type { RuleAgg } from './verdict.js';
import { roundForJson } from './json-number.js';

export type Segment = { key: string } | { key: string; index: number } | { key: string; all: true } | { key: string; where: [string, string] };

const SEGMENT_RE = /^([A-Za-z_$][\w$-]*)(?:\[(\*|\d+|[A-Za-z_$][\w$-]*=[^\]]*)\])?$/;

/** Parse a results path; throws a plain Error with the reason when malformed. */
export function parsePath(path: string): Segment[] {
  if (typeof path !== 'string' || path.trim() === '') throw new Error('empty path');
  // split on dots that are not inside [...]
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of path.trim()) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => {
    const m = SEGMENT_RE.exec(p);
    if (!m) throw new Error(`bad path segment "${p}"`);
    const key = m[1];
    const br = m[2];
    if (br === undefined) return { key };
    if (br === '*') return { key, all: true as const };
    if (/^\d+$/.test(br)) return { key, index: Number(br) };
    const eq = br.indexOf('=');
    return { key, where: [br.slice(0, eq), br.slice(eq + 1)] as [string, string] };
  });
}

export function isObj(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A number as a policy rule or a renderer reads it through a path: the value (or one interval bound), the interval
 * and the baseline's value. It flattens a results Measure (src/measure.ts); plain numbers and booleans read as values.
 */
export interface MeasureReading {
  value: number | null;
  interval?: [number, number];
  baseline?: number;
  reason?: string;
}

export function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function readInterval(o: Record<string, any>): [number, number] | undefined {
  const iv = o.interval;
  return Array.isArray(iv) && iv.length === 2 && finite(iv[0]) && finite(iv[1]) ? [iv[0], iv[1]] : undefined;
}

/**
 * Read a node of the results as a measure: a number, a boolean (1 / 0), null, or a results-v2 measure {value,
 * interval?: [lo, hi], baseline?: {value}, reason?}.
 * Numbers are rounded as renderJson writes them (6 significant digits).
 */
export function readMeasure(node: unknown): MeasureReading | undefined {
  const m = readMeasureRaw(node);
  if (!m) return m;
  // numbers as results.json stores them, so a verdict on the in-memory result equals the one on the saved file
  const out: MeasureReading = { value: m.value === null ? null : roundForJson(m.value) };
  if (m.interval) out.interval = [roundForJson(m.interval[0]), roundForJson(m.interval[1])];
  if (m.baseline !== undefined) out.baseline = roundForJson(m.baseline);
  if (m.reason !== undefined) out.reason = m.reason;
  return out;
}

function readMeasureRaw(node: unknown): MeasureReading | undefined {
  if (finite(node)) return { value: node };
  if (typeof node === 'boolean') return { value: node ? 1 : 0 };
  if (node === null) return { value: null };
  if (!isObj(node) || !('value' in node)) return undefined;
  // a results-v2 measure (src/measure.ts): value, interval [lo, hi], baseline {kind, value, interval}, reason.
  // (Version-1 files are converted before they are read: src/app/results-v1.)
  const m: MeasureReading = { value: finite(node.value) ? node.value : null };
  const iv = readInterval(node);
  if (iv) m.interval = iv;
  const b = node.baseline;
  if (isObj(b) && finite(b.value)) m.baseline = b.value;
  if (typeof node.reason === 'string') m.reason = node.reason;
  return m;
}

export interface Resolved {
  found: boolean;
  /** one node per match (several after a wildcard) */
  nodes: unknown[];
  /** why not found */
  missing?: string;
}

function step(nodes: unknown[], seg: Segment, walked: string): Resolved {
  const out: unknown[] = [];
  for (const n of nodes) {
    if (!isObj(n) || !Object.hasOwn(n, seg.key)) continue; // own keys only: a path never reaches Object.prototype
    const v = n[seg.key];
    if ('index' in seg) {
      if (Array.isArray(v) && seg.index < v.length) out.push(v[seg.index]);
    } else if ('all' in seg) {
      if (Array.isArray(v)) out.push(...v);
      else if (isObj(v)) out.push(...Object.keys(v).sort().map((k) => v[k]));
    } else if ('where' in seg) {
      if (Array.isArray(v)) {
        const [f, want] = seg.where;
        for (const item of v) if (isObj(item) && Object.hasOwn(item, f) && String(item[f]) === want) out.push(item);
      }
    } else out.push(v);
  }
  if (out.length === 0) return { found: false, nodes: [], missing: walked };
  return { found: true, nodes: out };
}

/** Follow a parsed path through the results. */
export function resolveNodes(root: unknown, segs: Segment[]): Resolved {
  let nodes: unknown[] = [root];
  let walked = '';
  for (const seg of segs) {
    const label = 'index' in seg ? `${seg.key}[${seg.index}]` : 'all' in seg ? `${seg.key}[*]` : 'where' in seg ? `${seg.key}[${seg.where[0]}=${seg.where[1]}]` : seg.key;
    walked = walked ? `${walked}.${label}` : label;
    const r = step(nodes, seg, walked);
    if (!r.found) return r;
    nodes = r.nodes;
  }
  return { found: true, nodes };
}

const BOUNDS: Record<string, 0 | 1> = { lower: 0, lo: 0, upper: 1, hi: 1 };

export interface PathValue {
  found: boolean;
  measure?: MeasureReading;
  /** The bound taken, when the path ends in .upper/.lower and that is not a field. */
  bound?: 'lower' | 'upper';
  /** All values under a wildcard (before aggregation). */
  values?: (number | null)[];
  why?: string;
}

/** Resolve a path (with optional aggregate) to one measure. */
export function valueAt(result: unknown, path: string, agg?: RuleAgg): PathValue {
  const segs = parsePath(path);
  let r = resolveNodes(result, segs);
  let bound: 0 | 1 | undefined;
  const last = segs[segs.length - 1];
  if (segs.length > 1 && !('index' in last) && !('all' in last) && !('where' in last) && Object.hasOwn(BOUNDS, last.key)) {
    // prefer a real field named upper/lower; otherwise take the interval bound of the parent measure
    const direct = r.found && r.nodes.every((n) => finite(n) || n === null || typeof n === 'boolean');
    if (!direct) {
      const parent = resolveNodes(result, segs.slice(0, -1));
      if (parent.found && parent.nodes.every((n) => readMeasure(n) !== undefined)) {
        r = parent;
        bound = BOUNDS[last.key];
      }
    }
  }
  if (!r.found) return { found: false, why: r.missing };
  const measures = r.nodes.map((n) => readMeasure(n));
  const badIdx = measures.findIndex((m) => m === undefined);
  if (badIdx >= 0) return { found: false, why: `${path} is not a number or a measure ({value, interval})` };
  const ms = measures as MeasureReading[];
  const pick = (m: MeasureReading): number | null => {
    if (bound === undefined) return m.value;
    return m.interval ? m.interval[bound] : null;
  };
  const boundName = bound === undefined ? undefined : bound === 0 ? ('lower' as const) : ('upper' as const);
  if (ms.length === 1 && !agg) {
    const m = ms[0];
    const v = pick(m);
    const measure: MeasureReading = { ...m, value: v };
    if (v === null && bound !== undefined && m.value !== null && !m.interval) measure.reason = 'the measure has no interval';
    return { found: true, measure, bound: boundName };
  }
  if (!agg) return { found: false, why: `${path} matches ${ms.length} values: give an aggregate (max, min or mean)` };
  const vals = ms.map(pick);
  const present = vals.filter((v): v is number => v !== null);
  let v: number | null = null;
  if (present.length === vals.length && present.length > 0) {
    if (agg === 'max') v = Math.max(...present);
    else if (agg === 'min') v = Math.min(...present);
    else v = present.reduce((a, b) => a + b, 0) / present.length;
  }
  const measure: MeasureReading = { value: v };
  if (v === null) {
    const withReason = ms.find((m, i) => vals[i] === null && m.reason);
    measure.reason = `${vals.length - present.length} of ${vals.length} values are null${withReason ? ` (${withReason.reason})` : ''}`;
  } else if (agg !== 'mean') {
    // carry the interval of the extreme item
    const i = vals.indexOf(v);
    if (ms[i].interval && bound === undefined) measure.interval = ms[i].interval;
    if (ms[i].baseline !== undefined) measure.baseline = ms[i].baseline;
  }
  return { found: true, measure, bound: boundName, values: vals };
}

