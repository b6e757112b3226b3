// The parts of undici this project uses, required one by one: undici's entry module also loads
// fetch, WebSocket, mocks, caches and interceptors, which would add ~230 KB to the extension bundle.
// Each part is required on first use (the first request or dispatcher), not when the extension
// activates: undici and the Node modules it pulls in (net, tls, zlib…) cost more to evaluate than
// the rest of activation. Types come from the package as usual.
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

/** A class whose module is required the first time an instance is made. */
function onFirstUse<T extends abstract new (...args: never[]) => unknown>(load: () => T): T {
  let loaded: (new (...args: unknown[]) => unknown) | undefined;
  return function construct(...args: unknown[]) {
    loaded ??= (withDispatcherApi(), load()) as unknown as new (...args: unknown[]) => unknown;
    return new loaded(...args);
  } as unknown as T;
}

export const Agent = onFirstUse<typeof Undici.Agent>(() => require('undici/lib/dispatcher/agent'));
export const ProxyAgent = onFirstUse<typeof Undici.ProxyAgent>(() => require('undici/lib/dispatcher/proxy-agent'));
export const Pool = onFirstUse<typeof Undici.Pool>(() => require('undici/lib/dispatcher/pool'));

let dispatcherApiAdded = false;

// undici's entry module adds its API methods to every dispatcher (Object.assign(Dispatcher.prototype,
// api)); ProxyAgent relies on one of them, `connect`, to open CONNECT tunnels through the proxy's
// client. Without it every proxied request fails with "this[kClient].connect is not a function".
function withDispatcherApi(): void {
  if (dispatcherApiAdded) return;
  dispatcherApiAdded = true;
  const DispatcherClass: typeof Undici.Dispatcher = require('undici/lib/dispatcher/dispatcher');
  const dispatcherPrototype = DispatcherClass.prototype as unknown as { connect?: unknown };
  dispatcherPrototype.connect ??= require('undici/lib/api/api-connect');
}

type DispatchRequest = (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;
let dispatchRequest: DispatchRequest | undefined;

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>;

/** undici's `request(url, options)`, sent through the given dispatcher (never the global one). */
export function request(dispatcher: Undici.Dispatcher, url: string, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const parsed = new URL(url);
  dispatchRequest ??= require('undici/lib/api/api-request') as DispatchRequest;
  return dispatchRequest.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
