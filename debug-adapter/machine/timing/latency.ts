// Latencies of the timing model in emulated CPU cycles, and the NUMA map of the FLASH-like machine
// (Disco paper §2.1: minimum miss latency 300 ns local, 900 ns remote). Machine memory is split
// evenly among the nodes, node n holding [n·size/nodes, (n+1)·size/nodes); CPU i sits on node
// floor(i·nodes/cpus). Both maps are precomputed tables so that the miss path does one lookup.

import { PAGE_SIZE } from '../physicalMemory';

/** Default latency of a hit in the board (second-level) cache: the R10000's secondary cache. */
export const DEFAULT_L2_HIT_CYCLES = 10;

/** Cycles of a clockMHz CPU in ns nanoseconds, rounded up (a stall is never shorter than the latency). */
export function nsToCycles(ns: number, clockMHz: number): number {
  return Math.max(0, Math.ceil((ns * clockMHz) / 1000 - 1e-9));
}

/** The node of CPU cpu on a machine of cpus CPUs and nodes nodes. */
export function nodeOfCpu(cpu: number, cpus: number, nodes: number): number {
  return Math.floor((cpu * nodes) / cpus);
}

/** The home node of machine page ppn when memoryBytes of memory are split among nodes nodes. */
export function homeNodeOfPage(ppn: number, memoryBytes: number, nodes: number): number {
  return Math.min(nodes - 1, Math.floor((ppn * PAGE_SIZE) / (memoryBytes / nodes)));
}

export interface LatencyParams {
  readonly cpus: number;
  readonly nodes: number;
  readonly memoryBytes: number;
  readonly clockMHz: number;
  readonly localMissNs: number;
  readonly remoteMissNs: number;
  /** Cycles of a board-cache hit; DEFAULT_L2_HIT_CYCLES when absent. */
  readonly l2HitCycles?: number;
}

/** The latency table and NUMA maps of one machine. */
export class Latency {
  /** Stall of an L1 miss that hits the board cache. */
  declare readonly l2HitCycles: number;
  /** Stall of a board-cache miss served by the requesting CPU's own node. */
  declare readonly localMissCycles: number;
  /** Stall of a board-cache miss served by another node. */
  declare readonly remoteMissCycles: number;
  /** Node of each CPU. */
  declare readonly cpuNode: Uint8Array;
  /** Home node of each machine page. */
  declare readonly pageNode: Uint8Array;

  constructor(p: LatencyParams) {
    this.l2HitCycles = p.l2HitCycles ?? DEFAULT_L2_HIT_CYCLES;
    this.localMissCycles = nsToCycles(p.localMissNs, p.clockMHz);
    this.remoteMissCycles = nsToCycles(p.remoteMissNs, p.clockMHz);
    this.cpuNode = new Uint8Array(p.cpus);
    for (let i = 0; i < p.cpus; i++) this.cpuNode[i] = nodeOfCpu(i, p.cpus, p.nodes);
    this.pageNode = new Uint8Array(Math.ceil(p.memoryBytes / PAGE_SIZE));
    for (let i = 0; i < this.pageNode.length; i++) this.pageNode[i] = homeNodeOfPage(i, p.memoryBytes, p.nodes);
  }

  /** Home node of machine page ppn (the last node for pages past the end of memory). */
  homeNode(ppn: number): number {
    const n = this.pageNode[ppn];
    return n === undefined ? (this.pageNode[this.pageNode.length - 1] ?? 0) : n;
  }
}
