// Parameters of the timing model: the guest config's machine section (cache sizes, clock, NUMA
// latencies) plus the memory size and the associativities, and the check that a cache shape can be
// indexed by masks. Defaults follow the paper's SimOS setup and the R10000 (docs/timing.md).

import { PAGE_SIZE } from '../physicalMemory';
import { cacheShapeProblem } from './cacheModel';
import type { LatencyParams } from './latency';

/** Associativity of the R10000's L1 caches and board cache. */
export const DEFAULT_WAYS = 2;

/** Cache sizes, as in the guest config's machine.caches. */
export interface CacheSizes {
  readonly l1iKB: number;
  readonly l1dKB: number;
  readonly l2KB: number;
  readonly lineBytes: number;
}

/** What the model needs: the guest config's machine section plus the memory size in bytes. */
export interface TimingParams extends LatencyParams {
  readonly caches: CacheSizes;
  /** Associativity of each L1 cache; DEFAULT_WAYS when absent. */
  readonly l1Ways?: number;
  /** Associativity of the board cache; DEFAULT_WAYS when absent. */
  readonly l2Ways?: number;
}

/** Every reason the parameters cannot be modelled, each starting with the field's name. */
export function timingParamProblems(p: TimingParams): string[] {
  const out: string[] = [];
  const int = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) out.push(`${name}: ${v} is not an integer from ${min} to ${max}`);
  };
  int('cpus', p.cpus, 1, 32);
  int('nodes', p.nodes, 1, 32);
  if (!Number.isInteger(p.memoryBytes) || p.memoryBytes <= 0 || p.memoryBytes % PAGE_SIZE !== 0 || p.memoryBytes > 2 ** 31) {
    out.push(`memoryBytes: ${p.memoryBytes} is not a whole number of 4 KB pages up to 2 GB`);
  }
  if (!(p.clockMHz > 0)) out.push(`clockMHz: ${p.clockMHz} must be positive`);
  if (!(p.localMissNs >= 0)) out.push(`localMissNs: ${p.localMissNs} must not be negative`);
  if (!(p.remoteMissNs >= 0)) out.push(`remoteMissNs: ${p.remoteMissNs} must not be negative`);
  if (p.l2HitCycles !== undefined) int('l2HitCycles', p.l2HitCycles, 0, 100000);
  const c = p.caches;
  const shape = (name: string, kb: number, ways: number): void => {
    const problem = cacheShapeProblem(kb * 1024, c.lineBytes, ways);
    if (problem !== undefined) out.push(`caches.${name}: ${problem}`);
  };
  shape('l1iKB', c.l1iKB, p.l1Ways ?? DEFAULT_WAYS);
  shape('l1dKB', c.l1dKB, p.l1Ways ?? DEFAULT_WAYS);
  shape('l2KB', c.l2KB, p.l2Ways ?? DEFAULT_WAYS);
  return out;
}

/** The guest config's timing defaults (docs/config.md): 200 MHz, 32+32 KB L1, 1 MB board cache, 128-byte lines, 300/900 ns. */
export const DEFAULT_TIMING: Omit<TimingParams, 'cpus' | 'nodes' | 'memoryBytes'> = {
  clockMHz: 200,
  localMissNs: 300,
  remoteMissNs: 900,
  caches: { l1iKB: 32, l1dKB: 32, l2KB: 1024, lineBytes: 128 },
};

/** The timing fields of the guest config's machine section (structurally MachineConfig). */
export interface MachineTimingFields extends Omit<LatencyParams, 'memoryBytes' | 'l2HitCycles'> {
  readonly memoryMB: number;
  readonly caches: CacheSizes;
}

/** TimingParams for a machine described by the guest config (memory in MB, default associativity). */
export function timingParamsOf(machine: MachineTimingFields): TimingParams {
  const { cpus, nodes, clockMHz, localMissNs, remoteMissNs, caches, memoryMB } = machine;
  return { cpus, nodes, clockMHz, localMissNs, remoteMissNs, caches, memoryBytes: memoryMB * 1024 * 1024 };
}
