import { describe, expect, it } from 'vitest';
import { clientNetwork } from '../src/auth/client-network.ts';

describe('identity: the network a client address counts as', () => {
  it('counts an IPv4 address as itself', () => {
    expect(clientNetwork('192.0.2.10')).toBe('192.0.2.10');
    expect(clientNetwork('127.0.9.1')).not.toBe(clientNetwork('127.0.9.2'));
  });

  it('counts every IPv6 address of one /64 as the same network, and another /64 apart', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:2::1')).toBe(clientNetwork('2001:0db8:0001:0002:ffff::9'));
    expect(clientNetwork('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientNetwork('::ffff:192.0.2.10')).toBe('192.0.2.10');
  });
});
