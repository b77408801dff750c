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

/** Word index of a special-page field in the page (the page's words are host-order Int32s). */
const word = (off: number): number => off >>> 2;

/**
 * Writes every field of v's special page; returns its machine address. It runs on every resume,
 * so it writes the words directly after one code-write check per written span.
 */
export function storeSpecialPage(mem: PhysicalMemory, vm: Vm, v: Vcpu, clockHz: number): number {
  const base = v.specialMppn * 4096;
  mem.noteWrite(base + SP.SP_MAGIC, SP.SP_MAC_LO + 4 - SP.SP_MAGIC);
  mem.noteWrite(base + SP.SP_STATUS, SP.SP_WIRED + 4 - SP.SP_STATUS);
  const m = mem.m32;
  const b = base >>> 2;
  const c = v.cp0;
  const mac = vm.mac;
  m[b + word(SP.SP_MAGIC)] = SPECIAL_PAGE_VALUES.SP_MAGIC_VALUE;
  m[b + word(SP.SP_VERSION)] = SPECIAL_PAGE_VALUES.SP_VERSION_VALUE;
  m[b + word(SP.SP_VCPU_ID)] = v.id;
  m[b + word(SP.SP_VCPU_COUNT)] = vm.vcpus.length;
  m[b + word(SP.SP_MEM_SIZE)] = vm.memoryBytes;
  m[b + word(SP.SP_VM_ID)] = vm.id;
  m[b + word(SP.SP_CLOCK_HZ)] = clockHz;
  m[b + word(SP.SP_NDISKS)] = vm.disks.length;
  m[b + word(SP.SP_MAC_HI)] = ((mac[0] as number) << 8) | (mac[1] as number);
  m[b + word(SP.SP_MAC_LO)] = ((mac[2] as number) << 24) | ((mac[3] as number) << 16) | ((mac[4] as number) << 8) | (mac[5] as number);
  m[b + word(SP.SP_STATUS)] = c.status;
  m[b + word(SP.SP_EPC)] = c.epc;
  m[b + word(SP.SP_BADVADDR)] = c.badVAddr;
  m[b + word(SP.SP_ENTRYHI)] = c.entryHi;
  m[b + word(SP.SP_CONTEXT)] = c.context;
  m[b + word(SP.SP_ENTRYLO0)] = c.entryLo0;
  m[b + word(SP.SP_ENTRYLO1)] = c.entryLo1;
  m[b + word(SP.SP_PAGEMASK)] = c.pageMask;
  m[b + word(SP.SP_INDEX)] = c.index;
  m[b + word(SP.SP_ERROREPC)] = c.errorEpc;
  m[b + word(SP.SP_CAUSE)] = c.causeValue;
  m[b + word(SP.SP_PENDING)] = v.lines | (c.cause & 0x300);
  m[b + word(SP.SP_EBASE)] = c.ebase;
  m[b + word(SP.SP_WIRED)] = c.wired;
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
 * writable bits, as MTC0 would); returns true when the ASID changed. It runs on every trap, so
 * the fields are spelt out (each compared with the register, masked only when the guest wrote it).
 */
export function loadSpecialPage(mem: PhysicalMemory, v: Vcpu): boolean {
  const m = mem.m32;
  const b = v.specialMppn * 1024;
  const c = v.cp0;
  const oldAsid = c.asid;
  let x = m[b + word(SP.SP_STATUS)] as number;
  if (x !== c.status) c.status = fieldValue('status', x, v);
  x = m[b + word(SP.SP_EPC)] as number;
  if (x !== c.epc) c.epc = fieldValue('epc', x, v);
  x = m[b + word(SP.SP_BADVADDR)] as number;
  if (x !== c.badVAddr) c.badVAddr = fieldValue('badVAddr', x, v);
  x = m[b + word(SP.SP_ENTRYHI)] as number;
  if (x !== c.entryHi) c.entryHi = fieldValue('entryHi', x, v);
  x = m[b + word(SP.SP_CONTEXT)] as number;
  if (x !== c.context) c.context = fieldValue('context', x, v);
  x = m[b + word(SP.SP_ENTRYLO0)] as number;
  if (x !== c.entryLo0) c.entryLo0 = fieldValue('entryLo0', x, v);
  x = m[b + word(SP.SP_ENTRYLO1)] as number;
  if (x !== c.entryLo1) c.entryLo1 = fieldValue('entryLo1', x, v);
  x = m[b + word(SP.SP_PAGEMASK)] as number;
  if (x !== c.pageMask) c.pageMask = fieldValue('pageMask', x, v);
  x = m[b + word(SP.SP_INDEX)] as number;
  if (x !== c.index) c.index = fieldValue('index', x, v);
  x = m[b + word(SP.SP_ERROREPC)] as number;
  if (x !== c.errorEpc) c.errorEpc = fieldValue('errorEpc', x, v);
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
