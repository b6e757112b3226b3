// The machine a run was made on, for the results and the published table.
import os from 'node:os';
import { loadAverage } from './load';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  platform: string;
  /** Load averages (1, 5, 15 min) at the start and end of the run: other work on the machine. */
  loadStart: number[];
  loadEnd?: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadStart: loadAverage(),
  };
}
