import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/fetch/fetch-feed.js';

describe('isPrivateAddress', () => {
  it.each([
    // IPv4 loopback, "this network", RFC 1918, CGNAT, link-local / cloud metadata
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['10.0.0.1', true],
    ['10.255.255.255', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.15.255.255', false],
    ['172.32.0.0', false],
    ['192.168.1.1', true],
    ['192.169.0.1', false],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.63.255.255', false],
    ['100.128.0.0', false],
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['169.255.0.1', false],
    // multicast, reserved, broadcast, documentation, benchmarking
    ['224.0.0.1', true],
    ['239.255.255.250', true],
    ['240.0.0.1', true],
    ['255.255.255.255', true],
    ['192.0.2.10', true],
    ['198.18.0.1', true],
    // public IPv4
    ['1.1.1.1', false],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['11.0.0.1', false],
    ['126.255.255.255', false],
    ['128.0.0.1', false],
    // IPv6 unspecified, loopback, link-local, unique-local, multicast
    ['::', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['febf:ffff::1', true],
    ['fec0::1', true],
    ['fc00::1', true],
    ['fd12:3456:789a::1', true],
    ['ff02::1', true],
    ['2001:db8::1', true],
    // IPv4 embedded in IPv6
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:8.8.8.8', false],
    ['::127.0.0.1', true],
    ['64:ff9b::127.0.0.1', true],
    ['64:ff9b::8.8.8.8', false],
    ['2002:7f00:1::1', true],
    ['2002:0808:0808::1', false],
    // public IPv6
    ['2606:4700:4700::1111', false],
    ['2001:4860:4860::8888', false],
    ['2a00:1450:4007:80f::200e', false],
    ['fe7f::1', false],
    // not an address: fail closed
    ['example.com', true],
    ['', true],
    ['256.0.0.1', true],
  ])('%s -> %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});
