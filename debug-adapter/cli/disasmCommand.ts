// `disco disasm FILE.elf`: prints the disassembly of every code section exactly as
// `mips-linux-gnu-objdump -d FILE.elf` does, with -M no-aliases / gpr-names=numeric.

import type { Command } from './command';
import { parseArgs } from './args';
import { UserError } from '../util/diagnostic';
import { readElf } from '../toolchain/elf/elfFile';
import { objdumpDisassembly, type ObjdumpOptions } from '../toolchain/disasm';

const USAGE = `usage: disco disasm FILE.elf [-M OPTION[,OPTION…]]

Disassembles the code sections of an ELF32 MIPS file in objdump -d layout.
  -M no-aliases          print base instructions (sll instead of nop, addu instead of move…)
  -M gpr-names=numeric   print general registers as $0…$31 instead of ABI names
  -M gpr-names=o32       ABI names (the default)
`;

/** Parses objdump-style -M options. */
function parseDisasmOptions(values: readonly string[]): ObjdumpOptions {
  let aliases = true;
  let gprNames: 'abi' | 'numeric' = 'abi';
  for (const opt of values.flatMap((v) => v.split(','))) {
    const o = opt.trim();
    if (o === 'no-aliases') aliases = false;
    else if (o === 'gpr-names=numeric') gprNames = 'numeric';
    else if (o === 'gpr-names=o32' || o === 'gpr-names=32') gprNames = 'abi';
    else if (o !== '') throw new UserError(`disco disasm: unknown -M option '${o}' (expected no-aliases, gpr-names=numeric or gpr-names=o32)`);
  }
  return { aliases, gprNames };
}

export const disasmCommand: Command = {
  name: 'disasm',
  summary: 'objdump-style disassembly of an ELF file, with symbols',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs('disasm', args, { lists: ['M'] });
    const [file, ...extra] = parsed.positional;
    if (file === undefined) throw new UserError(`disco disasm: missing FILE.elf\n${USAGE}`);
    if (extra.length > 0) throw new UserError(`disco disasm: one file at a time (got ${parsed.positional.join(', ')})`);
    const options = parseDisasmOptions(parsed.lists.get('M') ?? []);
    const elf = readElf(io.files.readFile(file), file);
    io.stdout(objdumpDisassembly(elf, file, options));
    return 0;
  },
};
