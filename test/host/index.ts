// In-host test runner: VS Code loads the bundle of this file (out/host-tests/index.js) as
// `extensionTestsPath` and calls run() inside the extension host. It runs every
// test/host/**/*.test.ts with mocha (bdd) and writes the report to the file named by
// USER_ERASURE_HOST_TEST_LOG (the harness relays it) and to the console, prefixed.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import suites from 'host-suites';
import { useVendorCatalog } from '../../src/core/catalog';
import { productCatalog } from '../../src/vendors';
import { hostReporter } from './reporter';

const CONSOLE_PREFIX = '[user-erasure-host]';

export async function run(): Promise<void> {
  // This bundle has its own copy of core/catalog: the suites' own calls (describeTarget…) use the
  // product's vendors, as the extension's composition root does.
  useVendorCatalog(productCatalog());
  const write = lineWriter(process.env.USER_ERASURE_HOST_TEST_LOG);
  let failures: number;
  try {
    failures = await runMocha(write);
  } catch (error) {
    // e.g. a test file that throws while loading: say so in the log, not only in VS Code's console
    write(`host runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}

async function runMocha(write: (line: string) => void): Promise<number> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: hostReporter(write),
    ...(process.env.USER_ERASURE_HOST_GREP ? { grep: process.env.USER_ERASURE_HOST_GREP } : {}),
  });
  for (const suite of suites) {
    // The files are bundled, not loaded by mocha: give them mocha's globals, then evaluate them.
    mocha.suite.emit('pre-require', globalThis, suite.file, mocha);
    suite.load();
    mocha.suite.emit('post-require', globalThis, suite.file, mocha);
  }
  return new Promise<number>((resolve) => mocha.run(resolve));
}

function lineWriter(logFile: string | undefined): (line: string) => void {
  if (logFile) fs.writeFileSync(logFile, '');
  return (line) => {
    if (logFile) fs.appendFileSync(logFile, `${line}\n`);
    console.log(`${CONSOLE_PREFIX} ${line}`);
  };
}
