// The parts of undici this project uses, in one module that ./undici requires on first use. The
// extension ships it as a bundle of its own (dist/undici.js, see esbuild.js), so the ~170 KB of
// undici are not even parsed when the extension activates; the CLI bundles it inline.
import type * as Undici from 'undici';

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const ProxyAgent: typeof Undici.ProxyAgent = require('undici/lib/dispatcher/proxy-agent');
export const Pool: typeof Undici.Pool = require('undici/lib/dispatcher/pool');

// undici's entry module adds its API methods to every dispatcher (Object.assign(Dispatcher.prototype,
// api)); ProxyAgent relies on one of them, `connect`, to open CONNECT tunnels through the proxy's
// client. Without it every proxied request fails with "this[kClient].connect is not a function".
const DispatcherClass: typeof Undici.Dispatcher = require('undici/lib/dispatcher/dispatcher');
const dispatcherPrototype = DispatcherClass.prototype as unknown as { connect?: unknown };
dispatcherPrototype.connect ??= require('undici/lib/api/api-connect');

export const dispatchRequest: (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData> =
  require('undici/lib/api/api-request');
