import { randomInt } from 'node:crypto';

/** No 0/O or 1/I: a code read aloud at the door or typed from a screenshot has one reading. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

/**
 * A short booking code: 8 characters of 32, about 10^12 codes, so a clash is rare; the unique
 * constraint on `bookings.code` catches the rare one and the booking is written again with another.
 *
 * @example
 *   newBookingCode(); // 'K7MQ2XWD'
 */
export function newBookingCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
