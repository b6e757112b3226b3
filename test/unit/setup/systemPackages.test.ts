// `npm start` / `npm test` on a fresh machine: missing system packages are installed with apt-get
// when running as root, else named in one command — and never reported as installed when they are not.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Run = (command: string, args: string[], env: Record<string, string>) => number;
interface Options { rerun?: string; log?: (line: string) => void; probes?: Record<string, () => boolean>; root?: boolean; hasAptGet?: boolean; run?: Run }
interface SystemPackages {
  ensureSystemPackages(names: string[], options?: Options): void;
  aptCommand(names: string[], options: { root: boolean }): string;
  PROBES: Record<string, () => boolean>;
  BROWSER_PACKAGES: string[];
  CODE_SERVER_BUILD_PACKAGES: string[];
}

const ROOT = path.resolve(__dirname, '../../..');

describe('system packages for npm start / npm test', () => {
  let sp: SystemPackages;
  before(async () => {
    sp = (await import(pathToFileURL(path.join(ROOT, 'scripts/setup/system-packages.mjs')).href)) as SystemPackages;
  });

  /** A machine where `installed` are present; apt-get install adds packages when `aptWorks`. */
  function machine(installed: string[], { aptWorks = true, updateStatus = 0 } = {}) {
    const present = new Set(installed);
    const calls: { command: string; args: string[]; env: Record<string, string> }[] = [];
    const probes = Object.fromEntries(Object.keys(sp.PROBES).map((name) => [name, () => present.has(name)]));
    const run: Run = (command, args, env) => {
      calls.push({ command, args, env });
      if (args[0] === 'update') return updateStatus;
      if (aptWorks) args.filter((a) => !a.startsWith('-') && a !== 'install').forEach((name) => present.add(name));
      return 0;
    };
    return { calls, probes, run, present, log: () => {} };
  }

  it('does nothing when everything is there', () => {
    const m = machine(Object.keys(sp.PROBES));
    sp.ensureSystemPackages([...sp.BROWSER_PACKAGES, ...sp.CODE_SERVER_BUILD_PACKAGES], { ...m, root: false, hasAptGet: true });
    assert.deepEqual(m.calls, []);
  });

  it('as root with apt-get: apt-get update, then one non-interactive install of only the missing packages', () => {
    const m = machine(['g++', 'make', 'python3', 'pkg-config']);
    sp.ensureSystemPackages(['chromium', ...sp.CODE_SERVER_BUILD_PACKAGES], { ...m, root: true, hasAptGet: true });
    assert.deepEqual(m.calls.map((c) => [c.command, ...c.args]), [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'libkrb5-dev'],
    ]);
    assert.ok(m.calls.every((c) => c.env.DEBIAN_FRONTEND === 'noninteractive'));
  });

  it('not root: one message with the exact command, nothing run', () => {
    const m = machine(['chromium', 'make', 'python3', 'pkg-config']);
    assert.throws(
      () => sp.ensureSystemPackages(['chromium', ...sp.CODE_SERVER_BUILD_PACKAGES], { ...m, root: false, hasAptGet: true, rerun: 'npm start' }),
      (error: Error) => {
        assert.match(error.message, /missing system packages: libkrb5-dev, g\+\+/);
        assert.ok(error.message.includes('sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev g++\n'), error.message);
        assert.match(error.message, /then run npm start again/);
        return true;
      },
    );
    assert.deepEqual(m.calls, []);
  });

  it('without apt-get: names the packages', () => {
    const m = machine([]);
    assert.throws(() => sp.ensureSystemPackages(['chromium'], { ...m, root: true, hasAptGet: false }), /missing system packages: chromium \(Debian\/Ubuntu names\)/);
    assert.deepEqual(m.calls, []);
  });

  it('a failed apt-get update stops with the command to run by hand, before any install', () => {
    const m = machine([], { updateStatus: 100 });
    assert.throws(() => sp.ensureSystemPackages(['chromium'], { ...m, root: true, hasAptGet: true }), /apt-get update failed \(exit 100\)[\s\S]*apt-get install -y --no-install-recommends chromium/);
    assert.deepEqual(m.calls.map((c) => c.args[0]), ['update']);
  });

  it('an apt-get that exits 0 without installing is not taken for an install', () => {
    const m = machine([], { aptWorks: false });
    assert.throws(() => sp.ensureSystemPackages(['chromium', 'make'], { ...m, root: true, hasAptGet: true }), /still missing after apt-get install: chromium, make/);
  });

  it('the command a non-root user is told to run installs with sudo', () => {
    assert.equal(sp.aptCommand(['chromium'], { root: false }), 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium');
    assert.equal(sp.aptCommand(['chromium'], { root: true }), 'apt-get update && apt-get install -y --no-install-recommends chromium');
  });
});
