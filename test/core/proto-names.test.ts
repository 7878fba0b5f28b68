// Issue 14 item 8: columns and category labels named like Object.prototype members (constructor, __proto__, toString,
// hasOwnProperty) go through a full CLI audit: every name-keyed lookup is a Map or a null-prototype object, results.json
// validates and keeps every name. Drives the compiled binary asynchronously (never blocks the vitest worker).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateResult } from '../../reports/json.js';
import { valueAt } from '../../src/app/gate.js';
import { cli as runCli, CLI } from '../helpers/spawn.js';

const cli = (args: string[], timeoutMs = 60_000) => runCli(args, undefined, { timeoutMs });

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
let dir = '';
const p = (f: string) => join(dir, f);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run "npm run build"`);
  dir = mkdtempSync(join(tmpdir(), 'sa-proto-'));
  // two numeric columns and two categorical ones named after Object.prototype members; the categorical columns (and the
  // target) take those names as labels too
  const rows = (n: number, off: number) => {
    let s = NAMES.join(',') + ',label\n';
    for (let i = 0; i < n; i++) {
      const k = i * 7 + off;
      s += `${((k * 13) % 97) + 0.5},${((k * 31) % 89) + 1.25},${NAMES[k % 4]},${NAMES[(k * 3 + 1) % 4]},${NAMES[(k >> 1) % 2]}\n`;
    }
    return s;
  };
  writeFileSync(p('real.csv'), rows(160, 0));
  writeFileSync(p('holdout.csv'), rows(80, 3));
  writeFileSync(p('synth.csv'), rows(160, 5));
  writeFileSync(p('kinds.yml'), 'kinds:\n  __proto__: numeric\n  toString: categorical\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('columns and labels named like Object.prototype members', () => {
  it('a full audit (fidelity, utility, privacy with shadow models, constraints, kind overrides) writes a valid results.json keeping every name', async () => {
    const r = await cli([
      'audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'),
      '--target', 'label', '--out', p('out'), '--quiet', '--config', p('kinds.yml'),
      '--kind', 'constructor=numeric', '--kind', 'hasOwnProperty=categorical',
      '--constraint', '__proto__ <= 50', '--constraint', 'toString == "constructor"',
      '--generator', 'independent', '--shadow-sets', '40',
    ], 90_000);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(p('out/results.json'), 'utf8'));
    const check = validateResult(doc);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
    const cols = doc.data.columns.map((c: any) => [c.name, c.kind, c.source]);
    expect(cols).toEqual([
      ['constructor', 'numeric', 'override'],
      ['__proto__', 'numeric', 'override'],
      ['toString', 'categorical', 'override'],
      ['hasOwnProperty', 'categorical', 'override'],
      ['label', 'categorical', 'inferred'],
    ]);
    // a violation example keyed by the column "__proto__" is an own key, not a prototype
    const c0 = doc.fidelity.checks.constraints[0];
    expect(c0.constraint).toBe('__proto__ <= 50');
    expect(c0.violations).toBeGreaterThan(0);
    expect(Object.keys(c0.examples[0].values)).toEqual(['__proto__']);
    expect(Number(c0.examples[0].values.__proto__)).toBeGreaterThan(50);
    const c1 = doc.fidelity.checks.constraints[1];
    expect(Object.keys(c1.examples[0].values)).toEqual(['toString']);
    expect(NAMES).toContain(c1.examples[0].values.toString);
    // every column made it into the marginals, and the report was written
    expect(readFileSync(p('out/report.html'), 'utf8')).toContain('hasOwnProperty');
  }, 120_000);

  it('inferred kinds are not taken from Object.prototype (no overrides at all)', async () => {
    const r = await cli(['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--out', p('out2'), '--quiet', '--sections', 'fidelity']);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(p('out2/results.json'), 'utf8'));
    expect(validateResult(doc).valid).toBe(true);
    expect(doc.data.columns.map((c: any) => [c.name, c.kind])).toEqual([
      ['constructor', 'numeric'],
      ['__proto__', 'numeric'],
      ['toString', 'categorical'],
      ['hasOwnProperty', 'categorical'],
      ['label', 'categorical'],
    ]);
  }, 90_000);

  it('generate keeps --bounds on such columns (marginal-dp) and writes every column', async () => {
    const r = await cli(['generate', '--generator', 'marginal-dp', '--input', p('real.csv'), '--rows', '40', '--out', p('g.csv'), '--quiet', '--bounds', '__proto__=0:100', '--bounds', 'constructor=0:100']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(p('g.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe([...NAMES, 'label'].join(','));
    expect(lines).toHaveLength(41);
    for (const l of lines.slice(1)) {
      const f = l.split(',');
      expect(Number(f[0])).toBeGreaterThanOrEqual(0);
      expect(Number(f[1])).toBeLessThanOrEqual(100);
      expect(NAMES).toContain(f[2]);
    }
  }, 90_000);
});

describe('policy paths through such names', () => {
  it('a path segment never reaches Object.prototype (nor an interval bound named like one)', () => {
    const doc = { fidelity: { x: { value: 0.3, interval: [0.1, 0.5] }, cols: [{ name: 'a', tvd: 0.2 }], __proto__x: 1 } };
    for (const path of ['fidelity.constructor', 'fidelity.x.constructor', 'fidelity.x.toString', 'fidelity.x.hasOwnProperty']) {
      const v = valueAt(doc, path);
      expect(v.found, path).toBe(false);
    }
    expect(valueAt(doc, 'fidelity.x.upper')).toMatchObject({ found: true, bound: 'upper' });
    // a results.json (parsed JSON) with an own "__proto__" or "constructor" key is read like any other
    const parsed = JSON.parse('{"fidelity": {"__proto__": {"value": 0.4}, "constructor": {"value": 0.6}}}');
    expect(valueAt(parsed, 'fidelity.__proto__').measure?.value).toBe(0.4);
    expect(valueAt(parsed, 'fidelity.constructor').measure?.value).toBe(0.6);
  });
});
