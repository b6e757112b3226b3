// The parts of undici this project uses, required one by one: undici's entry module also loads
// fetch, WebSocket, mocks, caches and interceptors, which would add ~230 KB to the extension bundle.
// Types come from the package as usual.
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const ProxyAgent: typeof Undici.ProxyAgent = require('undici/lib/dispatcher/proxy-agent');
export const Pool: typeof Undici.Pool = require('undici/lib/dispatcher/pool');

// undici's entry module adds its API methods to every dispatcher (Object.assign(Dispatcher.prototype,
// api)); ProxyAgent relies on one of them, `connect`, to open CONNECT tunnels through the proxy's
// client. Without it every proxied request fails with "this[kClient].connect is not a function".
const DispatcherClass: typeof Undici.Dispatcher = require('undici/lib/dispatcher/dispatcher');
const dispatcherPrototype = DispatcherClass.prototype as unknown as { connect?: unknown };
dispatcherPrototype.connect ??= require('undici/lib/api/api-connect');

const dispatchRequest: (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData> =
  require('undici/lib/api/api-request');

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>;

/** undici's `request(url, options)`, sent through the given dispatcher (never the global one). */
export function request(dispatcher: Undici.Dispatcher, url: string, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const parsed = new URL(url);
  return dispatchRequest.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
