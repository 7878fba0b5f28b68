// Issue 17 acceptance: a generator that outputs verbatim training rows while claiming epsilon = 1 (a lying claim, stated
// through --claim-epsilon for an external command) is caught by the DP-claim check and fails the default policy.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare, type Prepared } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { shadowMia } from '../../attacks/shadow.js';
import { evaluateRule, loadPolicy, DEFAULT_POLICY_PATH } from '../../src/app/gate.js';
import { loadShared, subsample } from '../helpers/data.js';

const P: Prepared = prepare(subsample(loadShared('adult', 'train'), 1500, 51), subsample(loadShared('adult', 'holdout'), 3000, 52), subsample(loadShared('adult', 'holdout'), 10, 53));

function ctx(): AuditContext {
  const empty = (name: string) => ({ name, columns: [], cells: [], nRows: 0 });
  return { schema: P.schema, domain: P.domain, real: P.real, holdout: P.holdout, synthetic: P.synthetic, tables: { real: empty('r'), holdout: empty('h'), synthetic: empty('s') }, rng: new Rng(7), progress: silentProgress, options: {} };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-lying-'));
  // the "generator": writes the first {rows} rows of its training input verbatim (cycling if it has fewer)
  writeFileSync(
    join(dir, 'copy.js'),
    `const fs = require('fs'); const [i, o, n] = process.argv.slice(2); const L = fs.readFileSync(i, 'utf8').split(/\\r?\\n/).filter((l) => l.length);
     const out = [L[0]]; for (let k = 0; k < Number(n); k++) out.push(L[1 + (k % (L.length - 1))]); fs.writeFileSync(o, out.join('\\n') + '\\n');`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a lying DP claim (issue 17)', () => {
  it('verbatim copies claimed as epsilon = 1: the empirical bound exceeds the claim and the default policy fails', async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'copy.js'))} {input} {output} {rows}`;
    const r = await shadowMia(ctx(), {
      generator: { name: 'command', options: { command, claim: { kind: 'dp', epsilon: 1, delta: 0 } } },
      nTrainSets: 20, nTestSets: 40, trainSize: 200, nVulnerable: 1, nRandom: 0, nTrees: 30, workers: 0,
    });
    const d = r.dpCheck!;
    expect(d.status).toBe('violation');
    expect(d.worstEpsilonLb).toBeGreaterThan(1);
    expect(d.cap).toBeGreaterThan(1); // the claim was testable with these settings
    const rule = loadPolicy(DEFAULT_POLICY_PATH).rules.find((x) => x.path === 'privacy.shadowMia.dpCheck.violation')!;
    expect(evaluateRule({ privacy: { shadowMia: r } }, rule).passed).toBe(false);
  }, 240_000);
});
