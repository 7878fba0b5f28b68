// Writing files all-or-nothing: each is written to a temporary file in its target folder
// (.synthaudit-<name>.<pid>.tmp) and renamed into place only when every write succeeded, so a full disk, a read-only
// folder or a signal never leaves a half-written file or a mix of two runs. Used by audit --out (outputs.ts),
// gate --out (app/gate.ts) and generate --out / --save (app/generate.ts).

import { writeFileSync, renameSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureOutputDir } from './paths.js';
import { UserError } from './errors.js';

/** File operations used to write outputs (replaceable in tests to simulate a full disk). */
export interface OutputFs {
  writeFile(path: string, content: string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export const nodeOutputFs: OutputFs = {
  writeFile: (p, c) => writeFileSync(p, c),
  rename: (a, b) => renameSync(a, b),
  remove: (p) => rmSync(p, { force: true }),
};

const TMP_PREFIX = '.synthaudit-';
const TMP_SUFFIX = '.tmp';

/** Whether the process whose id a temporary file's name carries is running (and is not this one). */
function ownerAlive(name: string): boolean {
  const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

// Node delivers a signal with a listener on the event loop, i.e. after the synchronous write/rename phase: the listener
// holds it while files are written and renamed, and re-raises it (with the default action) once they are in place. One
// listener pair serves every write in flight, so a loop of writes does not pile up listeners.
const HELD_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
let holding = false;
let releaseTimer: NodeJS.Timeout | undefined;

function reRaise(sig: NodeJS.Signals): void {
  releaseSignals();
  process.kill(process.pid, sig);
}

function releaseSignals(): void {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
  for (const s of HELD_SIGNALS) process.off(s, reRaise);
  holding = false;
}

function holdSignals(): void {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
  if (holding) return;
  for (const s of HELD_SIGNALS) process.on(s, reRaise);
  holding = true;
}

/** A signal that arrived during the phase reaches reRaise on the next turns of the event loop; after that the listener
 * goes and signals have their default action again. */
function releaseSignalsSoon(): void {
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(releaseSignals, 200);
  releaseTimer.unref();
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

/**
 * Put files into a folder all-or-nothing as far as the file system allows: write each to a temporary file, then (only
 * when every write succeeded) remove the stale names and rename the temporary files into place. Signals are held
 * during the synchronous write/rename phase. Returns the final paths by name.
 */
export function writeFilesAtomically(dir: string, contents: [string, string][], stale: string[] = [], fs: OutputFs = nodeOutputFs): Record<string, string> {
  const abs = ensureOutputDir(dir);
  // temporary files left by a run that was killed outright (SIGKILL, power loss); not those of a process still running
  // (another synthaudit writing into the same folder, e.g. generate and audit sharing the working directory)
  try {
    for (const f of readdirSync(abs)) if (f.startsWith(TMP_PREFIX) && f.endsWith(TMP_SUFFIX) && !ownerAlive(f)) fs.remove(join(abs, f));
  } catch {
    /* unreadable folder: the writes below report it */
  }
  holdSignals();
  const temps: string[] = [];
  const files: Record<string, string> = {};
  try {
    for (const [name, content] of contents) {
      const tmp = join(abs, `${TMP_PREFIX}${name}.${process.pid}${TMP_SUFFIX}`);
      temps.push(tmp);
      try {
        fs.writeFile(tmp, content);
      } catch (e) {
        for (const t of temps) {
          try {
            fs.remove(t);
          } catch {
            /* best effort */
          }
        }
        throw new UserError(`cannot write ${name} (${errCode(e)}); nothing was changed in the output folder`, { file: join(abs, name) });
      }
    }
    for (const name of stale) {
      const p = join(abs, name);
      if (existsSync(p)) {
        try {
          fs.remove(p);
        } catch (e) {
          for (const t of temps) fs.remove(t);
          throw new UserError(`cannot remove ${name} of a previous run (${errCode(e)}); nothing was changed in the output folder`, { file: p });
        }
      }
    }
    contents.forEach(([name], i) => {
      const p = join(abs, name);
      try {
        fs.rename(temps[i], p);
      } catch (e) {
        for (const t of temps.slice(i)) fs.remove(t);
        throw new UserError(`cannot put ${name} in place (${errCode(e)}); the output folder may mix files of this and a previous run`, { file: p });
      }
      files[name] = p;
    });
  } finally {
    releaseSignalsSoon();
  }
  return files;
}

