// Memory references: the opaque strings DAP passes between readMemory, writeMemory,
// disassemble, instruction and data breakpoints. Ours name the address space:
//   0x80001000            a virtual address, in the requesting thread's view (all VMs for breakpoints)
//   gpa:server:0x2000     a guest-physical address of VM "server"
//   ma:0x1234000          a machine address

import type { AddressSpace } from '../debugger/target';

export interface MemoryLocation {
  readonly space: AddressSpace;
  readonly address: number;
  /** The VM of a guest-physical address. */
  readonly vm?: string;
}

const hex = (a: number): string => `0x${(a >>> 0).toString(16).padStart(8, '0')}`;

/** The reference of a location. */
export function formatReference(l: MemoryLocation): string {
  if (l.space === 'machine') return `ma:${hex(l.address)}`;
  if (l.space === 'guest-physical') return `gpa:${l.vm ?? ''}:${hex(l.address)}`;
  return hex(l.address);
}

/** Parses a number as DAP clients write addresses: 0x… or decimal. */
export function parseAddress(text: string): number | undefined {
  const t = text.trim();
  if (!/^(0[xX][0-9a-fA-F]{1,8}|\d{1,10})$/.test(t)) return undefined;
  const v = Number(t);
  return v <= 0xffffffff ? v >>> 0 : undefined;
}

/** The location a reference names plus a byte offset, or an error message. */
export function parseReference(ref: string, offset = 0): MemoryLocation | string {
  const bad = `memory reference "${ref}": expected 0xADDRESS, gpa:VM:0xADDRESS or ma:0xADDRESS`;
  const parts = ref.split(':');
  let loc: MemoryLocation;
  if (parts.length === 1) {
    const a = parseAddress(ref);
    if (a === undefined) return bad;
    loc = { space: 'virtual', address: a };
  } else if (parts.length === 2 && parts[0] === 'ma') {
    const a = parseAddress(parts[1] as string);
    if (a === undefined) return bad;
    loc = { space: 'machine', address: a };
  } else if (parts.length === 3 && parts[0] === 'gpa' && parts[1] !== '') {
    const a = parseAddress(parts[2] as string);
    if (a === undefined) return bad;
    loc = { space: 'guest-physical', address: a, vm: parts[1] as string };
  } else return bad;
  if (!Number.isInteger(offset)) return `memory offset ${offset} is not an integer`;
  return { ...loc, address: (loc.address + offset) >>> 0 };
}
