// The guest ABI of the Disco monitor (docs/guest-abi.md): the guest-virtual layout of the
// virtualized kernel, the special page's fields, the monitor-call numbers, argument packing and
// result codes. One source of truth: guest/include/disco/monitor.h is generated from these
// tables by scripts/generate-monitor-header.ts and the monitor reads the same constants.

/** Guest-virtual layout (contract §1–§3). */
export const GUEST_LAYOUT = {
  /** Start of the supervisor segment; guest-physical 0 appears here (the kseg0 replacement). */
  GUEST_KSEG0_BASE: 0xc000_0000,
  /** Link address of a guest kernel's .text. */
  GUEST_TEXT_BASE: 0xc010_0000,
  /** Reset value of the virtual EBase (exception vectors at +0x000, +0x180, +0x200). */
  GUEST_EBASE_RESET: 0xc000_0000,
  /** Guest-created mappings (like kseg2) end below this address. */
  GUEST_MAPPED_LIMIT: 0xdfff_e000,
  /** Guest-virtual address of the vCPU's special page. */
  SPECIAL_PAGE_VADDR: 0xdfff_f000,
  SPECIAL_PAGE_SIZE: 0x1000,
} as const;

/** Byte offsets of the special page's words (contract §3). */
export const SPECIAL_PAGE = {
  SP_MAGIC: 0x00,
  SP_VERSION: 0x04,
  SP_VCPU_ID: 0x08,
  SP_VCPU_COUNT: 0x0c,
  SP_MEM_SIZE: 0x10,
  SP_VM_ID: 0x14,
  SP_CLOCK_HZ: 0x18,
  SP_NDISKS: 0x1c,
  SP_MAC_HI: 0x20,
  SP_MAC_LO: 0x24,
  SP_STATUS: 0x40,
  SP_CAUSE: 0x44,
  SP_EPC: 0x48,
  SP_BADVADDR: 0x4c,
  SP_ENTRYHI: 0x50,
  SP_CONTEXT: 0x54,
  SP_ENTRYLO0: 0x58,
  SP_ENTRYLO1: 0x5c,
  SP_PAGEMASK: 0x60,
  SP_INDEX: 0x64,
  SP_ERROREPC: 0x68,
  SP_PENDING: 0x6c,
  SP_EBASE: 0x70,
  SP_WIRED: 0x74,
} as const;

/** Fixed values found in the special page. */
export const SPECIAL_PAGE_VALUES = {
  SP_MAGIC_VALUE: 0xd15c_0de5,
  SP_VERSION_VALUE: 1,
} as const;

/** The SYSCALL code field (bits 25..6) that makes a kernel-mode SYSCALL a monitor call. */
export const MC_SYSCALL_CODE = 0xd15c0;

/** Monitor-call numbers, passed in $v0 (contract §4). */
export const MONITOR_CALLS = {
  MC_CONSOLE_WRITE: 1,
  MC_CONSOLE_READ: 2,
  MC_TIMER_SET: 3,
  MC_CLOCK_READ: 4,
  MC_DISK_IO: 5,
  MC_DISK_STATUS: 6,
  MC_NET_SEND: 7,
  MC_NET_RECV: 8,
  MC_ZERO_PAGE: 9,
  MC_FREE_PAGE: 10,
  MC_REMAP: 11,
  MC_IPI: 12,
  MC_HALT: 13,
  MC_INTR_CHECK: 14,
  MC_INTR_ACK: 15,
  MC_NET_SENDV: 16,
} as const;

/** Results in $v0: non-negative on success, these on failure. */
export const MC_RESULTS = {
  MC_OK: 0,
  MC_E_NOSYS: -1,
  MC_E_FAULT: -2,
  MC_E_INVAL: -3,
  MC_E_BUSY: -4,
  MC_E_NODEV: -5,
} as const;

/**
 * MC_DISK_IO argument packing: $a0 = disk | op << MC_DISK_OP_SHIFT | count << MC_DISK_COUNT_SHIFT,
 * $a1 = first sector, $a2 = guest-physical buffer; MC_DISK_STATUS(disk) returns the status bits.
 */
export const DISK_ABI = {
  MC_DISK_OP_SHIFT: 8,
  MC_DISK_COUNT_SHIFT: 16,
  MC_DISK_READ: 0,
  MC_DISK_WRITE: 1,
  MC_DISK_FLUSH: 2,
  MC_DISK_MAX_SECTORS: 256,
  MC_DISK_SECTOR_BYTES: 512,
  MC_DISK_ST_BUSY: 0x1,
  MC_DISK_ST_DONE: 0x2,
  MC_DISK_ST_ERROR: 0x4,
} as const;

/**
 * Network limits: MC_NET_SEND frames, messages of MC_NET_SENDV (a list of MC_NET_MAX_FRAGS (gpa,
 * length) word pairs at most, MC_NET_MAX_MESSAGE bytes in all), and the receive queue per VM.
 */
export const NET_ABI = {
  MC_NET_MAX_FRAME: 1514,
  MC_NET_RX_QUEUE: 32,
  MC_NET_MAX_FRAGS: 16,
  MC_NET_MAX_MESSAGE: 67584,
} as const;

/** Virtual interrupt lines: the bare board's (contract §5). */
export const VIRTUAL_IP = {
  VIP_CONSOLE: 2,
  VIP_DISK: 3,
  VIP_NET: 4,
  VIP_TIMER: 5,
  VIP_IPI: 6,
  VIP_COMPARE: 7,
} as const;

/** Cause/Status bit of virtual line `ip`. */
export const vipBit = (ip: number): number => 1 << (8 + ip);

/** Lines MC_INTR_ACK may clear (edge-like: timer period, IPI); others follow their source. */
export const ACKABLE_LINES = vipBit(VIRTUAL_IP.VIP_TIMER) | vipBit(VIRTUAL_IP.VIP_IPI);
