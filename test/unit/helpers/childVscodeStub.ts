// For tests that load a bundle in a fresh Node (`node -e`): script text to put before the require.
// It answers `require('vscode')` with a stub on which every property, call and `new` gives another
// stub, and lists every module required afterwards in `required`.
export const STUB_VSCODE_IN_CHILD = `
  const Module = require('node:module');
  const any = new Proxy({}, { get: (_t, p) => (p === 'then' || typeof p === 'symbol' ? undefined : stub()) });
  const stub = () => new Proxy(function () {}, { get: (_t, p) => (p === 'prototype' ? {} : p === 'then' || typeof p === 'symbol' ? undefined : stub()), getPrototypeOf: () => any, construct: () => stub(), apply: () => stub() });
  const vscode = stub();
  const load = Module._load;
  const required = [];
  Module._load = function (request, ...rest) { required.push(request); return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
`;
