import { describe, expect, it } from 'vitest';
import { parseIsoDate, formatIsoDate, hasTimePart } from '../../src/dates.js';

describe('ISO dates as days since 1970-01-01', () => {
  it('hand-worked day counts', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1970-01-02')).toBe(1);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
    // 2000-03-01: 30 years (7 leap days 1972..1996) = 10957 days to 2000-01-01, + 31 + 29
    expect(parseIsoDate('2000-03-01')).toBe(10957 + 31 + 29);
    expect(parseIsoDate('1993-01-01')).toBe(8401);
  });
  it('timestamps are fractional days; offsets are applied', () => {
    expect(parseIsoDate('1970-01-01T12:00:00')).toBe(0.5);
    expect(parseIsoDate('1970-01-01 06:00')).toBe(0.25);
    expect(parseIsoDate('1970-01-02T00:00:00+12:00')).toBe(0.5);
    expect(parseIsoDate('1970-01-01T00:00:00-0600')).toBe(0.25);
    expect(parseIsoDate('1970-01-01T00:00:00.5Z')).toBeCloseTo(0.5 / 86400, 15);
    expect(hasTimePart('1970-01-01T00:00')).toBe(true);
    expect(hasTimePart('1970-01-01')).toBe(false);
  });
  it('rejects what is not a real date', () => {
    for (const s of ['', '1993-02-29', '2000-13-01', '2000-00-10', '1993-1-1', '01/02/1993', '1993-01-01T25:00', 'x1993-01-01', '930101']) {
      expect(parseIsoDate(s), s).toBeNaN();
    }
    expect(parseIsoDate('1996-02-29')).toBe(parseIsoDate('1996-03-01') - 1);
    expect(parseIsoDate('1900-02-29')).toBeNaN();
    expect(parseIsoDate('2000-02-29')).not.toBeNaN();
  });
  it('formatting inverts parsing', () => {
    for (const s of ['1970-01-01', '1993-01-01', '1998-12-31', '2000-02-29', '1969-07-20', '0050-06-15']) expect(formatIsoDate(parseIsoDate(s))).toBe(s);
    expect(formatIsoDate(0.5, true)).toBe('1970-01-01T12:00:00Z');
    expect(formatIsoDate(1.9)).toBe('1970-01-02');
    expect(formatIsoDate(NaN)).toBe('');
  });
});
