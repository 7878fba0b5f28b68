// A small, safe parser and columnar evaluator for user-declared row constraints (no eval): comparisons, and/or/not,
// parentheses and '->' implication, under Kleene three-valued logic so missing values give 'unknown', not violations.

import { UserError } from '../../src/errors.js';
import type { Table } from '../../src/table.js';

/*
 Grammar (keywords case-insensitive; '&&', '||', '!' accepted as and, or, not):
   constraint := implies
   implies    := or ( '->' implies )?          (right-associative, lowest precedence)
   or         := and ( 'or' and )*
   and        := unary ( 'and' unary )*
   unary      := 'not' unary | '(' implies ')' | comparison
   comparison := operand op operand            op: == != < <= > >=  ('=' is read as '==', '<>' as '!=')
   operand    := column | number | string
   column     := identifier [A-Za-z_][A-Za-z0-9_.]*  |  `any name in backticks`
   string     := "double" or 'single' quoted, backslash escapes the next character
 At least one side of a comparison must be a column. Against a number, a cell is compared as a number (a cell that
 is missing or not numeric makes the comparison unknown); against a string, cells are compared as strings
 (ordering = JavaScript code-unit order); column against column compares as numbers when both cells parse as
 numbers, else as strings. A missing cell makes any comparison unknown.
 Truth values: 0 = false, 1 = true, 2 = unknown (Kleene): not U = U; F and U = F; T or U = T; a -> b = (not a) or b.
 A row VIOLATES a constraint when it evaluates to false; unknown rows are counted apart.
*/

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Operand = { kind: 'column'; name: string } | { kind: 'number'; value: number } | { kind: 'string'; value: string };
export type ConstraintNode =
  | { type: 'cmp'; op: CmpOp; left: Operand; right: Operand }
  | { type: 'not'; arg: ConstraintNode }
  | { type: 'and' | 'or' | 'implies'; left: ConstraintNode; right: ConstraintNode };

type Tok =
  | { t: 'op'; v: CmpOp; pos: number }
  | { t: 'and' | 'or' | 'not' | 'implies' | '(' | ')'; pos: number }
  | { t: 'ident'; v: string; pos: number }
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number };

