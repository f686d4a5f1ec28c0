/**
 * The id of the bench's member number `n`, the same in the driver and the server, so a round of
 * notifications needs no list of members sent over.
 *
 * @example
 *   benchMemberId(0); // '00000000-0000-4000-8000-000000000000'
 */
export function benchMemberId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
