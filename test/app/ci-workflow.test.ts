// docs/ci/synthaudit.yml, the GitHub Actions recipe in the README: its steps' commands run as a script here (with the
// locally built CLI for `npx synthaudit` and German credit for the data), so the recipe in the docs is one that works.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { run, CLI, assertCliBuilt } from '../helpers/spawn.js';
import { sharedText } from '../helpers/data.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}

const WORKFLOW = resolve(__dirname, '../../docs/ci/synthaudit.yml');

describe('the CI recipe (docs/ci/synthaudit.yml)', () => {
  const wf = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: { audit: { env: Record<string, string>; steps: Step[] } } };
  const job = wf.jobs.audit;
  const steps = job.steps;
  const auditIdx = steps.findIndex((s) => s.run?.includes('synthaudit audit'));

  it('fails the job on the audit step, and the summary and report steps still run (if: always())', () => {
    expect(auditIdx).toBeGreaterThan(0);
    for (const s of steps.slice(auditIdx + 1)) expect(s.if, s.name).toBe('always()');
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.if === 'always()')).toBe(true);
  });

  it('its commands run: the audit exits 0 or 1 with a verdict, and the summary lands in $GITHUB_STEP_SUMMARY', async () => {
    assertCliBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'synthaudit-ci-recipe-'));
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'data/train.csv'), sharedText('german_credit', 'train'));
    writeFileSync(join(dir, 'data/holdout.csv'), sharedText('german_credit', 'holdout'));
    // the "synthetic" table: the training rows themselves, which the default policy must fail
    writeFileSync(join(dir, 'out/synthetic.csv'), sharedText('german_credit', 'train'));
    const summary = join(dir, 'step-summary.md');
    const env = { ...process.env, ...job.env, TARGET: 'class', GITHUB_STEP_SUMMARY: summary };
    // every run step after the install, in order, `npx synthaudit` being the CLI built here
    const commands = steps.slice(auditIdx).filter((s) => s.run).map((s) => s.run!.replace(/\bnpx synthaudit\b/g, `node ${JSON.stringify(CLI)}`));
    expect(commands.length).toBe(2);
    const audit = await run('bash', ['-c', commands[0]], { cwd: dir, env, timeoutMs: 150_000 });
    expect(audit.err).toBe('');
    expect(audit.code).toBe(1); // copies of the training rows fail the default policy
    const post = await run('bash', ['-c', commands[1]], { cwd: dir, env });
    expect(post.code).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^## ❌ synthaudit: policy `default` failed/);
    expect(Buffer.byteLength(md)).toBeLessThan(2048);
    expect(existsSync(join(dir, 'audit/report.html'))).toBe(true);
  }, 160_000);
});
