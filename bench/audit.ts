// The default audit on Adult, as the demo runs it (issue 15 item 1: target <= 10 s wall on this machine): the shipped
// train/holdout copies, a marginal-dp (epsilon 1) synthetic table made once (untimed), then the whole audit with the demo's
// constraints and shadow-model sizes, repeated. Writes bench/results/audit-stages.json: per stage the median and min wall
// milliseconds over the repetitions, the process CPU time (all threads), the 1-minute load average before each run (the
// machine's two cores are shared: read times beside the load), and the sha256 of each run's results.json text as
// writeOutputs renders it (identical across runs: same inputs and seed).
// Environment: SYNTHAUDIT_BENCH_AUDIT_REPS (default 3).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, loadavg } from 'node:os';
import type { BenchCase } from './harness.js';
import { packageRoot } from '../src/paths.js';
import { silentProgress } from '../src/progress.js';
import { DEFAULT_SEED } from '../src/rng.js';
import { generateCommand } from '../src/app/generate.js';
import { runAudit, type AuditOptions } from '../src/app/audit.js';
import { renderJson } from '../reports/json.js';
import { redactExamples } from '../reports/redact.js';

const REPS = Number(process.env.SYNTHAUDIT_BENCH_AUDIT_REPS ?? 3);

/** The demo's audit options (src/app/commands.ts demoCmd, without --full). */
function demoAudit(synthetic: string): AuditOptions {
  const demo = join(packageRoot(), 'data', 'demo');
  return {
    real: join(demo, 'adult-train.csv.gz'),
    holdout: join(demo, 'adult-holdout.csv.gz'),
    synthetic,
    target: 'income',
    seed: DEFAULT_SEED,
    fidelity: { constraints: ['age >= 17', 'capital_gain >= 0', 'capital_loss >= 0', 'hours_per_week >= 1', 'relationship == "Husband" -> sex == "Male"', 'relationship == "Wife" -> sex == "Female"'] },
    privacy: {
      generator: { name: 'marginal-dp', options: { epsilon: 1 } },
      shadow: { nVulnerable: 5, nRandom: 0, nTrainSets: 100, nTestSets: 60 },
      shadowAia: { nVulnerable: 3, nRandom: 0, nTrainSets: 60, nTestSets: 40 },
    },
  };
}

interface Run {
  wallMs: number;
  cpuMs: number;
  load1: number;
  stages: Record<string, number>;
  resultsSha256: string;
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const cases: BenchCase[] = [
  {
    name: 'audit.adult.default (demo settings)',
    reps: 1,
    setup: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'synthaudit-bench-audit-'));
      const synth = join(dir, 'synthetic.csv');
      await generateCommand({ generator: 'marginal-dp', input: join(packageRoot(), 'data', 'demo', 'adult-train.csv.gz'), rows: 32561, out: synth, epsilon: 1, seed: DEFAULT_SEED }, silentProgress);
      return { dir, synth };
    },
    run: async (state: { dir: string; synth: string }) => {
      const runs: Run[] = [];
      for (let r = 0; r < REPS; r++) {
        const load1 = loadavg()[0];
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const { result, timings } = await runAudit(demoAudit(state.synth));
        const cu = process.cpuUsage(c0);
        runs.push({
          wallMs: Math.round(performance.now() - t0),
          cpuMs: Math.round((cu.user + cu.system) / 1000),
          load1: Math.round(load1 * 100) / 100,
          stages: timings,
          resultsSha256: createHash('sha256').update(renderJson(redactExamples(result))).digest('hex'),
        });
      }
      rmSync(state.dir, { recursive: true, force: true });
      const stageNames = Object.keys(runs[0].stages);
      const summary = {
        date: new Date().toISOString(),
        reps: REPS,
        wall: { medianMs: median(runs.map((x) => x.wallMs)), minMs: Math.min(...runs.map((x) => x.wallMs)) },
        cpu: { medianMs: median(runs.map((x) => x.cpuMs)) },
        load1: { median: median(runs.map((x) => x.load1)) },
        stages: Object.fromEntries(stageNames.map((s) => [s, { medianMs: median(runs.map((x) => x.stages[s])), minMs: Math.min(...runs.map((x) => x.stages[s])) }])),
        identicalResults: runs.every((x) => x.resultsSha256 === runs[0].resultsSha256),
        runs,
      };
      const out = join(packageRoot(), 'bench', 'results');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'audit-stages.json'), JSON.stringify(summary, null, 2) + '\n');
      process.stdout.write(`  stages (median ms over ${REPS}): ${stageNames.map((s) => `${s} ${summary.stages[s].medianMs}`).join(', ')}; load ${summary.load1.median}\n`);
      return { wallMedianMs: summary.wall.medianMs, cpuMedianMs: summary.cpu.medianMs, load1: summary.load1.median, identicalResults: summary.identicalResults };
    },
  },
];
