// A section or attack that did not run, with the reason (shown in CLI output and the report): the one shape for it,
// its constructor and its guard.

export interface Skipped {
  skipped: true;
  reason: string;
}

export function skip(reason: string): Skipped {
  return { skipped: true, reason };
}

export function isSkipped(x: unknown): x is Skipped {
  return typeof x === 'object' && x !== null && (x as Skipped).skipped === true;
}
