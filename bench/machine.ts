// The machine a run happened on, for the record beside its figures.
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform } from 'node:os';
import type { MachineDescription } from './report.js';

function cpuModelFromProcCpuinfo(): string | undefined {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    return line?.split(':')[1]?.trim() || undefined;
  } catch {
    return undefined; // not Linux
  }
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpus()[0]?.model.trim() || cpuModelFromProcCpuinfo() || 'unknown CPU',
    // availableParallelism honours CPU affinity (taskset), which cpus().length ignores.
    cores: availableParallelism(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}
