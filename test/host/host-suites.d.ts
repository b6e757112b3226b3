// The virtual module that `node esbuild.js --host-tests` generates: one entry per
// test/host/**/*.test.ts, each evaluated only when load() is called (after mocha's globals exist).
declare module 'host-suites' {
  const suites: ReadonlyArray<{ file: string; load(): void }>;
  export default suites;
}
