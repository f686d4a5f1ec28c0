import ipaddr from 'ipaddr.js';

/**
 * What a client address counts as when limiting abuse: an IPv4 address itself, an IPv6 address
 * its /64. One subscriber usually holds a whole /64 and may use any address in it, so counting
 * single IPv6 addresses would hand one attacker billions of fresh allowances. An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`, what a dual-stack socket reports) counts as its IPv4 address.
 *
 * @example
 *   clientNetwork('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 */
export function clientNetwork(address: string): string {
  // The kit always hands over an address; anything else is kept as it is rather than merged.
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (!(parsed instanceof ipaddr.IPv6)) return parsed.toString();
  return `${new ipaddr.IPv6([...parsed.parts.slice(0, 4), 0, 0, 0, 0]).toRFC5952String()}/64`;
}
