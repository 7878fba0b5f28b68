// Private temporary folders (mode 0700) for data handed to external commands, removed on every exit path: the finally of
// their user, the process's 'exit' event, and SIGINT / SIGTERM / SIGHUP (the handler kills the external command's process
// group first, removes the folders, then lets the signal end the process as it would have).
//
// Folders are named <prefix><pid>-XXXXXX so that the main thread also finds the ones a worker thread created (signals
// are only delivered to the main thread). A folder whose external command is running holds CHILD_PGID_FILE (written by
// the command wrapper, see generators/command.ts): the process group to kill before the folder is removed.

import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const TEMP_PREFIX = 'synthaudit-gen-';
export const CHILD_PGID_FILE = '.child-pgid';

const live = new Set<string>();
let installed = false;

function prefixOfThisProcess(): string {
  return `${TEMP_PREFIX}${process.pid}-`;
}

/** Create a private temporary folder (0700), registered for removal on exit and on SIGINT / SIGTERM / SIGHUP. */
export function makeTempDir(): string {
  installCleanupHandlers();
  const dir = mkdtempSync(join(tmpdir(), prefixOfThisProcess()));
  chmodSync(dir, 0o700);
  live.add(dir);
  return dir;
}

function killGroupOf(dir: string): void {
  let pgid: number;
  try {
    pgid = Number(readFileSync(join(dir, CHILD_PGID_FILE), 'utf8').trim());
  } catch {
    return;
  }
  if (Number.isInteger(pgid) && pgid > 1) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function removeDir(dir: string): void {
  killGroupOf(dir);
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  } catch {
    // best effort: nothing more can be done on the way out
  }
}

/** Remove a temporary folder now (kills a command still running in it). */
export function removeTempDir(dir: string): void {
  removeDir(dir);
  live.delete(dir);
}

/** Remove every temporary folder of this process, including those created by worker threads. */
export function cleanupTempDirs(): void {
  for (const d of live) removeDir(d);
  live.clear();
  let names: string[] = [];
  const base = tmpdir();
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  const mine = prefixOfThisProcess();
  for (const n of names) if (n.startsWith(mine)) removeDir(join(base, n));
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onSignal(sig: NodeJS.Signals): void {
  cleanupTempDirs();
  process.removeListener(sig, onSignal);
  // end the process as the signal would have, unless the application handles it itself
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

/** Install the exit and signal handlers once (main thread only: workers get no signals). */
export function installCleanupHandlers(): void {
  if (installed || !isMainThread) return;
  installed = true;
  process.on('exit', cleanupTempDirs);
  for (const s of SIGNALS) process.on(s, onSignal);
}
