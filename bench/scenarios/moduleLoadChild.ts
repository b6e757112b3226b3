// Child-process entry (a fresh Node per measurement): evaluates the given bundles one after the
// other with a stub in place of the `vscode` module, and prints how long each require took. Says
// how much of activation is module evaluation alone, and which bundle it is spent in.
import '../../test/unit/helpers/vscodeStub';

const files = process.argv.slice(2);
const ms: number[] = [];
for (const file of files) {
  const started = performance.now();
  require(file);
  ms.push(performance.now() - started);
}
process.stdout.write(`${JSON.stringify({ ms })}\n`);
