// The view models the `disco/*` requests return and the extension's webviews render: plain JSON,
// imported by the webviews as types (and the few constants and the decoder below), so this file
// imports nothing. Per-page data comes in windows of parallel number arrays, and whole-VM or
// whole-machine state as a page summary (one byte per page, base64), so a 1 GiB machine
// (262,144 pages) stays cheap to send.

/** One byte per page, base64: the heat map of a whole VM or of the machine. */
export type PageSummary = string;

/** Bits of a pmap page's flags (and of its summary byte). */
export const PMAP_MAPPED = 1;
/** Hardware entries may carry D (not copy-on-write). */
export const PMAP_WRITABLE = 2;
/** Shared read-only until a store breaks the sharing. */
export const PMAP_COPY_ON_WRITE = 4;
/** Its machine page has other users (another VM or another guest page). */
export const PMAP_SHARED = 8;
/** Replicated on several nodes (no replication exists yet: never set). */
export const PMAP_REPLICATED = 16;
/** The summary byte's NUMA node of the machine page: bits 5..7 (nodes above 7 show as 7). */
export const PMAP_NODE_SHIFT = 5;

/**
 * Memmap summary byte values: free, not RAM (the I/O hole), the monitor's own (a vCPU's special page, or a page only the
 * monitor holds: disk cache, subnet queue, kernel image cache, replica, its data), shared; a VM's own page is MEMMAP_VM + VM index.
 */
export const MEMMAP_FREE = 0;
export const MEMMAP_HOLE = 1;
export const MEMMAP_SPECIAL = 2;
export const MEMMAP_SHARED = 3;
export const MEMMAP_VM = 4;

