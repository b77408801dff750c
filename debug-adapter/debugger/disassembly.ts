// Disassembly around an address for the debugger's disassembly view: `count` instructions
// starting `instructionOffset` instructions away from `address` (negative offsets go backwards;
// MIPS32 instructions are all one word), read without side effects from a thread's virtual space
// or from machine memory, formatted exactly as GNU objdump -d prints them (branch targets as
// `addr <symbol+0x…>`), each with its `symbol+offset` and source line. Unreadable words give a
// placeholder row naming why.

import { formatInstruction } from '../toolchain/disasm';
import type { SourcePosition } from '../toolchain/symbols/symbolService';
import { UserError } from '../util/diagnostic';
import { readMemory, wordAt } from './memory';
import type { DebugTarget, DebugThread } from './target';

/** Most instructions one request may ask for. */
export const MAX_INSTRUCTIONS = 4096;

export interface DisassembledInstruction {
  readonly address: number;
  /** The instruction word as 8 hex digits; undefined when it could not be read. */
  readonly word: string | undefined;
  /** objdump's text ("addiu\tsp,sp,-32"), or a placeholder naming why the word is unreadable. */
  readonly instruction: string;
  /** `symbol+0x…` of the address (virtual space only). */
  readonly symbol: string | undefined;
  readonly source: SourcePosition | undefined;
  readonly unreadable: boolean;
}

/**
 * Disassembles `count` instructions from `address + 4 * instructionOffset` (address rounded down
 * to a word) in a thread's virtual space or in machine memory.
 */
export function disassemble(target: DebugTarget, space: 'virtual' | 'machine', address: number, instructionOffset: number, count: number, thread?: DebugThread): DisassembledInstruction[] {
  if (!Number.isInteger(instructionOffset) || !Number.isInteger(count) || count < 0 || count > MAX_INSTRUCTIONS) throw new UserError(`bad disassembly request: offset ${instructionOffset}, ${count} instructions (at most ${MAX_INSTRUCTIONS})`);
  if (!Number.isInteger(address)) throw new UserError(`bad address ${address}`);
  const start = (((address & ~3) + 4 * instructionOffset) % 0x100000000 + 0x100000000) % 0x100000000;
  const syms = space === 'virtual' ? target.symbols : undefined;
  const where = thread === undefined ? undefined : target.space(thread);
  const out: DisassembledInstruction[] = [];
  const addressText = (a: number): string => {
    const m = syms?.lookup(a, where);
    return m === undefined ? `0x${(a >>> 0).toString(16)}` : `${(a >>> 0).toString(16)} <${m.offset === 0 ? m.name : `${m.name}+0x${m.offset.toString(16)}`}>`;
  };
  for (let i = 0; i < count; ) {
    // One read per run of words inside a page (the read wraps at the top of the address space).
    const a = (start + 4 * i) % 0x100000000;
    const n = Math.min(count - i, (4096 - (a & 0xfff)) / 4);
    const r = readMemory(target, space, a, 4 * n, thread);
    for (let k = 0; k < n; k++) {
      const at = (a + 4 * k) >>> 0;
      const word = wordAt(target, r, 4 * k);
      const gap = word === undefined ? r.unreadable.find((u) => u.offset < 4 * k + 4 && 4 * k < u.offset + u.length) : undefined;
      out.push({
        address: at,
        word: word?.toString(16).padStart(8, '0'),
        instruction: word === undefined ? `<unreadable: ${gap?.reason ?? 'not mapped'}>` : formatInstruction(word, at, { addressText }),
        symbol: syms === undefined ? undefined : syms.lookup(at, where) === undefined ? undefined : syms.formatAddress(at, where),
        source: syms?.lineFor(at, where),
        unreadable: word === undefined,
      });
    }
    i += n;
  }
  return out;
}
