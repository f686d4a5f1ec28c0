/**
 * A plausible address with an optional surrounding whitespace (trimmed by `normaliseEmail`). Each
 * part excludes the separator that follows it, so matching stays linear on hostile input.
 */
export const EMAIL_PATTERN = '^\\s*[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+\\s*$';

/** 254 is the longest deliverable address; the slack allows the whitespace we trim. */
export const EMAIL_MAX_LENGTH = 320;

/** One spelling per mailbox, so `Ana@Example.com ` and `ana@example.com` are one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
