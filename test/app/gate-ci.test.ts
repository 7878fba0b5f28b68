// The CI surface of the gate (issue 16, item 5): built-in policies by name, --json on stdout for audit and gate,
// gate --quiet, and rules on sections the audit was told not to run are "not evaluated", not "missing".
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadPolicy, DEFAULT_POLICY_PATH, builtinPolicyNames, evaluatePolicy, gateRun } from '../../src/app/gate.js';
import { UserError } from '../../src/errors.js';
import { upgradeResults } from '../../src/app/results-v1/index.js';
import { richResult } from '../reports/fixtures.js';
import { generatorClaim } from '../../reports/html.js';
import { sharedPath } from '../helpers/data.js';
import { cli, assertCliBuilt } from '../helpers/spawn.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'synthaudit-gate-ci-'));

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

describe('built-in policies by name', () => {
  it('"default" is the bundled default policy', () => {
    expect(builtinPolicyNames()).toContain('default');
    const byName = loadPolicy('default');
    const byPath = loadPolicy(DEFAULT_POLICY_PATH);
    expect({ ...byName, source: undefined }).toEqual({ ...byPath, source: undefined });
    expect(byName.rules.length).toBeGreaterThan(5);
  });
  it('an unknown name is a one-line error listing the built-in policies', () => {
    expect(() => loadPolicy('strictest')).toThrow(UserError);
    expect(() => loadPolicy('strictest')).toThrow(/policy file not found \(nor a built-in policy: default/);
    // a path is never taken for a name
    expect(() => loadPolicy('./default')).toThrow(/policy file not found$/);
  });
});

describe('gate output formats', () => {
  it('--json prints the verdict as JSON, --quiet prints nothing, text prints the rule lines; the exit code is the same', async () => {
    const d = tmp();
    const policy = loadPolicy('default');
    // a real audit's results (German credit, made by the CLI; see test/fixtures/results-v1/README.md)
    const doc = JSON.parse(gunzipSync(readFileSync(join(__dirname, '../fixtures/results-v1/german-results-v1.json.gz'))).toString('utf8'));
    const results = join(d, 'results.json');
    writeFileSync(results, JSON.stringify(doc));
    const outs = (['text', 'json', 'quiet'] as const).map((f) => {
      const out = sink();
      const err = sink();
      const code = gateRun(results, 'default', undefined, out, err, undefined, f);
      expect(err.text()).toBe('');
      return { code, out: out.text() };
    });
    // the gate converts the version-1 file first (docs/results-v2.md)
    const expected = evaluatePolicy(upgradeResults(doc) as unknown as Parameters<typeof evaluatePolicy>[0], policy);
    expect(outs.map((o) => o.code)).toEqual([1, 1, 1].map(() => (expected.passed ? 0 : 1)));
    expect(outs[0].out).toMatch(/^policy "default": (PASSED|FAILED)/);
    expect(JSON.parse(outs[1].out)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(outs[2].out).toBe('');
  });
});

describe('sections the audit did not run', () => {
  it('rules on a section left out by --sections are not evaluated, with the reason; a section asked for but absent still fails', () => {
    const r = richResult();
    const policy = loadPolicy('default');
    const onlyFidelity = { ...r, meta: { ...r.meta, options: { ...r.meta.options, sections: ['fidelity'] } }, utility: undefined, privacy: undefined };
    const v = evaluatePolicy(onlyFidelity, policy);
    const privacyRules = v.rules.filter((x) => x.path.startsWith('privacy.'));
    expect(privacyRules.length).toBeGreaterThan(3);
    for (const x of privacyRules) {
      expect(x.passed).toBeNull();
      expect(x.message).toBe('not evaluated: the privacy section was not run (--sections fidelity)');
    }
    // the same file claiming every section was asked for: the required privacy rules fail as missing
    const asked = { ...onlyFidelity, meta: { ...onlyFidelity.meta, options: { ...onlyFidelity.meta.options, sections: ['fidelity', 'utility', 'privacy'] } } };
    const w = evaluatePolicy(asked, policy);
    const required = w.rules.filter((x) => x.path.startsWith('privacy.') && !policy.rules.find((p) => p.path === x.path)?.optional);
    expect(required.length).toBeGreaterThan(3);
    for (const x of required) expect(x.passed).toBe(false);
    expect(w.passed).toBe(false);
  });
});

describe('audit --json', () => {
  it('prints {files, verdict} on stdout; with --sections fidelity the default policy judges fidelity only', async () => {
    assertCliBuilt();
    const d = tmp();
    const real = sharedPath('german_credit', 'train');
    const r = await cli(['audit', '--real', real, '--holdout', sharedPath('german_credit', 'holdout'), '--synthetic', real, '--sections', 'fidelity', '--policy', 'default', '--json', '--quiet', '--out', d], undefined, { timeoutMs: 100_000 });
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc.files).sort()).toContain('results.json');
    expect(doc.files['results.json']).toBe(join(d, 'results.json'));
    const privacy = doc.verdict.rules.filter((x: { path: string }) => x.path.startsWith('privacy.'));
    expect(privacy.length).toBeGreaterThan(3);
    expect(privacy.every((x: { passed: unknown }) => x.passed === null)).toBe(true);
    // the real table audited as its own synthetic copy: fidelity is perfect, so the fidelity rules pass
    const fid = doc.verdict.rules.filter((x: { path: string }) => x.path.startsWith('fidelity.'));
    expect(fid.length).toBeGreaterThan(1);
    expect(fid.every((x: { passed: unknown }) => x.passed === true)).toBe(true);
    expect(r.code).toBe(0);
    // no output file holds a local path (issue 16): inputs are named by file name and sha256
    for (const f of Object.values(doc.files) as string[]) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toContain(dirname(real));
      expect(text, f).not.toContain(d);
    }
    const results = JSON.parse(readFileSync(join(d, 'results.json'), 'utf8'));
    expect(results.meta.inputs.map((i: { file: string }) => i.file)).toEqual(['train.csv.gz', 'holdout.csv.gz', 'train.csv.gz']);
  }, 110_000);
});

describe('report header', () => {
  it('states the generator and its claim in words', () => {
    expect(generatorClaim({})).toBe('generator: not stated (shadow-model attacks not run)');
    expect(generatorClaim({ privacy: { generator: { name: 'marginal-dp', options: { epsilon: 1 } } } })).toBe('generator: marginal-dp, claims ε = 1');
    expect(generatorClaim({ privacy: { generator: { name: 'identity', options: {} } } })).toBe('generator: identity');
    expect(generatorClaim({ privacy: { generator: { name: 'command', options: { command: 'x', claim: { kind: 'dp', epsilon: 2, delta: 1e-5 } } } } })).toBe('generator: an external command, claims ε = 2, δ = 1.00e-5');
    expect(generatorClaim({ privacy: { generator: { name: 'command', options: { command: 'x' } } } })).toBe('generator: an external command, no DP claim stated');
  });
});
