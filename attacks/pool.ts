// Runs shadow-model tasks on worker threads (node:worker_threads) or in-process, collecting results by task id so the output
// does not depend on scheduling (Stadler et al. 2022 / TAPAS shadow modelling); progress and ETA go through ctx.progress.

import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgressTask } from '../src/progress.js';
import { UserError } from '../src/errors.js';
import { auxEncoded, runShadowTask, type ShadowInit, type ShadowTask } from './shadow-task.js';

/**
 * Path of the compiled worker script: next to this module when running from dist, else (vitest running the .ts sources)
 * the file under dist/attacks/ of the project root. Null when it does not exist (run in-process instead).
 */
export function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const p = here.endsWith('.js') ? join(dirname(here), 'shadow-worker.js') : join(resolve(dirname(here), '..'), 'dist', 'attacks', 'shadow-worker.js');
  return existsSync(p) ? p : null;
}

export interface PoolReport {
  workers: number;
  /** Why the run fell back to in-process, if it did. */
  note?: string;
}

export async function runShadowTasks(init: ShadowInit, tasks: ShadowTask[], nWorkers: number, progress: ProgressTask, report: PoolReport, opts: { queueAll?: boolean } = {}): Promise<Float64Array[]> {
  const out: Float64Array[] = new Array(tasks.length);
  const script = nWorkers > 0 ? workerScript() : null;
  if (nWorkers > 0 && !script) report.note = 'compiled worker script not found (run `npm run build`); ran in-process';
  if (!script || nWorkers <= 0 || tasks.length === 0) {
    report.workers = 0;
    const aux = auxEncoded(init);
    for (let i = 0; i < tasks.length; i++) {
      out[i] = runShadowTask(init, aux, tasks[i]);
      progress.tick();
      // let the event loop breathe (progress output, signals) every few tasks
      if (i % 8 === 7) await new Promise((r) => setImmediate(r));
    }
    return out;
  }
  const w = Math.min(nWorkers, tasks.length);
  report.workers = w;
  // Short in-process tasks (a few ms each): every task is queued up front, a contiguous share per worker, so that the workers
  // never wait for a main thread busy with other attacks; tasks cost about the same, so the shares stay balanced. An external
  // command's tasks are long and uneven: two in flight per worker, the next sent on each reply.
  const inFlight = opts.queueAll ? Math.ceil(tasks.length / w) : 2;
  const byId = new Map<number, number>();
  tasks.forEach((t, i) => byId.set(t.id, i));
  let next = 0;
  let done = 0;
  let unreported = 0;
  let tickScheduled = false;
  const flushTicks = () => {
    tickScheduled = false;
    if (unreported > 0) progress.tick(unreported);
    unreported = 0;
  };
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let failed = false;
      const fail = (e: Error) => {
        if (!failed) {
          failed = true;
          rejectAll(e);
        }
      };
      for (let k = 0; k < w; k++) {
        const worker = new Worker(script, { workerData: init });
        workers.push(worker);
        const feed = () => {
          if (next < tasks.length) worker.postMessage(tasks[next++]);
        };
        worker.on('message', (msg: { id: number; features?: Float64Array; error?: string; user?: boolean }) => {
          if (msg.error) return fail(msg.user ? new UserError(msg.error) : new Error(`shadow task ${msg.id} failed in a worker: ${msg.error}`));
          out[byId.get(msg.id)!] = msg.features!;
          done++;
          unreported++;
          if (done === tasks.length) {
            flushTicks();
            resolveAll();
          } else {
            // replies that queued up while the main thread ran other work arrive in one burst: one tick for the burst, so the
            // progress line (and its ETA) sees the real count
            if (!tickScheduled) {
              tickScheduled = true;
              setImmediate(flushTicks);
            }
            feed();
          }
        });
        worker.on('error', (e) => fail(e));
        worker.on('exit', (code) => {
          if (code !== 0 && done < tasks.length) fail(new Error(`shadow worker exited with code ${code}`));
        });
        // tasks in flight per worker: enough to keep it busy while the main thread runs other work (the other attacks)
        for (let f = 0; f < inFlight; f++) feed();
      }
    });
  } finally {
    await Promise.all(workers.map((x) => x.terminate()));
  }
  return out;
}
