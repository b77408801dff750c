// The CP0 registers the debugger shows (MIPS32 PRA Vol. III chapter 9), each with its register
// number and select, whether MTC0 writes it, and its value decoded into the manual's named
// fields (Status.KSU as kernel/supervisor/user, Cause.ExcCode with its mnemonic, EntryLo.PFN…).
// The same table serves a physical CPU's CP0 and a vCPU's virtual CP0.

import { excCodeName } from '../machine/exceptions';
import * as B from '../machine/priv/cp0Bits';

/** One node of a register tree: plain, serialisable data. */
export interface RegisterVariable {
  readonly name: string;
  /** Display text (hex for registers, names for enumerated fields). */
  readonly value: string;
  readonly raw?: number;
  readonly children?: readonly RegisterVariable[];
  readonly writable: boolean;
}

export const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hexShort = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** A field of `bits` bits at `shift`, shown in hex (or decimal for one-bit flags). */
function field(name: string, v: number, shift: number, bits: number): RegisterVariable {
  const raw = bits === 32 ? v >>> 0 : (v >>> shift) & ((1 << bits) - 1);
  return { name, value: bits === 1 ? String(raw) : hexShort(raw), raw, writable: false };
}

function named(name: string, raw: number, text: string): RegisterVariable {
  return { name, value: text, raw, writable: false };
}

const KSU_NAMES = ['kernel', 'supervisor', 'user', 'reserved'];
const CCA_NAMES: Record<number, string> = { 2: 'uncached', 3: 'cacheable', 7: 'uncached accelerated' };

function ipBits(prefix: string, v: number): RegisterVariable[] {
  return Array.from({ length: 8 }, (_, k) => 7 - k).map((i) => field(`${prefix}${i}`, v, 8 + i, 1));
}

function entryLoFields(v: number): RegisterVariable[] {
  const c = (v >>> B.ENTRYLO_C_SHIFT) & 7;
  return [field('PFN', v, B.ENTRYLO_PFN_SHIFT, 24), named('C', c, `${c} (${CCA_NAMES[c] ?? 'reserved'})`), field('D', v, 2, 1), field('V', v, 1, 1), field('G', v, 0, 1)];
}

function pageSize(mask: number): string {
  const bytes = ((mask >>> 1) | 0xfff) + 1;
  return bytes >= 1 << 20 ? `${bytes >>> 20} MiB` : `${bytes >>> 10} KiB`;
}

/** The named fields of a Status value. */
export function statusFields(v: number): RegisterVariable[] {
  const ksu = (v & B.STATUS_KSU) >>> B.STATUS_KSU_SHIFT;
  return [
    field('CU1', v, 29, 1), field('CU0', v, 28, 1), field('BEV', v, 22, 1), ...ipBits('IM', v),
    named('KSU', ksu, `${ksu} (${KSU_NAMES[ksu]})`), field('ERL', v, 2, 1), field('EXL', v, 1, 1), field('IE', v, 0, 1),
  ];
}

/** The named fields of a Cause value. */
export function causeFields(v: number): RegisterVariable[] {
  const exc = (v & B.CAUSE_EXCCODE) >>> B.CAUSE_EXCCODE_SHIFT;
  return [
    field('BD', v, 31, 1), field('TI', v, 30, 1), field('CE', v, B.CAUSE_CE_SHIFT, 2), field('IV', v, 23, 1), ...ipBits('IP', v),
    named('ExcCode', exc, `${exc} (${excCodeName(exc)})`),
  ];
}

/** A CP0 register the debugger shows. */
export interface Cp0Register {
  readonly name: string;
  readonly reg: number;
  readonly sel: number;
  /** MTC0 writes it (its writable bits). */
  readonly writable: boolean;
  readonly fields?: (v: number) => RegisterVariable[];
}

