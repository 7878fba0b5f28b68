// Benchmark harness: each case is timed over repetitions (min / median), results printed as a table and written
// to bench/results/latest.json with the core count. A benchmark, never a timed unit test.

export interface BenchCase {
  /** Stage name, e.g. 'fidelity.tvd' or 'learner.rf100.fit'. */
  name: string;
  reps?: number;
  /** Runs once, untimed; its value is passed to run(). */
  setup?: () => unknown | Promise<unknown>;
  /** The timed work. May return a record of numbers (accuracy, AUC...) to report beside the time. */
  run: (state: any) => unknown | Promise<unknown>;
}

export interface BenchResult {
  name: string;
  reps: number;
  minMs: number;
  medianMs: number;
  extra?: unknown;
}

export async function runCases(cases: BenchCase[], defaultReps = 3): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const c of cases) {
    const state = c.setup ? await c.setup() : undefined;
    const reps = c.reps ?? defaultReps;
    const times: number[] = [];
    let extra: unknown;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      extra = await c.run(state);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const res: BenchResult = { name: c.name, reps, minMs: times[0], medianMs: times[Math.floor(reps / 2)], extra: extra ?? undefined };
    out.push(res);
    process.stdout.write(`${c.name.padEnd(48)} min ${res.minMs.toFixed(1).padStart(9)} ms  median ${res.medianMs.toFixed(1).padStart(9)} ms${extra && typeof extra === 'object' ? '  ' + JSON.stringify(extra) : ''}\n`);
  }
  return out;
}
