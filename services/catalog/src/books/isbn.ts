/*
 * A checksum validator of our own rather than `isbn3`: isbn3 also checks the number against the
 * ISBN agency's range table bundled in its release, so it rejects checksum-valid ISBNs from ranges
 * allocated since (about half of all checksum-valid 979 numbers when tried), and its typings
 * declare global types. A shop must accept any ISBN printed on a book it receives.
 */

const ISBN10 = /^\d{9}[\dX]$/;
const ISBN13 = /^97[89]\d{10}$/;

/**
 * The ISBN-13 of an ISBN-10 or ISBN-13 written with or without hyphens and spaces, or `undefined`
 * when it is not one (wrong length, stray characters, bad check digit).
 *
 * @example
 *   normalizeIsbn('0-306-40615-2'); // '9780306406157'
 */
export function normalizeIsbn(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (ISBN13.test(compact)) return checkDigit13(compact.slice(0, 12)) === compact[12] ? compact : undefined;
  if (ISBN10.test(compact) && checkDigit10(compact.slice(0, 9)) === compact[9]) {
    const body = `978${compact.slice(0, 9)}`;
    return body + checkDigit13(body);
  }
  return undefined;
}

/** The check digit of the first twelve digits of an ISBN-13 (weights 1,3,1,3,…). */
export function checkDigit13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** The check character of the first nine digits of an ISBN-10 (weights 10..2, mod 11, 10 is X). */
export function checkDigit10(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}