export const CP0_REGISTERS: readonly Cp0Register[] = [
  { name: 'Index', reg: B.CP0_INDEX, sel: 0, writable: true, fields: (v) => [field('P', v, 31, 1), field('Index', v, 0, 6)] },
  { name: 'Random', reg: B.CP0_RANDOM, sel: 0, writable: false },
  { name: 'EntryLo0', reg: B.CP0_ENTRYLO0, sel: 0, writable: true, fields: entryLoFields },
  { name: 'EntryLo1', reg: B.CP0_ENTRYLO1, sel: 0, writable: true, fields: entryLoFields },
  { name: 'Context', reg: B.CP0_CONTEXT, sel: 0, writable: true, fields: (v) => [field('PTEBase', v, 23, 9), field('BadVPN2', v, B.CONTEXT_BADVPN2_SHIFT, 19)] },
  { name: 'PageMask', reg: B.CP0_PAGEMASK, sel: 0, writable: true, fields: (v) => [field('Mask', v, 13, 12), named('page size', v, pageSize(v))] },
  { name: 'Wired', reg: B.CP0_WIRED, sel: 0, writable: true },
  { name: 'BadVAddr', reg: B.CP0_BADVADDR, sel: 0, writable: false },
  { name: 'Count', reg: B.CP0_COUNT, sel: 0, writable: true },
  { name: 'EntryHi', reg: B.CP0_ENTRYHI, sel: 0, writable: true, fields: (v) => [named('VPN2', v & B.ENTRYHI_VPN2, hex8(v & B.ENTRYHI_VPN2)), field('ASID', v, 0, 8)] },
  { name: 'Compare', reg: B.CP0_COMPARE, sel: 0, writable: true },
  { name: 'Status', reg: B.CP0_STATUS, sel: 0, writable: true, fields: statusFields },
  { name: 'Cause', reg: B.CP0_CAUSE, sel: 0, writable: true, fields: causeFields },
  { name: 'EPC', reg: B.CP0_EPC, sel: 0, writable: true },
  { name: 'PRId', reg: B.CP0_PRID, sel: 0, writable: false, fields: (v) => [field('Company', v, 16, 8), field('Processor', v, 8, 8), field('Revision', v, 0, 8)] },
  { name: 'EBase', reg: B.CP0_PRID, sel: 1, writable: true, fields: (v) => [named('ExceptionBase', v & 0x3ffff000, hex8(v & 0x3ffff000)), field('CPUNum', v, 0, 10)] },
  {
    name: 'Config', reg: B.CP0_CONFIG, sel: 0, writable: true,
    fields: (v) => [field('M', v, 31, 1), named('BE', (v >>> 15) & 1, v & B.CONFIG0_BE ? '1 (big-endian)' : '0 (little-endian)'), field('AT', v, 13, 2), field('AR', v, 10, 3), field('MT', v, 7, 3), named('K0', v & 7, `${v & 7} (${CCA_NAMES[v & 7] ?? 'reserved'})`)],
  },
  { name: 'Config1', reg: B.CP0_CONFIG, sel: 1, writable: false, fields: (v) => [named('MMUSize', (v >>> 25) & 63, `${((v >>> 25) & 63) + 1} entries`), field('FP', v, 0, 1)] },
  { name: 'ErrorEPC', reg: B.CP0_ERROREPC, sel: 0, writable: true },
];

/** The CP0 register called `name` (case-insensitive), or undefined. */
export function cp0Register(name: string): Cp0Register | undefined {
  const n = name.toLowerCase();
  return CP0_REGISTERS.find((r) => r.name.toLowerCase() === n);
}

/** One CP0 register as a variable, its fields as children. */
export function cp0Variable(r: Cp0Register, v: number): RegisterVariable {
  return { name: r.name, value: hex8(v), raw: v >>> 0, writable: r.writable, ...(r.fields === undefined ? {} : { children: r.fields(v) }) };
}

/** A TLB entry as a variable: "VPN2 → PFN0 / PFN1" with EntryHi, EntryLo0/1, PageMask below. */
export function tlbEntryVariable(name: string, e: { entryHi: number; entryLo0: number; entryLo1: number; pageMask: number }): RegisterVariable {
  const lo = (x: number): string => (x & B.ENTRYLO_V ? hexShort(((x >>> B.ENTRYLO_PFN_SHIFT) & 0xffffff) * 4096) + (x & B.ENTRYLO_D ? '' : ' ro') : '-');
  const global = e.entryLo0 & e.entryLo1 & B.ENTRYLO_G;
  const value = `${hex8(e.entryHi & B.ENTRYHI_VPN2)} ${global ? 'G' : `ASID ${e.entryHi & B.ENTRYHI_ASID}`} → ${lo(e.entryLo0)} / ${lo(e.entryLo1)} (${pageSize(e.pageMask)})`;
  const reg = (n: string): Cp0Register => cp0Register(n) as Cp0Register;
  const ro = (x: RegisterVariable): RegisterVariable => ({ ...x, writable: false });
  return {
    name,
    value,
    writable: false,
    children: [ro(cp0Variable(reg('EntryHi'), e.entryHi)), ro(cp0Variable(reg('EntryLo0'), e.entryLo0)), ro(cp0Variable(reg('EntryLo1'), e.entryLo1)), ro(cp0Variable(reg('PageMask'), e.pageMask))],
  };
}
