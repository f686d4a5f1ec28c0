import { describe, expect, it } from 'vitest';
import { addDays, daysIn, monthsTouched, periodsOf, shopDayOf, splitByMonths } from '../src/calendar/shop-calendar.ts';

describe('shop days', () => {
  it('dates an instant by the calendar of the shop: 23:30 in Jakarta is 16:30 UTC', () => {
    expect(shopDayOf('2025-03-04T16:30:00Z', 'Asia/Jakarta')).toBe('2025-03-04');
    expect(shopDayOf('2025-03-04T16:59:59.999Z', 'Asia/Jakarta')).toBe('2025-03-04');
    expect(shopDayOf('2025-03-04T17:00:00Z', 'Asia/Jakarta')).toBe('2025-03-05');
    expect(shopDayOf('2024-12-31T17:30:00Z', 'Asia/Jakarta')).toBe('2025-01-01');
    // A zone with summer time: the same instant is another day there.
    expect(shopDayOf('2025-03-30T00:30:00Z', 'Europe/Berlin')).toBe('2025-03-30');
    expect(shopDayOf('2025-03-29T23:30:00Z', 'Europe/Berlin')).toBe('2025-03-30');
  });

  it('counts days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysIn('2024-01-01', '2024-12-31')).toBe(366);
    expect(monthsTouched('2024-11-20', '2025-01-03')).toEqual(['2024-11-01', '2024-12-01', '2025-01-01']);
  });

  it('cuts a range into whole months and the days around them', () => {
    expect(splitByMonths('2025-01-15', '2025-04-10')).toEqual({
      head: ['2025-01-15', '2025-01-31'],
      months: ['2025-02-01', '2025-03-01'],
      tail: ['2025-04-01', '2025-04-10'],
    });
    expect(splitByMonths('2025-02-01', '2025-02-28')).toEqual({ months: ['2025-02-01', '2025-02-01'] });
    expect(splitByMonths('2025-02-03', '2025-03-05')).toEqual({ head: ['2025-02-03', '2025-03-05'] });
    expect(splitByMonths('2024-12-01', '2025-01-05')).toEqual({ months: ['2024-12-01', '2024-12-01'], tail: ['2025-01-01', '2025-01-05'] });
  });

  it('cuts a range into days, Monday weeks or months, clipped to it', () => {
    expect(periodsOf('2025-03-05', '2025-03-12', 'week')).toEqual([
      { start: '2025-03-05', end: '2025-03-09' },
      { start: '2025-03-10', end: '2025-03-12' },
    ]);
    expect(periodsOf('2025-01-30', '2025-03-02', 'month').map((period) => period.start)).toEqual(['2025-01-30', '2025-02-01', '2025-03-01']);
    expect(periodsOf('2025-01-30', '2025-02-01', 'day')).toHaveLength(3);
  });
});
