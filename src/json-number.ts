// How results.json stores a number: integers exact, other numbers rounded to 6 significant digits, -0 as 0.
// In the floor so the results path language (src/results-path.ts) and the JSON writer (reports/json.ts) share it.

/** Significant digits kept for non-integer numbers in results.json. Integers (counts, seeds) are kept exact. */
export const JSON_SIGNIFICANT_DIGITS = 6;

/** Round a finite number the way results.json stores it. */
export function roundForJson(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x; // also turns -0 into 0
  const r = Number(x.toPrecision(JSON_SIGNIFICANT_DIGITS));
  return r === 0 ? 0 : r;
}