function fail(src: string, msg: string): never {
  throw new UserError(`constraint "${src}": ${msg}`);
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '->') {
      out.push({ t: 'implies', pos: i });
      i += 2;
      continue;
    }
    if (two === '&&') {
      out.push({ t: 'and', pos: i });
      i += 2;
      continue;
    }
    if (two === '||') {
      out.push({ t: 'or', pos: i });
      i += 2;
      continue;
    }
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '<>') {
      out.push({ t: 'op', v: two === '<>' ? '!=' : (two as CmpOp), pos: i });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      out.push({ t: 'op', v: c, pos: i });
      i++;
      continue;
    }
    if (c === '=') {
      out.push({ t: 'op', v: '==', pos: i });
      i++;
      continue;
    }
    if (c === '!') {
      out.push({ t: 'not', pos: i });
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c, pos: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < n) j++;
        s += src[j];
        j++;
      }
      if (j >= n) fail(src, `unterminated string starting at character ${i + 1}`);
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) fail(src, `unterminated \`column name\` starting at character ${i + 1}`);
      out.push({ t: 'ident', v: src.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    const num = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c !== '+' && c !== '-' ? true : /[\d.]/.test(src[i + 1] ?? ''))) {
      out.push({ t: 'num', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (id) {
      const w = id[0].toLowerCase();
      if (w === 'and' || w === 'or' || w === 'not') out.push({ t: w, pos: i });
      else out.push({ t: 'ident', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    fail(src, `unexpected character '${c}' at character ${i + 1}`);
  }
  return out;
}

/** Parse a constraint; throws a UserError naming the constraint on a syntax error (columns are checked later). */
export function parseConstraint(src: string): ConstraintNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const where = () => (p < toks.length ? `at character ${toks[p].pos + 1}` : 'at the end');
  const expect = (t: Tok['t']) => {
    if (peek()?.t !== t) fail(src, `expected '${t}' ${where()}`);
    p++;
  };
  const operand = (): Operand => {
    const t = peek();
    if (!t) fail(src, 'expected a column, number or string at the end');
    if (t.t === 'ident') {
      p++;
      return { kind: 'column', name: t.v };
    }
    if (t.t === 'num') {
      p++;
      return { kind: 'number', value: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { kind: 'string', value: t.v };
    }
    fail(src, `expected a column, number or string ${where()}`);
  };
  const comparison = (): ConstraintNode => {
    const left = operand();
    const t = peek();
    if (!t || t.t !== 'op') fail(src, `expected a comparison (==, !=, <, <=, >, >=) ${where()}`);
    p++;
    const right = operand();
    if (left.kind !== 'column' && right.kind !== 'column') fail(src, 'a comparison needs a column on at least one side');
    return { type: 'cmp', op: t.v, left, right };
  };
  const unary = (): ConstraintNode => {
    const t = peek();
    if (t?.t === 'not') {
      p++;
      return { type: 'not', arg: unary() };
    }
    if (t?.t === '(') {
      p++;
      const e = implies();
      expect(')');
      return e;
    }
    return comparison();
  };
  const and = (): ConstraintNode => {
    let l = unary();
    while (peek()?.t === 'and') {
      p++;
      l = { type: 'and', left: l, right: unary() };
    }
    return l;
  };
  const or = (): ConstraintNode => {
    let l = and();
    while (peek()?.t === 'or') {
      p++;
      l = { type: 'or', left: l, right: and() };
    }
    return l;
  };
  const implies = (): ConstraintNode => {
    const l = or();
    if (peek()?.t === 'implies') {
      p++;
      return { type: 'implies', left: l, right: implies() };
    }
    return l;
  };
  if (toks.length === 0) fail(src, 'empty constraint');
  const e = implies();
  if (p < toks.length) fail(src, `unexpected ${toks[p].t === 'ident' || toks[p].t === 'num' || toks[p].t === 'str' ? 'token' : `'${toks[p].t}'`} ${where()}`);
  return e;
}

/** Column names a constraint refers to. */
export function constraintColumns(node: ConstraintNode, out: Set<string> = new Set()): Set<string> {
  if (node.type === 'cmp') {
    if (node.left.kind === 'column') out.add(node.left.name);
    if (node.right.kind === 'column') out.add(node.right.name);
  } else if (node.type === 'not') constraintColumns(node.arg, out);
  else {
    constraintColumns(node.left, out);
    constraintColumns(node.right, out);
  }
  return out;
}

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;

function cmp(op: CmpOp, d: number): number {
  switch (op) {
    case '==':
      return d === 0 ? TRUE : FALSE;
    case '!=':
      return d !== 0 ? TRUE : FALSE;
    case '<':
      return d < 0 ? TRUE : FALSE;
    case '<=':
      return d <= 0 ? TRUE : FALSE;
    case '>':
      return d > 0 ? TRUE : FALSE;
    case '>=':
      return d >= 0 ? TRUE : FALSE;
  }
}

/**
 * Evaluate a parsed constraint on every row of a raw table: a Uint8Array of 0 (false), 1 (true), 2 (unknown).
 * `src` is the constraint text, used in messages. Unknown column -> UserError naming the constraint.
 */
export function evaluateConstraint(node: ConstraintNode, table: Table, src = ''): Uint8Array {
  const n = table.nRows;
  for (const c of constraintColumns(node)) {
    if (!table.columns.includes(c)) fail(src, `unknown column "${c}" (table ${table.name} has ${table.columns.length} columns)`);
  }
  const numCache = new Map<string, Float64Array>();
  const numeric = (name: string): Float64Array => {
    let v = numCache.get(name);
    if (!v) {
      const col = table.cells[table.columns.indexOf(name)];
      v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const s = col[i];
        v[i] = s === null || s.trim() === '' ? NaN : Number(s);
      }
      numCache.set(name, v);
    }
    return v;
  };
  const strings = (name: string) => table.cells[table.columns.indexOf(name)];
  const ev = (e: ConstraintNode): Uint8Array => {
    const out = new Uint8Array(n);
    if (e.type === 'cmp') {
      let { left, right, op } = e;
      if (left.kind !== 'column') {
        // put the column on the left: c OP x  <=>  x OP' c
        const flip: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
        [left, right, op] = [right, left, flip[op]];
      }
      const lname = (left as { name: string }).name;
      if (right.kind === 'number') {
        const x = numeric(lname);
        const r = right.value;
        for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[i]) ? UNKNOWN : cmp(op, x[i] < r ? -1 : x[i] > r ? 1 : 0);
      } else if (right.kind === 'string') {
        const s = strings(lname);
        const r = right.value;
        for (let i = 0; i < n; i++) {
          const v = s[i];
          out[i] = v === null ? UNKNOWN : cmp(op, v < r ? -1 : v > r ? 1 : 0);
        }
      } else {
        const sa = strings(lname);
        const sb = strings(right.name);
        const xa = numeric(lname);
        const xb = numeric(right.name);
        for (let i = 0; i < n; i++) {
          if (sa[i] === null || sb[i] === null) out[i] = UNKNOWN;
          else if (!Number.isNaN(xa[i]) && !Number.isNaN(xb[i])) out[i] = cmp(op, xa[i] < xb[i] ? -1 : xa[i] > xb[i] ? 1 : 0);
          else out[i] = cmp(op, sa[i]! < sb[i]! ? -1 : sa[i]! > sb[i]! ? 1 : 0);
        }
      }
      return out;
    }
    if (e.type === 'not') {
      const a = ev(e.arg);
      for (let i = 0; i < n; i++) out[i] = a[i] === UNKNOWN ? UNKNOWN : 1 - a[i];
      return out;
    }
    const a = ev(e.left);
    const b = ev(e.right);
    for (let i = 0; i < n; i++) {
      const x = e.type === 'implies' ? (a[i] === UNKNOWN ? UNKNOWN : 1 - a[i]) : a[i];
      const y = b[i];
      if (e.type === 'and') out[i] = x === FALSE || y === FALSE ? FALSE : x === TRUE && y === TRUE ? TRUE : UNKNOWN;
      else out[i] = x === TRUE || y === TRUE ? TRUE : x === FALSE && y === FALSE ? FALSE : UNKNOWN;
    }
    return out;
  };
  return ev(node);
}

export interface ConstraintCheck {
  constraint: string;
  /** Synthetic rows that evaluate to false. */
  violations: number;
  /** Synthetic rows whose truth is unknown (a missing or non-numeric cell in a comparison); not violations. */
  unknown: number;
  rows: number;
  /** Same count on the real table (a real violation means the constraint itself may be wrong). */
  realViolations: number;
  /** Up to maxExamples violating synthetic rows: 1-based data row and the referenced cells. */
  examples: { row: number; values: Record<string, string | null> }[];
}

/** Parse and check each constraint on the synthetic table (and count real violations beside it). */
export function checkConstraints(constraints: string[], synthetic: Table, real: Table, maxExamples = 5): ConstraintCheck[] {
  return constraints.map((src) => {
    const node = parseConstraint(src);
    const s = evaluateConstraint(node, synthetic, src);
    const r = evaluateConstraint(node, real, src);
    const cols = [...constraintColumns(node)];
    let violations = 0;
    let unknown = 0;
    const examples: ConstraintCheck['examples'] = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === FALSE) {
        violations++;
        if (examples.length < maxExamples) {
          const values: Record<string, string | null> = Object.create(null); // keyed by column name
          for (const c of cols) values[c] = synthetic.cells[synthetic.columns.indexOf(c)][i];
          examples.push({ row: i + 1, values });
        }
      } else if (s[i] === UNKNOWN) unknown++;
    }
    let realViolations = 0;
    for (let i = 0; i < r.length; i++) if (r[i] === FALSE) realViolations++;
    return { constraint: src, violations, unknown, rows: s.length, realViolations, examples };
  });
}
