// Issue 17: SIGINT while the output folder is written used to leave new and old files mixed (and a half-written
// file). Now a signal that arrives during the write/rename phase is held until every file is in place, then takes
// effect: the folder holds either the previous run's files or this run's, never a mix, and no temporary files.

import { describe, it, expect, beforeAll } from 'vitest';
import { run } from '../helpers/spawn.js';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { baseResult } from '../reports/fixtures.js';

const OUTPUTS = resolve(__dirname, '../../dist/src/app/outputs.js');
const GATE = resolve(__dirname, '../../dist/src/app/gate.js');

beforeAll(() => {
  if (!existsSync(OUTPUTS)) throw new Error(`${OUTPUTS} missing: run "npm run build"`);
});

/** A child process that writes the folder twice; during the second write it sends itself SIGINT after the first file. */
const SCRIPT = `
const { writeOutputs, nodeOutputFs } = await import(${JSON.stringify(OUTPUTS)});
const { parsePolicy } = await import(${JSON.stringify(GATE)});
const fs = await import('node:fs');
const [dir, resPath] = process.argv.slice(2);
const result = JSON.parse(fs.readFileSync(resPath, 'utf8'));
await writeOutputs(dir, result, { load: 1 }, { policy: parsePolicy({ name: 'first', rules: ['meta.seed > 0'] }) });
let n = 0;
const interrupting = { ...nodeOutputFs, writeFile(p, c) { nodeOutputFs.writeFile(p, c); if (++n === 1) process.kill(process.pid, 'SIGINT'); } };
await writeOutputs(dir, { ...result, meta: { ...result.meta, seed: 99 } }, { load: 2 }, { fs: interrupting });
// still running here: the signal is held until the folder is complete
fs.writeFileSync(dir + '.reached', 'yes');
await new Promise((r) => setTimeout(r, 2000));
fs.writeFileSync(dir + '.survived', 'yes');
`;

describe('output folder under SIGINT', () => {
  it('finishes the folder, then exits by the signal; no stale junit.xml, no temporary files', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sa-sig-'));
    const dir = join(base, 'out');
    const res = join(base, 'result.json');
    writeFileSync(res, JSON.stringify(baseResult()));
    const script = join(base, 'run.mjs');
    writeFileSync(script, SCRIPT);
    const r = await run(process.execPath, [script, dir, res], { timeoutMs: 60_000 });
    expect(r.err).toBe('');
    expect(r.signal).toBe('SIGINT');
    expect(existsSync(dir + '.reached')).toBe(true);
    expect(existsSync(dir + '.survived')).toBe(false);
    // the second run's files, all of them, and nothing of the first run (its junit.xml is gone)
    expect(readdirSync(dir).sort()).toEqual(['headlines.csv', 'report.html', 'results.json', 'summary.md', 'timings.json']);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).meta.seed).toBe(99);
    expect(JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8')).stages.load).toBe(2);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('seed 99');
  }, 120_000);
});
