// The special page of a vCPU (guest ABI §3): a machine page mapped at SPECIAL_PAGE_VADDR that
// stores the side-effect-free virtual privileged registers. The monitor writes every field
// before it resumes the vCPU and reads the guest-writable fields back on every trap, so guest
// loads and stores there behave like MFC0/MTC0 without trapping (Disco §1.1).

import { STATUS_WRITABLE } from '../machine/priv/cp0Bits';
import type { PhysicalMemory } from '../machine/physicalMemory';
import { SPECIAL_PAGE as SP, SPECIAL_PAGE_VALUES } from './abi';
import type { Vcpu } from './vcpu';
import type { Vm } from './vm';

/** Fields the guest may write, and the virtual CP0 property each one stores. */
const WRITABLE = [
  [SP.SP_STATUS, 'status'],
  [SP.SP_EPC, 'epc'],
  [SP.SP_BADVADDR, 'badVAddr'],
  [SP.SP_ENTRYHI, 'entryHi'],
  [SP.SP_CONTEXT, 'context'],
  [SP.SP_ENTRYLO0, 'entryLo0'],
  [SP.SP_ENTRYLO1, 'entryLo1'],
  [SP.SP_PAGEMASK, 'pageMask'],
  [SP.SP_INDEX, 'index'],
  [SP.SP_ERROREPC, 'errorEpc'],
] as const;

/** How many fields the guest may write (read back on every trap). */
export const SPECIAL_PAGE_WRITABLE_FIELDS = WRITABLE.length;

/** Bytes of the page the monitor writes (the rest stays zero). */
export const SPECIAL_PAGE_USED = 0x80;

/** Writes every field of v's special page; returns its machine address. */
export function storeSpecialPage(mem: PhysicalMemory, vm: Vm, v: Vcpu, clockHz: number): number {
  const base = v.specialMppn * 4096;
  const w = (off: number, value: number): void => mem.write32(base + off, value | 0);
  const c = v.cp0;
  w(SP.SP_MAGIC, SPECIAL_PAGE_VALUES.SP_MAGIC_VALUE);
  w(SP.SP_VERSION, SPECIAL_PAGE_VALUES.SP_VERSION_VALUE);
  w(SP.SP_VCPU_ID, v.id);
  w(SP.SP_VCPU_COUNT, vm.vcpus.length);
  w(SP.SP_MEM_SIZE, vm.memoryBytes);
  w(SP.SP_VM_ID, vm.id);
  w(SP.SP_CLOCK_HZ, clockHz);
  w(SP.SP_NDISKS, vm.disks.length);
  w(SP.SP_MAC_HI, ((vm.mac[0] as number) << 8) | (vm.mac[1] as number));
  w(SP.SP_MAC_LO, (((vm.mac[2] as number) << 24) | ((vm.mac[3] as number) << 16) | ((vm.mac[4] as number) << 8) | (vm.mac[5] as number)) | 0);
  for (const [off, field] of WRITABLE) w(off, c[field]);
  w(SP.SP_CAUSE, c.causeValue);
  w(SP.SP_PENDING, v.lines | (c.cause & 0x300));
  w(SP.SP_EBASE, c.ebase);
  w(SP.SP_WIRED, c.wired);
  return base;
}

/** A guest-writable field of the special page: the virtual CP0 property it stores. */
export type SpecialPageField = (typeof WRITABLE)[number][1];

/** The value field takes from a special-page word (masked to the register's writable bits, as MTC0 would). */
function fieldValue(field: SpecialPageField, value: number, v: Vcpu): number {
  const c = v.cp0;
  switch (field) {
    case 'status': return (c.status & ~STATUS_WRITABLE) | (value & STATUS_WRITABLE);
    case 'epc': case 'errorEpc': case 'badVAddr': return value;
    case 'entryHi': return value & 0xffffe0ff;
    case 'context': return (c.context & 0x007fffff) | (value & 0xff800000);
    case 'entryLo0': case 'entryLo1': return value & 0x3fffffff;
    case 'pageMask': return value & 0x01ffe000;
    default: return (value & 0x80000000) | ((value & 0x7fffffff) % v.vtlb.size);
  }
}

/**
 * Reads the guest-writable fields back into the virtual CP0 (masked to each register's
 * writable bits, as MTC0 would); returns true when the ASID changed.
 */
export function loadSpecialPage(mem: PhysicalMemory, v: Vcpu): boolean {
  const base = v.specialMppn * 4096;
  const c = v.cp0;
  const oldAsid = c.asid;
  for (const [off, field] of WRITABLE) {
    const value = mem.read32(base + off) | 0;
    if (value !== c[field]) c[field] = fieldValue(field, value, v);
  }
  return c.asid !== oldAsid;
}

/**
 * The guest-writable fields as the next trap will load them (the guest may have stored to its
 * special page since the last one); reads only.
 */
export function specialPageFields(mem: PhysicalMemory, v: Vcpu): Record<SpecialPageField, number> {
  const base = v.specialMppn * 4096;
  const out = {} as Record<SpecialPageField, number>;
  for (const [off, field] of WRITABLE) out[field] = fieldValue(field, mem.read32(base + off) | 0, v);
  return out;
}
