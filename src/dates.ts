// Dates and timestamps: ISO 8601 text <-> days since 1970-01-01 (UTC, proleptic Gregorian), the one numeric scale every
// date-aware part of synthaudit uses (binning, KS / Wasserstein in days, gaps between child rows, generators' output).
// A date is a whole number of days; a timestamp a fractional one. No time zones are guessed: a trailing Z or ±hh:mm
// offset is applied, a timestamp without one is read as UTC.

const DAY_MS = 86_400_000;

// YYYY-MM-DD, optionally followed by T or a space and hh:mm[:ss[.fff]] and an optional Z / ±hh:mm / ±hhmm offset
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Days since 1970-01-01 of an ISO date or timestamp, or NaN when the text is not one (or names an impossible date). */
export function parseIsoDate(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let ms = Date.UTC(y, mo - 1, d);
  if (y < 100) ms = new Date(ms).setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  if (m[4] !== undefined) {
    const hh = +m[4], mi = +m[5], ss = m[6] === undefined ? 0 : +m[6];
    if (hh > 23 || mi > 59 || ss > 59) return NaN;
    const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
    ms += ((hh * 60 + mi) * 60 + ss + frac) * 1000;
    if (m[8] !== undefined && m[8] !== 'Z') {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      const oh = +digits.slice(0, 2), om = +digits.slice(2, 4);
      if (oh > 23 || om > 59) return NaN;
      ms -= sign * (oh * 60 + om) * 60_000;
    }
  }
  return ms / DAY_MS;
}

/** Whether the text has a time part (a timestamp rather than a date). */
export function hasTimePart(s: string): boolean {
  const m = ISO.exec(s);
  return m !== null && m[4] !== undefined;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** ISO text of a day count: YYYY-MM-DD for a date (the day is floored); with `time`, YYYY-MM-DDThh:mm:ssZ (rounded to the second). */
export function formatIsoDate(days: number, time = false): string {
  if (!Number.isFinite(days)) return '';
  if (!time) {
    const d = new Date(Math.floor(days) * DAY_MS);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const d = new Date(Math.round(days * 86_400) * 1000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}
