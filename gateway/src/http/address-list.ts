/**
 * Address lists (IP addresses, CIDRs, and the names `loopback`, `linklocal`, `uniquelocal`, as Express's
 * `trust proxy` reads them), matched with Node's own BlockList. An IPv4 address seen as IPv4-mapped
 * IPv6 (`::ffff:127.0.0.1`) matches as IPv4.
 */
import { BlockList, isIP } from 'node:net';

const NAMED_RANGES: Readonly<Record<string, readonly [string, number, 'ipv4' | 'ipv6'][]>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** A matcher for the entries (each already validated as an address, a CIDR or a range name). */
export function addressList(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const named = NAMED_RANGES[entry];
    if (named) {
      for (const [network, prefix, family] of named) list.addSubnet(network, prefix, family);
      continue;
    }
    const [address = '', prefix] = entry.split('/');
    if (prefix === undefined) list.addAddress(address, familyOf(address));
    else list.addSubnet(address, Number(prefix), familyOf(address));
  }
  return (address) => {
    if (address === undefined || isIP(address) === 0) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const plain = mapped ?? address;
    return list.check(plain, familyOf(plain));
  };
}
