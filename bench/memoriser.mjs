#!/usr/bin/env node
// A leaking test generator for the shadow-model attack ("outlier memoriser"): outputs rows sampled from independent
// per-column marginals of its input, except that every input row holding a rare value is copied verbatim: a categorical-like
// value (column with <= 50 distinct values) seen at most twice, or a numeric value outside the input's 1st-99th percentiles.
// Usage: node bench/memoriser.mjs INPUT OUTPUT ROWS SEED (plain CSV without quoted commas).
import { readFileSync, writeFileSync } from 'node:fs';
const [input, output, rowsArg, seedArg] = process.argv.slice(2);
const n = Number(rowsArg);
let s = (Number(seedArg) >>> 0) || 1;
const rand = () => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s / 4294967296;
};
const lines = readFileSync(input, 'utf8').split(/\r?\n/).filter((l) => l.length);
const header = lines[0];
const rows = lines.slice(1).map((l) => l.split(','));
const p = rows[0].length;
const rare = new Uint8Array(rows.length);
for (let j = 0; j < p; j++) {
  const col = rows.map((r) => r[j]);
  const counts = new Map();
  for (const v of col) counts.set(v, (counts.get(v) ?? 0) + 1);
  const nums = col.map(Number);
  const numeric = nums.every((x, i) => col[i] === '' || Number.isFinite(x));
  if (counts.size <= 50) col.forEach((v, i) => { if (counts.get(v) <= 2) rare[i] = 1; });
  else if (numeric) {
    const sorted = nums.filter(Number.isFinite).sort((a, b) => a - b);
    const lo = sorted[Math.floor(0.01 * (sorted.length - 1))];
    const hi = sorted[Math.ceil(0.99 * (sorted.length - 1))];
    nums.forEach((x, i) => { if (x < lo || x > hi) rare[i] = 1; });
  }
}
const out = [];
rows.forEach((r, i) => { if (rare[i] && out.length < n) out.push(r.join(',')); });
while (out.length < n) out.push(Array.from({ length: p }, (_, j) => rows[Math.floor(rand() * rows.length)][j]).join(','));
writeFileSync(output, header + '\n' + out.join('\n') + '\n');
