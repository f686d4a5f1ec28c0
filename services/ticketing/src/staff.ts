import type { Caller } from '@pustaka/kit/auth';

/** The roles that run events and may act on any member's bookings and holds. */
export const STAFF = ['staff', 'admin'] as const;

export function isStaff(caller: Caller | null): boolean {
  return caller !== null && (STAFF as readonly string[]).includes(caller.role);
}
