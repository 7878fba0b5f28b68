// The constraint parser/evaluator: grammar, precedence, three-valued logic for missing cells, and one-line UserErrors.
import { describe, expect, test } from 'vitest';
import { parseConstraint, evaluateConstraint, checkConstraints } from '../../../metrics/fidelity/constraints.js';
import { UserError } from '../../../src/errors.js';
import { tableOf } from './ctx.js';

const T = tableOf('syn.csv', {
  age: [25, -3, 40, null, 17],
  capital_gain: [0, 100, -5, 0, 'x'],
  relationship: ['Husband', 'Husband', 'Wife', 'Husband', null],
  sex: ['Male', 'Female', 'Female', null, 'Male'],
  'native country': ['US', 'US', 'DE', 'US', 'US'],
});
const ev = (src: string) => Array.from(evaluateConstraint(parseConstraint(src), T, src));
const F = 0;
const TT = 1;
const U = 2;

describe('constraint evaluation', () => {
  test('numeric comparisons; missing or non-numeric cells are unknown', () => {
    expect(ev('age >= 0')).toEqual([TT, F, TT, U, TT]);
    expect(ev('capital_gain >= 0')).toEqual([TT, TT, F, TT, U]);
    expect(ev('age > 17')).toEqual([TT, F, TT, U, F]);
    expect(ev('age < 18')).toEqual([F, TT, F, U, TT]);
    expect(ev('age <= 17')).toEqual([F, TT, F, U, TT]);
    expect(ev('age == 40')).toEqual([F, F, TT, U, F]);
    expect(ev('age != 40')).toEqual([TT, TT, F, U, TT]);
    expect(ev('age >= -3.0e0')).toEqual([TT, TT, TT, U, TT]);
  });
  test('the number may stand on the left: 0 <= age is age >= 0', () => {
    expect(ev('0 <= age')).toEqual(ev('age >= 0'));
    expect(ev('18 > age')).toEqual(ev('age < 18'));
  });
  test('string comparisons, both quote styles, escapes, backticked column names', () => {
    expect(ev('sex == "Male"')).toEqual([TT, F, F, U, TT]);
    expect(ev("sex != 'Male'")).toEqual([F, TT, TT, U, F]);
    expect(ev('`native country` == "DE"')).toEqual([F, F, TT, F, F]);
    expect(Array.from(evaluateConstraint(parseConstraint('q == "a\\"b"'), tableOf('t', { q: ['a"b', 'ab'] })))).toEqual([TT, F]);
  });
  test('implication with Kleene logic: relationship == "Husband" -> sex == "Male"', () => {
    // rows: H&M -> T; H&F -> F; W -> T (antecedent false); H&missing -> U; missing&M -> T (consequent true)
    expect(ev('relationship == "Husband" -> sex == "Male"')).toEqual([TT, F, TT, U, TT]);
  });
  test('and / or / not, precedence (not > and > or > ->), parentheses, symbol forms', () => {
    expect(ev('age >= 18 and sex == "Male"')).toEqual([TT, F, F, U, F]);
    expect(ev('age >= 18 or sex == "Male"')).toEqual([TT, F, TT, U, TT]);
    expect(ev('not age >= 18')).toEqual([F, TT, F, U, TT]);
    // or binds looser than and: a or b and c = a or (b and c)
    expect(ev('sex == "Male" or age >= 18 and age < 30')).toEqual(ev('sex == "Male" or (age >= 18 and age < 30)'));
    expect(ev('(sex == "Male" or age >= 18) and age < 30')).toEqual([TT, F, F, U, TT]);
    expect(ev('!(age >= 18) && sex == "Male" || age == 40')).toEqual(ev('(not age >= 18 and sex == "Male") or age == 40'));
    expect(ev('AGE_X == 1'.replace('AGE_X', 'age') + ' AND sex == "x"')).toEqual([F, F, F, U, F]);
    // -> is right-associative: a -> b -> c = a -> (b -> c)
    expect(ev('age >= 18 -> sex == "Male" -> age == 25')).toEqual(ev('age >= 18 -> (sex == "Male" -> age == 25)'));
  });
  test('column against column compares numbers when both parse, else strings', () => {
    const t = tableOf('t', { a: [1, 5, 10, null], b: [2, 5, 9, 1] });
    expect(Array.from(evaluateConstraint(parseConstraint('a <= b'), t))).toEqual([TT, TT, F, U]);
  });
});

describe('constraint errors are one-line UserErrors naming the constraint', () => {
  const bad: [string, RegExp][] = [
    ['agee >= 0', /unknown column "agee"/],
    ['age >=', /expected a column, number or string/],
    ['age 0', /expected a comparison/],
    ['(age >= 0', /expected '\)'/],
    ['age >= 0)', /unexpected/],
    ['age >= 0 and', /expected a column/],
    ['sex == "Male', /unterminated string/],
    ['age >= 0; drop table', /unexpected character ';'/],
    ['1 < 2', /needs a column/],
    ['', /empty constraint/],
    ['process.exit(1)', /expected a comparison|unexpected/],
  ];
  for (const [src, re] of bad) {
    test(JSON.stringify(src), () => {
      let err: unknown;
      try {
        ev(src);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      const msg = (err as Error).message;
      expect(msg).toContain(`constraint "${src}"`);
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    });
  }
});

describe('checkConstraints', () => {
  test('counts violations and unknowns on synthetic rows, examples with 1-based rows, real violations beside', () => {
    const real = tableOf('real.csv', { age: [30, 40, 50, 60, 70], capital_gain: [0, 0, 0, 0, 0], relationship: ['Husband', 'Wife', 'Husband', 'Husband', 'Wife'], sex: ['Male', 'Female', 'Male', 'Male', 'Female'], 'native country': ['US', 'US', 'US', 'US', 'US'] });
    const [a, b] = checkConstraints(['age >= 0', 'relationship == "Husband" -> sex == "Male"'], T, real, 5);
    expect(a).toMatchObject({ constraint: 'age >= 0', violations: 1, unknown: 1, rows: 5, realViolations: 0 });
    expect(a.examples).toEqual([{ row: 2, values: { age: '-3' } }]);
    expect(b).toMatchObject({ violations: 1, unknown: 1, realViolations: 0 });
    expect(b.examples).toEqual([{ row: 2, values: { relationship: 'Husband', sex: 'Female' } }]);
    const [c] = checkConstraints(['age >= 45'], T, real, 1);
    expect(c.realViolations).toBe(2);
    expect(c.violations).toBe(4); // 25, -3, 40, 17 (the missing age is unknown)
    expect(c.examples.length).toBe(1);
  });
});
