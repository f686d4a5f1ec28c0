import type { DiscoveryContext } from '../discovery-context.ts';
import { addDays, firstDayOf, LONGEST_SALES_WINDOW, SALES_WINDOWS, utcDay } from './sales-decay.ts';
import { deleteSalesDaysBefore, letDaysOutOfWindow, lockSalesWindowsToday, setSalesWindowsToday } from './sales-windows.repository.ts';

/**
 * Moves the popular-books windows on to the clock's day (UTC), in one transaction: each window
 * lets go of the sales of the days that fell out of it, and the day rows no window holds any more
 * are forgotten. A day the windows already reached changes nothing, so the job may run often;
 * after days without it, one run catches up. Returns how many days the windows moved.
 *
 * @example
 *   scheduleJob({ ..., run: async () => { await rollSalesWindows(ctx); } });
 */
export async function rollSalesWindows(ctx: DiscoveryContext): Promise<number> {
  const today = utcDay(ctx.now());
  return ctx.db.transaction().execute(async (trx) => {
    const before = await lockSalesWindowsToday(trx);
    if (today <= before) return 0;
    for (const days of SALES_WINDOWS) {
      await letDaysOutOfWindow(trx, days, firstDayOf(days, before), addDays(firstDayOf(days, today), -1));
    }
    await deleteSalesDaysBefore(trx, firstDayOf(LONGEST_SALES_WINDOW, today));
    await setSalesWindowsToday(trx, today);
    return Math.round((Date.parse(today) - Date.parse(before)) / 86_400_000);
  });
}
