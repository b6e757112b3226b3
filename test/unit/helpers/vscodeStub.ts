// Lets plain-Node tests import modules that `import * as vscode from 'vscode'` at top level (e.g. the
// command list) without running them: every property of the stub is another stub, callable and
// constructible. Import this module before the modules under test.
import Module from 'node:module';

/** Answers any property with a stub; the bundler's namespace object inherits from it. */
const anyProperty: object = new Proxy(
  {},
  {
    get: (_target, property) => (property === 'then' || typeof property === 'symbol' ? undefined : stub()),
  },
);

function stub(): unknown {
  return new Proxy(function vscodeStub() {}, {
    get: (_target, property) => (property === 'prototype' ? {} : property === 'then' || typeof property === 'symbol' ? undefined : stub()),
    getPrototypeOf: () => anyProperty,
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

const vscode = stub();
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const original = loader._load;
loader._load = function load(request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscode : original.call(this, request, ...rest);
};
