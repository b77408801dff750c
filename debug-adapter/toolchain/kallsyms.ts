// Linux kallsyms: the symbol table a CONFIG_KALLSYMS kernel carries in its own .rodata
// (written by scripts/kallsyms.c, read by kernel/kallsyms.c), found in a raw image and
// decoded to `address type name`, so a kernel shipped without System.map still has symbols.
// The tables are located by their structure (kallsymsLayout.ts); formatSystemMap prints
// them as the `System.map` that nm(1) and the symbol service read.

import { binaryError } from './elf/byteView';
import { findKallsymsLayout } from './kallsymsLayout';
import type { Endian } from './object';

/** One kernel symbol: its address, nm(1) type letter (T t W …) and name. */
export interface KallsymsSymbol {
  readonly address: number;
  readonly type: string;
  readonly name: string;
}

/**
 * Finds and decodes the kallsyms tables of a raw kernel image (32-bit, loaded at
 * `loadAddress`). Symbols come out in the kernel's order, which is by address.
 * Throws a UserError naming the stage that failed when the tables cannot be found.
 */
export function extractKallsyms(image: Uint8Array, loadAddress: number, endian: Endian, fileName = 'vmlinux'): KallsymsSymbol[] {
  if ((loadAddress & 3) !== 0) throw binaryError(fileName, 0, `load address 0x${(loadAddress >>> 0).toString(16)} is not word-aligned`);
  const layout = findKallsymsLayout(image, loadAddress >>> 0, endian, fileName);
  return layout.names.map((n, i) => ({ address: layout.addresses[i] ?? 0, type: n.type, name: n.name }));
}

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

/** `System.map` text: one `%08x %c %s` line per symbol, sorted by address (ties keep their order). */
export function formatSystemMap(symbols: readonly KallsymsSymbol[]): string {
  return [...symbols]
    .sort((a, b) => a.address - b.address)
    .map((s) => `${hex8(s.address)} ${s.type} ${s.name}\n`)
    .join('');
}
