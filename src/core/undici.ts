// undici as this project uses it (never its entry module, which also loads fetch, WebSocket, mocks,
// caches and interceptors: ~230 KB more). Its parts (./undiciParts) are required the first time a
// dispatcher is made or a request sent, not when the extension activates: undici and the Node
// modules it pulls in (net, tls, zlib…) cost more to load than the rest of activation. Types come
// from the package as usual.
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

type Parts = typeof import('./undiciParts');
let parts: Parts | undefined;
const undiciParts = (): Parts => (parts ??= require('./undiciParts') as Parts);

type Constructor = new (...args: never[]) => unknown;

/** A class whose module is required the first time an instance is made. */
function onFirstUse<T extends Constructor>(pick: (parts: Parts) => T): T {
  return function construct(...args: never[]) {
    return new (pick(undiciParts()))(...args);
  } as unknown as T;
}

export const Agent = onFirstUse((p) => p.Agent);
export const ProxyAgent = onFirstUse((p) => p.ProxyAgent);
export const Pool = onFirstUse((p) => p.Pool);

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>;

/** undici's `request(url, options)`, sent through the given dispatcher (never the global one). */
export function request(dispatcher: Undici.Dispatcher, url: string, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const parsed = new URL(url);
  return undiciParts().dispatchRequest.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
