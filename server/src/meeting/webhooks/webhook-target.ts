import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (docs/WEBHOOKS.md, "Where webhooks may go").
 * HTTPS only; plain HTTP only to a loopback host outside production (a receiver
 * on the same machine while developing or testing). In production every address
 * the host resolves to must be public: never loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local,
 * multicast or unspecified, so a subscription cannot reach inside the network
 * (SSRF). The check runs when the subscription is made and again on every
 * connection (the resolved address itself, so DNS rebinding gets nowhere).
 */

const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Whether an IP address is on the public internet (not loopback, private, link-local, …). */
export function isPublicAddress(address: string): boolean {
  const mapped = IPV4_MAPPED.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether a URL's host is this machine by name or literal address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  return family === 6 && host === '::1';
}

/**
 * Checks a subscription's URL: returns the problem as a sentence, or null.
 * `production` turns on the HTTPS-only rule for loopback too; the address
 * check (public only) is done on resolution, by the caller.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full web address, like https://case-system.example.org/roundtable/webhooks';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address must start with https://';
  if (url.username || url.password) return 'The address must not contain a user name or password';
  if (url.hash) return 'The address must not contain a fragment (#…)';
  if (url.protocol === 'http:' && (production || !isLoopbackHost(url.hostname)))
    return production
      ? 'The address must start with https://'
      : 'The address must start with https:// (http:// only to this machine, outside production)';
  if (production) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isLoopbackHost(host) || (isIP(host) !== 0 && !isPublicAddress(host)))
      return 'The address must be on the public internet, not this machine or a private network';
  }
  return null;
}
