// Which vendor host a request was addressed to. The real vendors serve each CleverTap region and
// EngageLab data centre on its own host, and an account exists only on its own: the fakes read the
// Host header (the host the client put in the URL), so a test can send to the real host names
// through `routeEveryHostTo` and see the wrong region refused. A loopback Host means the client was
// pointed at the fake with USER_ERASURE_<VENDOR>_BASE_URL (one address for every region): accepted.
import net from 'node:net';
import { Agent, type Dispatcher } from 'undici';

/** The host name of a Host header, lower-cased, without port or IPv6 brackets. */
export function hostNameOf(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

export function isLoopbackHostName(name: string): boolean {
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * The region a request was addressed to: `'any'` for a loopback Host (base URL override),
 * the region of a known vendor host, or undefined for a host the vendor does not serve.
 */
export function regionOfHost(hostHeader: string | undefined, hosts: Readonly<Record<string, string>>): string | undefined {
  const name = hostNameOf(hostHeader);
  if (isLoopbackHostName(name)) return 'any';
  return hosts[name];
}

/**
 * An undici dispatcher that opens every connection to `fakeUrl` whatever the URL's host (and in
 * plain HTTP even for https:// URLs), so the client can use the vendors' real host names and the
 * fake sees them in the Host header. Close it after use.
 */
export function routeEveryHostTo(fakeUrl: string): Dispatcher {
  const { hostname, port } = new URL(fakeUrl);
  return new Agent({
    connect: (_options, callback) => {
      const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
      socket.once('connect', () => callback(null, socket));
      socket.once('error', (error) => callback(error, null));
      return socket;
    },
  });
}
