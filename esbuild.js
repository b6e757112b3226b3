// Bundles the extension (and the CLI) into dist/. `--production` minifies, `--watch` rebuilds on change.
// `--host-tests` instead bundles the in-VS Code test suite (test/host) into out/host-tests/index.js.
// Required as a module (tests bundle the CLI into a folder of their own), it only exports its options.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const hostTests = process.argv.includes('--host-tests');

// Modules undici loads only on paths this project never takes, left out of the bundles (a stub in
// their place): the SIMD copy of the HTTP parser (~72 KB; undici falls back to the portable copy
// whenever the SIMD one fails to load), the body encoder for FormData/Blob request bodies (~42 KB
// with its web dependencies; every request here has a string body), the HTTP/2 client (~10 KB;
// undici offers h2 in ALPN only with `allowH2`, which no dispatcher here sets) and the SOCKS5 proxy
// agent (~11 KB with its client; src/core/proxy.ts accepts only http:// and https:// proxies). The
// first two throw when loaded; the last two are required eagerly, so their stubs load and throw
// only if used.
const NOT_BUNDLED = /undici\/lib\/(llhttp\/llhttp_simd-wasm|web\/fetch\/body|dispatcher\/client-h2|dispatcher\/socks5-proxy-agent)\.js$/;
function stubFor(file) {
  const name = JSON.stringify(path.basename(file));
  if (file.endsWith('client-h2.js')) {
    return `module.exports = function connectH2() { throw new Error(${name} + ' is not bundled (HTTP/2 is never offered)'); };`;
  }
  if (file.endsWith('socks5-proxy-agent.js')) {
    return `module.exports = class Socks5ProxyAgent { constructor() { throw new Error(${name} + ' is not bundled (SOCKS proxies are refused)'); } };`;
  }
  return `throw new Error(${name} + ' is not bundled');`;
}
const undiciUnusedPaths = {
  name: 'undici-unused-paths',
  setup(build) {
    build.onResolve({ filter: /(llhttp_simd-wasm|fetch\/body|client-h2|socks5-proxy-agent)(\.js)?$/ }, (args) => {
      const resolved = path.join(args.resolveDir, args.path.endsWith('.js') ? args.path : `${args.path}.js`);
      return NOT_BUNDLED.test(resolved.split(path.sep).join('/')) ? { path: resolved, namespace: 'not-bundled' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, (args) => ({ contents: stubFor(args.path), loader: 'js' }));
  },
};

// The extension ships undici as a bundle of its own, dist/undici.js, required on first use (the
// first request): what is not parsed at activation cannot slow it down. src/core/undici.ts requires
// ./undiciParts lazily; in the extension bundle that require points at the file beside it. The CLI
// keeps undici inline (one file).
const UNDICI_BUNDLE = 'undici.js';
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/undiciParts$/ }, () => ({ path: `./${UNDICI_BUNDLE}`, external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const extensionBuilds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [undiciApart],
  },
  {
    // package.json's main: loads dist/extension.js through V8's code cache (see src/start.ts).
    entryPoints: ['src/start.ts'],
    outfile: 'dist/start.js',
  },
  {
    entryPoints: ['src/core/undiciParts.ts'],
    outfile: `dist/${UNDICI_BUNDLE}`,
    plugins: [undiciUnusedPaths],
  },
  {
    entryPoints: ['src/cli.ts'],
    plugins: [undiciUnusedPaths],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// Provides `import suites from 'host-suites'`: every *.test.ts under test/host, loaded lazily.
const hostSuitesPlugin = {
  name: 'host-suites',
  setup(build) {
    const dir = path.join(__dirname, 'test', 'host');
    build.onResolve({ filter: /^host-suites$/ }, () => ({ path: 'host-suites', namespace: 'host-suites' }));
    build.onLoad({ filter: /.*/, namespace: 'host-suites' }, () => {
      const files = fs
        .readdirSync(dir, { recursive: true })
        .map((file) => file.split(path.sep).join('/'))
        .filter((file) => file.endsWith('.test.ts') && !file.startsWith('workspace/'))
        .sort();
      const entries = files.map(
        (file) => `  { file: ${JSON.stringify(file)}, load: () => require(${JSON.stringify(`./${file}`)}) },`,
      );
      return { contents: `export default [\n${entries.join('\n')}\n];\n`, resolveDir: dir, loader: 'js' };
    });
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const hostTestBuilds = [
  {
    entryPoints: ['test/host/index.ts'],
    outfile: 'out/host-tests/index.js',
    // mocha is loaded from node_modules at run time; vscode is provided by the extension host.
    external: ['vscode', 'mocha'],
    plugins: [hostSuitesPlugin],
  },
];

const builds = hostTests ? hostTestBuilds : extensionBuilds;

/** Full esbuild options for one of the builds above, as `main` uses them. */
function optionsFor(options, { minify = production, sourcemap = !production } = {}) {
  return {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify,
    sourcemap,
    sourcesContent: false,
    logLevel: 'silent',
    ...options,
    entryPoints: options.entryPoints.map((entry) => path.join(__dirname, entry)),
    outfile: path.join(__dirname, options.outfile),
    plugins: [...(watch ? [problemMatcherPlugin] : []), ...(options.plugins ?? [])],
  };
}

/** The CLI build's options with another output file (tests run their own copy of the bundle). */
function cliBuildOptions(outfile) {
  const cli = extensionBuilds.find((options) => options.outfile === 'dist/cli.js');
  return { ...optionsFor(cli, { minify: false, sourcemap: true }), outfile };
}

/** The production build of one of the extension's bundles (`bundle`: its dist/ path) to another file. */
function productionBuildOptions(bundle, outfile) {
  const options = extensionBuilds.find((candidate) => candidate.outfile === bundle);
  return { ...optionsFor(options, { minify: true, sourcemap: false }), outfile };
}

/** The production extension build's options with another output file (tests check what ships). */
const productionExtensionBuildOptions = (outfile) => productionBuildOptions('dist/extension.js', outfile);
/** The production build of dist/start.js (package.json's main) to another file. */
const productionStartBuildOptions = (outfile) => productionBuildOptions('dist/start.js', outfile);
/** The production build of dist/undici.js (the extension's undici, required on first use) to another file. */
const productionUndiciBuildOptions = (outfile) => productionBuildOptions(`dist/${UNDICI_BUNDLE}`, outfile);

const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  // A development build's source maps must not end up in a production package.
  if (production) for (const options of builds) fs.rmSync(`${options.outfile}.map`, { force: true });
  const contexts = await Promise.all(builds.map((options) => esbuild.context(optionsFor(options))));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  for (const context of contexts) {
    await context.rebuild();
    await context.dispose();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { cliBuildOptions, productionExtensionBuildOptions, productionStartBuildOptions, productionUndiciBuildOptions, UNDICI_BUNDLE };
