// Booting a kernel image on the bare machine: the ELF's PT_LOAD segments are copied to machine
// memory (kseg0/kseg1 link addresses map to their physical window, other addresses load at
// p_paddr) and the CPUs leave reset at the entry point in the CP0 reset state (Status.BEV=1,
// ERL=1, kernel mode — which is also what QEMU's Malta `-kernel` leaves when it jumps to an ELF
// entry). General registers start at zero. Errors name the file (UserError).

import type { ElfFile } from '../../toolchain/elf/elfFile';
import { PT_LOAD } from '../../toolchain/elf/constants';
import { UserError } from '../../util/diagnostic';
import type { Machine } from './machine';

/** The machine address a loadable segment goes to. */
function loadAddress(vaddr: number, paddr: number): number {
  const top = vaddr >>> 29;
  return top === 4 || top === 5 ? vaddr & 0x1fffffff : paddr >>> 0;
}

/** Copies the ELF's loadable segments into memory and starts the CPUs at its entry. */
export function bootElf(machine: Machine, elf: ElfFile): void {
  const bigEndian = machine.memory.bigEndian;
  if ((elf.endian === 'big') !== bigEndian) {
    throw new UserError(`${elf.fileName}: a ${elf.endian}-endian kernel cannot run on a ${bigEndian ? 'big' : 'little'}-endian machine${bigEndian ? ' (use --EL)' : ''}`);
  }
  if (elf.type !== 'exec') throw new UserError(`${elf.fileName}: not an executable ELF file (type ${elf.type})`);
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
    const pa = loadAddress(seg.vaddr, seg.paddr);
    if (!machine.memory.isRam(pa, seg.memsz)) {
      const where = machine.memory.contains(pa, seg.memsz) ? 'overlaps the board\'s I/O window 0x1f000000..0x1fffffff' : `does not fit in ${machine.memory.size / 1048576} MiB of memory`;
      throw new UserError(`${elf.fileName}: segment at 0x${(seg.vaddr >>> 0).toString(16)} (machine address 0x${pa.toString(16)}, ${seg.memsz} bytes) ${where}`);
    }
    machine.memory.writeBytes(pa, seg.data.subarray(0, seg.filesz));
    if (seg.memsz > seg.filesz) machine.memory.fill0(pa + seg.filesz, seg.memsz - seg.filesz);
    machine.noteMemoryWritten(pa, seg.memsz);
  }
  for (const cpu of machine.cpus) {
    cpu.cp0.reset();
    cpu.state.gpr.fill(0);
    cpu.state.jumpTo(elf.entry);
    cpu.timerAt = cpu.cp0.nextTimerCycle();
    cpu.mmu.flush();
  }
}
