/**
 * The values an attacker (or a broken client) sends, by class. Each class is a list of JSON
 * texts or raw strings, so numbers JSON cannot spell as values (`1e309`) reach the parser as sent.
 */

/** C0 controls a body's free text must not hold (tab, LF and CR are text), DEL, an unpaired surrogate. */
export const CONTROL_IN_BODY = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\ud800'].map((c) => `a${c}b`);

/** Every C0 control, for query strings and paths, where no field may span lines. */
export const CONTROL_IN_LINE = [...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)), '\u007f'].map((c) => `a${c}b`);

/** Number tokens, as JSON text, that no field should accept: overflowing, past 64 bits. */
export const OVERFLOWING_NUMBERS = ['1e309', '-1e309', '9223372036854775808', '-9223372036854775809', '18446744073709551616'];

/** What query strings may spell that JSON may not. */
export const NON_FINITE_IN_QUERY = ['1e309', '-1e309', 'Infinity', '-Infinity', 'NaN', '9223372036854775808'];

export const FRACTIONS = ['1.5', '0.0000001'];

/** Instants at the edges: a leap second, year 0, days no calendar has, past what a Date can hold. */
export const BAD_INSTANTS = [
  '2016-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '2023-02-29T10:00:00Z',
  '2023-04-31T10:00:00+07:00',
  '2023-13-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:01Z',
  'tomorrow',
];
/** Instants a read may be asked about: the far future, the first year. */
export const EDGE_INSTANTS = ['9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z'];

export const BAD_UUIDS = [
  'not-a-uuid',
  '0190f3a1-0000-7000-8000-00000000000g',
  '{0190f3a1-0000-7000-8000-000000000000}',
  '0190f3a1-0000-7000-8000-000000000000x',
  '0',
];

/** Strings that break a query, a template or a path when they are pasted into one. */
export const INJECTIONS = [
  "' OR '1'='1",
  '1; DROP TABLE catalog.books; --',
  "' UNION SELECT password_hash FROM identity.users --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${7*7}{{7*7}}',
  '%00%27',
  '\\',
];

export const MALFORMED_JSON = ['{', '{"a":', '[1,]', '{"a":1}}', 'NaN', 'Infinity', "{'a':1}", '{"a":01}', 'nul', '\u0000'];

export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=sweep',
  'application/xml',
  'application/json-patch+json',
];

export const LONG_STRING = 'x'.repeat(100_000);
/** Long, yet inside the body limit: the schema's own bound must refuse it. */
export const LONG_FIELD = 'x'.repeat(10_000);
export const HUGE_ARRAY_LENGTH = 10_000;
export const OVERSIZED_HEADER = 'h'.repeat(20_000);
