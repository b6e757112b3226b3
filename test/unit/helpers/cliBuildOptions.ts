// esbuild.js's own options for dist/cli.js, pointed at another output file, so tests run the CLI
// exactly as it ships without touching dist/ (which anyone's `node esbuild.js` may be rewriting).
import type { BuildOptions } from 'esbuild';

export const cliBuildOptions: (outfile: string) => BuildOptions = require('../../../esbuild.js').cliBuildOptions;
