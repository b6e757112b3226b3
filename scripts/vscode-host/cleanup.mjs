// Stops what the harness started, whatever way the run ends: success, failure, Ctrl-C (SIGINT),
// SIGTERM/SIGHUP, or an uncaught error. Each process is started in its own process group
// (detached = setsid) and stopped by killing that group, then any straggler that still carries
// the run's marker variable in its environment is killed by its pid.
import fs from 'node:fs';

const cleanups = new Set();
let handlersInstalled = false;
let pass = Promise.resolve();
let signalExitCode; // set once a signal or an uncaught error has started the shutdown

/** Registers an async cleanup; returns a function that unregisters it. */
export function onCleanup(fn) {
  installHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/**
 * Runs every registered cleanup once (newest first). Concurrent callers (the normal end of a run
 * and a Ctrl-C arriving meanwhile) queue behind one another, so nobody exits half-way.
 */
export function runCleanups() {
  pass = pass.then(async () => {
    const pending = [...cleanups].reverse();
    cleanups.clear();
    for (const fn of pending) {
      try {
        await fn();
      } catch (error) {
        console.error(`[vscode-host] cleanup failed: ${error?.message ?? error}`);
      }
    }
  });
  return pass;
}

/** True once Ctrl-C/SIGTERM or an uncaught error is shutting the run down. */
export function isShuttingDown() {
  return signalExitCode !== undefined;
}

/** Cleans up, then exits — with the signal's code if a signal is what ended the run. */
export async function exitAfterCleanup(code) {
  await runCleanups();
  process.exit(signalExitCode ?? code);
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => shutDown(code, `received ${signal}, stopping`));
  }
  process.on('uncaughtException', (error) => shutDown(1, error?.stack ?? String(error)));
  process.on('unhandledRejection', (error) => shutDown(1, error?.stack ?? String(error)));
}

function shutDown(code, message) {
  if (signalExitCode !== undefined) return;
  signalExitCode = code;
  console.error(`[vscode-host] ${message}`);
  exitAfterCleanup(code);
}

/** Sends a signal to a whole process group; false when the group is gone. */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Pids of live processes whose environment contains `name=value`. */
export function pidsWithEnv(name, value) {
  const needle = `${name}=${value}\0`;
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

/** SIGTERM the group, wait for it to go, SIGKILL it, then kill marked stragglers. */
export async function stopProcessTree({ pid, exited, marker }) {
  killGroup(pid, 'SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  killGroup(pid, 'SIGKILL');
  if (marker) killMarked(marker.name, marker.value);
}

/** SIGKILLs every process whose environment carries `name=value` (only ours carry it). */
export function killMarked(name, value) {
  for (const pid of pidsWithEnv(name, value)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
