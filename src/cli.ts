// user-erasure: the headless face of the same engine as the extension (bundled to dist/cli.js).
// Whatever happens — including a crash — only redacted text reaches standard output and error.
import { environmentRedactor, runCli } from './cli/main';
import { setFlagsFromString } from 'node:v8';
import { useVendorCatalog } from './core/catalog';
import { productCatalog } from './vendors';

// A 1,000,000-ID job holds about 150 MB, but by default V8 lets the heap grow to up to 4× what
// the last full collection kept before it collects again, so garbage alone took the process past
// 400 MB. A batch process can afford a few more full collections: the heap grows by half at most.
// (This process only; the extension host never runs this file.)
setFlagsFromString('--heap-growing-percent=50');

useVendorCatalog(productCatalog());
const redactor = environmentRedactor(process.env);

function crash(error: unknown): never {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    process.stderr.write(`user-erasure: unexpected error: ${redactor.redactText(text)}\n`);
  } catch {
    // nothing more can be said
  }
  process.exit(1);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// A reader that went away (e.g. `| head`) is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : crash(error)));

runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  forceExit: (status) => process.exit(status),
}, redactor).then(
  // Explicit exit: idle keep-alive sockets must not hold the process; the output is already written.
  (status) => process.exit(status),
  crash,
);
