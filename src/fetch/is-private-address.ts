import { isIPv4, isIPv6 } from 'node:net';

/**
 * Address ranges a public feed must never make us connect to: loopback, private networks,
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, "this network", multicast,
 * reserved and documentation ranges.
 */
const PRIVATE_IPV4: readonly (readonly [base: string, prefix: number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT, RFC 6598
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const PRIVATE_IPV6: readonly (readonly [base: string, prefix: number])[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['fc00::', 7], // unique local
  ['ff00::', 8], // multicast
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
];

/** IPv6 ranges whose low 32 bits are an IPv4 address that decides the classification. */
const EMBEDDED_IPV4_LOW: readonly (readonly [base: string, prefix: number])[] = [
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['64:ff9b::', 96], // NAT64
];

/** 6to4: 2002:AABB:CCDD::/48 embeds IPv4 AA.BB.CC.DD in bits 16..47. */
const SIX_TO_FOUR: readonly [base: string, prefix: number] = ['2002::', 16];

/** A range as numbers, parsed once: `value & mask === base`. */
interface Ipv4Range {
  readonly base: number;
  readonly mask: number;
}

interface Ipv6Range {
  readonly base: bigint;
  readonly shift: bigint;
}

const IPV4_RANGES: readonly Ipv4Range[] = PRIVATE_IPV4.map(([base, prefix]) => {
  const mask = prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
  return { base: (parseIpv4(base) & mask) >>> 0, mask };
});
const IPV6_RANGES: readonly Ipv6Range[] = PRIVATE_IPV6.map(ipv6Range);
const EMBEDDED_RANGES: readonly Ipv6Range[] = EMBEDDED_IPV4_LOW.map(ipv6Range);
const SIX_TO_FOUR_RANGE: Ipv6Range = ipv6Range(SIX_TO_FOUR);

/**
 * True for loopback, RFC 1918, link-local, unique-local, CGNAT, unspecified, multicast and
 * reserved addresses, including IPv4 addresses embedded in IPv6 (`::ffff:127.0.0.1`).
 * Anything that is not a valid IP address is treated as private (fail closed).
 */
export function isPrivateAddress(ip: string): boolean {
  const address = stripZone(ip);
  if (isIPv4(address)) return isPrivateIpv4(parseIpv4(address));
  if (isIPv6(address)) return isPrivateIpv6(parseIpv6(address));
  return true;
}

function stripZone(ip: string): string {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const percent = bare.indexOf('%');
  return percent === -1 ? bare : bare.slice(0, percent);
}

function isPrivateIpv4(value: number): boolean {
  for (const { base, mask } of IPV4_RANGES) if ((value & mask) >>> 0 === base) return true;
  return false;
}

function isPrivateIpv6(value: bigint): boolean {
  if (IPV6_RANGES.some((range) => inIpv6Range(value, range))) return true;
  if (EMBEDDED_RANGES.some((range) => inIpv6Range(value, range))) return isPrivateIpv4(Number(value & 0xffff_ffffn));
  if (inIpv6Range(value, SIX_TO_FOUR_RANGE)) return isPrivateIpv4(Number((value >> 80n) & 0xffff_ffffn));
  return false;
}

function ipv6Range([base, prefix]: readonly [string, number]): Ipv6Range {
  const shift = BigInt(128 - prefix);
  return { base: parseIpv6(base) >> shift, shift };
}

function inIpv6Range(value: bigint, range: Ipv6Range): boolean {
  return value >> range.shift === range.base;
}

/** `a.b.c.d` (already validated) to an unsigned 32-bit integer. */
function parseIpv4(address: string): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** A validated IPv6 address (with `::` and an optional dotted IPv4 tail) to a 128-bit integer. */
function parseIpv6(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array.from({ length: missing }, () => '0'), ...restGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
