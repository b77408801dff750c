// The monitor's cost model: the path length of each step of a monitor handler, in instructions,
// counted from what a MIPS handler doing that step executes (its loads, stores, ALU operations,
// branches and CP0 moves; docs/monitor.md "Cost model" lists each count with its justification).
// Each instruction costs one cycle. The loads and stores a step makes to the monitor's own data
// structures are charged on top through the machine's timing model (monitorWork.ts), so in timing
// mode a monitor cache miss costs what any miss costs. Nothing here comes from the paper's
// measurements: its Table 2 is what the experiments compare the result with.

/** Instructions per step of the monitor's handlers. */
export interface CostModel {
  /** Trap entry: save 8 scratch registers, read Cause/EPC/Status, extract ExcCode, jump through the handler table. */
  readonly trapEntry: number;
  /** Trap exit: restore the 8 scratch registers, write EPC and Status, ERET. */
  readonly trapExit: number;
  /** One virtual register copied between the special page and the vCPU record (load + store). */
  readonly specialPageField: number;
  /** Run queue: pick the vCPU to run next on this CPU. */
  readonly schedule: number;
  /** Pending virtual interrupt check (IE, EXL, ERL, IM & IP). */
  readonly interruptCheck: number;
  /** Next deadline (slice end, virtual timers) into the physical Compare. */
  readonly deadline: number;
  /** Load the trapped instruction at EPC, extract its fields, dispatch on them. */
  readonly decode: number;
  /** Read or write one virtual CP0 register in the vCPU record (with its GPR). */
  readonly cp0Access: number;
  /** Step EPC past an emulated instruction (branch-delay check). */
  readonly advance: number;
  /** L2TLB probe: hash the page pair, load the slot, compare VPN2 and ASID/G. */
  readonly l2tlbProbe: number;
  /** Per virtual TLB entry a linear probe examines. */
  readonly vtlbProbePerEntry: number;
  /** pmap lookup: guest page from a PFN, bounds check, load the entry, check valid/copy-on-write. */
  readonly pmapLookup: number;
  /** Write one entry pair into the hardware TLB (EntryHi, EntryLo0/1, PageMask, TLBWR). */
  readonly hardwareTlbWrite: number;
  /** Check a guest TLB entry's two EntryLos against the VM's memory. */
  readonly tlbWriteCheck: number;
  /** Write one virtual TLB entry (index, four words). */
  readonly vtlbWrite: number;
  /** Write or clear one L2TLB slot (hash, four words). */
  readonly l2tlbWrite: number;
  /** Drop a page pair's stale entry from one CPU's hardware TLB (TLBP, then invalidate). */
  readonly shootdown: number;
  /** Build a virtual exception: EPC, Cause, BadVAddr, Context, EntryHi, Status.EXL, vector. */
  readonly reflect: number;
  /** Monitor call: range-check $v0, jump through the call table, write $v0/$v1 back. */
  readonly monitorCall: number;
  /** Check one guest-physical buffer against the VM's memory. */
  readonly bufferCheck: number;
  /** Copy 8 words (unrolled: 8 lw, 8 sw, 2 addiu, bne and its delay slot). */
  readonly copyPer8Words: number;
  /** Zero 8 words (unrolled: 8 sw, addiu, bne; the delay slot holds the last store). */
  readonly zeroPer8Words: number;
  /** Allocate a machine page: pop the node's free list, write its memmap and pmap entries. */
  readonly pageAlloc: number;
  /** Release a machine page: drop a memmap user, push it when free, clear the pmap entry. */
  readonly pageFree: number;
  /** Save a vCPU's 31 GPRs, HI, LO and PC into its record and load another's. */
  readonly vcpuSwitch: number;
  /** Per hardware TLB entry a full flush invalidates (MTC0 Index, TLBWI, addiu, bne). */
  readonly tlbFlushPerEntry: number;
  /** Take a vCPU from another CPU's run queue (lock, unlink, relink, unlock, clock adjustment). */
  readonly migration: number;
  /** A NUMA page move or content-sharing merge, besides its copy: the policy's decision, memmap and pmap updates. */
  readonly numaMove: number;
  /** Shooting a moved page down on one CPU whose TLB holds it: the IPI and the handler's TLBP and invalidate. */
  readonly numaShootdown: number;
}

/** The path lengths; docs/monitor.md justifies each. */
export const DEFAULT_COSTS: CostModel = {
  trapEntry: 17,
  trapExit: 12,
  specialPageField: 2,
  schedule: 10,
  interruptCheck: 8,
  deadline: 12,
  decode: 12,
  cp0Access: 8,
  advance: 4,
  l2tlbProbe: 12,
  vtlbProbePerEntry: 7,
  pmapLookup: 10,
  hardwareTlbWrite: 8,
  tlbWriteCheck: 8,
  vtlbWrite: 7,
  l2tlbWrite: 9,
  shootdown: 8,
  reflect: 30,
  monitorCall: 12,
  bufferCheck: 5,
  copyPer8Words: 20,
  zeroPer8Words: 10,
  pageAlloc: 14,
  pageFree: 9,
  vcpuSwitch: 72,
  tlbFlushPerEntry: 4,
  migration: 24,
  numaMove: 40,
  numaShootdown: 50,
};

/** Where the monitor's cycles go, for the per-service breakdown (the paper's Table 2). */
export type MonitorService = 'trap' | 'privileged' | 'tlbWrite' | 'tlbRefill' | 'reflect' | 'monitorCall' | 'pages' | 'switch';

export const MONITOR_SERVICES: readonly MonitorService[] = ['trap', 'privileged', 'tlbWrite', 'tlbRefill', 'reflect', 'monitorCall', 'pages', 'switch'];

/** Instructions to copy `bytes` bytes. */
export const copyInstructions = (c: CostModel, bytes: number): number => Math.ceil(bytes / 32) * c.copyPer8Words;

/** Instructions to zero `bytes` bytes. */
export const zeroInstructions = (c: CostModel, bytes: number): number => Math.ceil(bytes / 32) * c.zeroPer8Words;
