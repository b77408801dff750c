// The monitor's cost model: emulated cycles charged to a physical CPU for each monitor action,
// so that monitor overhead shows up in the machine's time and in the counters. Defaults are
// derived from the Pmake service breakdown of the Disco paper (Table 2) at the config's
// default 200 MHz clock; docs/monitor.md gives the derivation.

/** Cycles charged per monitor action. */
export interface CostModel {
  /** Entering the monitor from a guest trap and returning to the guest. */
  readonly trap: number;
  /** Emulating one privileged instruction other than a TLB write (MFC0, MTC0, ERET, …). */
  readonly emulate: number;
  /** Extra for a guest TLBWI/TLBWR: pmap lookup, protection merge, vTLB/L2TLB/hardware writes. */
  readonly tlbWrite: number;
  /** A hardware TLB miss satisfied from the L2TLB or the pmap (kseg0 window, special page). */
  readonly l2tlbHit: number;
  /** Building a virtual exception and jumping to the guest's vector. */
  readonly reflect: number;
  /** Dispatching a monitor call (device work is charged on top). */
  readonly monitorCall: number;
  /** Copying 8 bytes between guest memory and a virtual device. */
  readonly copyPer8Bytes: number;
  /** Zeroing one 4 KiB machine page. */
  readonly zeroPage: number;
  /** Switching the vCPU a physical CPU runs (register save/restore, TLB flush or retag). */
  readonly vcpuSwitch: number;
  /** Extra for taking a vCPU from another CPU's queue (its record's cache lines, the old CPU's TLB scan). */
  readonly migration: number;
  /** A NUMA page move or content-sharing merge, besides its copy: the policy's decision, memmap and pmap updates. */
  readonly numaMove: number;
  /** Shooting a moved page down on one CPU whose TLB holds it: the IPI and the handler's TLBP and invalidate. */
  readonly numaShootdown: number;
}

/**
 * Defaults. QUICK_FAULT (5 µs = 1000 cycles at 200 MHz in IRIX) gains 0.80 × 1000 cycles of
 * TLB-write emulation and 0.56 × 1000 of other privileged instructions under Disco; with about
 * eight TLB writes and twenty other privileged instructions per slow fault that is ~100 cycles
 * per TLB write and ~28 per other instruction, i.e. trap 15 + emulate 25 (+ tlbWrite 60).
 * UTLB_MISS (0.035 µs = 7 cycles) slows by 1.35: mostly L2TLB hits, so a hit costs a few tens of
 * cycles (35). Zeroing streams 4096 bytes at 8 bytes per cycle (512).
 */
export const DEFAULT_COSTS: CostModel = {
  trap: 15,
  emulate: 25,
  tlbWrite: 60,
  l2tlbHit: 35,
  reflect: 45,
  monitorCall: 60,
  copyPer8Bytes: 1,
  zeroPage: 512,
  vcpuSwitch: 200,
  migration: 100,
  numaMove: 400,
  numaShootdown: 300,
};

/** Cycles to copy `bytes` bytes. */
export const copyCost = (c: CostModel, bytes: number): number => Math.ceil(bytes / 8) * c.copyPer8Bytes;