/** Encodes one byte per page as a page summary. */
export function encodePageSummary(bytes: Uint8Array): PageSummary {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Decodes a page summary into one byte per page. */
export function decodePageSummary(s: PageSummary): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The pages whose summary byte differs between two summaries of the same VM or machine (a
 * view's previous stop and now), as [first, end) ranges flattened: [a0, b0, a1, b1, …]. Pages
 * beyond the shorter summary count as changed.
 */
export function changedPages(previous: PageSummary, current: PageSummary): number[] {
  const a = decodePageSummary(previous);
  const b = decodePageSummary(current);
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let p = 0; p < n; p++) {
    if (p < a.length && p < b.length && a[p] === b[p]) continue;
    if (out.length > 0 && out[out.length - 1] === p) out[out.length - 1] = p + 1;
    else out.push(p, p + 1);
  }
  return out;
}

export interface CycleSplitView {
  readonly user: number;
  readonly kernel: number;
  readonly monitor: number;
  readonly idle: number;
}

/** A few counters of a vCPU or VM for the tree. */
export interface CountersSummary {
  readonly cycles: CycleSplitView;
  readonly instructions: number;
  readonly traps: number;
  readonly tlbMisses: number;
  readonly reflectedExceptions: number;
  readonly monitorCalls: number;
  readonly migrations: number;
}

export interface VcpuNode {
  readonly id: number;
  readonly globalId: number;
  /** DAP thread id. */
  readonly threadId: number;
  /** The physical CPU it runs on or is queued on. */
  readonly pcpu: number;
  /** running: on its CPU now; otherwise the scheduler's state. */
  readonly state: 'running' | 'runnable' | 'idle' | 'stopped';
  /** Position in its CPU's queue (0-based). */
  readonly queuePosition: number;
  readonly pc: number;
  /** The guest's virtual mode. */
  readonly mode: 'kernel' | 'supervisor' | 'user';
  readonly counters: CountersSummary;
}

export interface VmNode {
  readonly id: number;
  readonly name: string;
  readonly memoryBytes: number;
  readonly homeNode: number;
  /** `running`, `halted (code)` or `stopped: why`. */
  readonly status: string;
  readonly pmapPages: number;
  readonly vcpus: readonly VcpuNode[];
  readonly counters: CountersSummary;
}

export interface PcpuNode {
  readonly cpu: number;
  readonly node: number;
  /** Global id of the vCPU it runs, or -1 (idle). */
  readonly running: number;
  /** Global ids of the vCPUs queued on it, in queue order. */
  readonly queued: readonly number[];
  readonly cycles: CycleSplitView;
}

export interface VmsTree {
  readonly vms: readonly VmNode[];
  readonly cpus: readonly PcpuNode[];
}

/** A window of a VM's pmap: guest pages first .. first+count-1, arrays indexed from first. */
export interface PmapWindow {
  readonly vm: string;
  /** Guest pages of the VM in all. */
  readonly pages: number;
  readonly first: number;
  readonly count: number;
  /** Machine page of each guest page, -1 before its first touch. */
  readonly machinePage: readonly number[];
  /** NUMA node of the machine page, -1 when unmapped. */
  readonly node: readonly number[];
  /** PMAP_* bits. */
  readonly flags: readonly number[];
  /** For shared pages of the window: offset in the window → the other users (`vm:0xgppn`, `vm:special`). */
  readonly sharedWith: Readonly<Record<number, readonly string[]>>;
  /** The whole VM, one byte per guest page: PMAP_* flag bits, node in bits 5..7. */
  readonly summary: PageSummary;
}

/** A window of machine memory: pages first .. first+count-1. */
export interface MemmapWindow {
  readonly pages: number;
  readonly first: number;
  readonly count: number;
  /** First machine page of each NUMA node, and the end. */
  readonly nodeStarts: readonly number[];
  /** MEMMAP_* code of each page. */
  readonly state: readonly number[];
  /** Users of each page (`vm:0xgppn`, `vm:special`, or the monitor's holder by name: `disk cache (image 0)`, `subnet queue (for vm)`, `kernel image cache (0xgppn)`, `replica of 0xmppn`, `monitor data`), empty when free. */
  readonly users: readonly (readonly string[])[];
  readonly usedPages: number;
  readonly sharedPages: number;
  /** The whole machine, MEMMAP_* code per page. */
  readonly summary: PageSummary;
}

/** One TLB entry, decoded. */
export interface TlbRowView {
  readonly index: number;
  readonly entryHi: number;
  readonly entryLo0: number;
  readonly entryLo1: number;
  readonly pageMask: number;
  /** First virtual address of the even page. */
  readonly va: number;
  readonly pageBytes: number;
  readonly asid: number;
  readonly global: boolean;
  /** PFN of the even and odd page (guest-physical in the virtual TLB and L2TLB, machine in hardware), -1 when V = 0. */
  readonly pfn: readonly [number, number];
  readonly dirty: readonly [boolean, boolean];
}

export interface HardwareTlbRowView extends TlbRowView {
  /** Whose entry: this vCPU's, another vCPU's (hardware ASID of another), or an invalid slot. */
  readonly owner: 'this' | 'other' | 'invalid';
  /** This vCPU's entry translating differently from the guest's mapping through the pmap (or with D where the guest or pmap forbid writes). */
  readonly mismatch: boolean;
  /** Why, when mismatch. */
  readonly mismatchReason: string | undefined;
}

export interface VirtualTlbRowView extends TlbRowView {
  /** A valid entry whose first page pair the physical CPU's TLB holds for this vCPU. */
  readonly inHardware: boolean;
}

export interface TlbView {
  readonly threadId: number;
  readonly vm: string;
  readonly vcpu: number;
  /** The CPU the vCPU runs on or is queued on, and whether it runs there now. */
  readonly cpu: number;
  readonly onCpu: boolean;
  readonly guestAsid: number;
  /** The hardware ASID its current guest ASID uses on that CPU (-1 when it has none yet). */
  readonly hardwareAsid: number;
  readonly virtualTlb: readonly VirtualTlbRowView[];
  readonly hardwareTlb: readonly HardwareTlbRowView[];
  readonly l2tlb: readonly TlbRowView[];
  readonly lastMiss: {
    readonly va: number;
    readonly store: boolean;
    readonly cycle: number;
    readonly outcome: string;
    readonly entry: TlbRowView | undefined;
    /** Index of the same entry in the virtual TLB, -1 when only the L2TLB holds it. */
    readonly virtualTlbIndex: number;
  } | undefined;
}

/** One sample of every counter, flat, for plots over time. */
export interface CounterSample {
  /** The furthest physical CPU clock (cycles) and instructions retired by all CPUs. */
  readonly cycle: number;
  readonly instructions: number;
  /** `total.cycles.user`, `vm.server.tlb.reflected`, `vm.server.traps.TLBL`, `cpu0.cycles.idle`, `pages.shared`, … */
  readonly values: Readonly<Record<string, number>>;
}

/** One monitor event of the timeline (`disco/monitorEvents` batches, `disco/timeline`), at its history position. */
export interface TimelineEventView {
  readonly kind: 'emulate' | 'reflect' | 'monitor-call' | 'isolation' | 'halt' | 'switch' | 'migrate' | 'page-alloc' | 'page-share';
  readonly vm: number;
  readonly vcpu: number;
  readonly cycle: number;
  readonly detail: string;
  readonly excCode?: number;
  readonly instruction?: string;
  readonly position: number;
  readonly vmName: string | undefined;
}

/** The answer to `disco/timeline`: the latest events and the span of the recorded history. */
export interface TimelineView {
  readonly events: readonly TimelineEventView[];
  readonly start: number;
  readonly furthest: number;
  readonly position: number;
}

/** Body of the `disco/stateChanged` event: at every stop, and every 250 ms while running. */
export interface StateChangedBody {
  readonly running: boolean;
  readonly position: number;
  readonly inPast: boolean;
  readonly instructions: number;
}

/** Body of the `disco/monitorEvents` event. */
export interface MonitorEventsBody {
  readonly events: readonly TimelineEventView[];
  readonly dropped: number;
}
