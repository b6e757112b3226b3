// esbuild.js's own options for dist/cli.js and dist/extension.js, pointed at another output file, so
// tests build exactly what ships without touching dist/ (which anyone's `node esbuild.js` may be rewriting).
import type { BuildOptions } from 'esbuild';

const esbuildOptions = require('../../../esbuild.js');

export const cliBuildOptions: (outfile: string) => BuildOptions = esbuildOptions.cliBuildOptions;
export const productionExtensionBuildOptions: (outfile: string) => BuildOptions =
  esbuildOptions.productionExtensionBuildOptions;
/** dist/start.js, package.json's main: loads dist/extension.js through V8's code cache. */
export const productionStartBuildOptions: (outfile: string) => BuildOptions = esbuildOptions.productionStartBuildOptions;
export const productionUndiciBuildOptions: (outfile: string) => BuildOptions = esbuildOptions.productionUndiciBuildOptions;
/** The file name of the extension's undici bundle, beside dist/extension.js. */
export const UNDICI_BUNDLE: string = esbuildOptions.UNDICI_BUNDLE;
