// `disco asm FILE.s… -o OUT.elf`: assembles each source (GNU as syntax, `.S` through the C
// preprocessor; `.o` files are read as ELF objects), links them and writes an ELF32 executable
// with .symtab and .debug_line.

import { assemble } from '../toolchain/assembler/assembler';
import { readObjectFile } from '../toolchain/elf/objectReader';
import { link } from '../toolchain/link/linker';
import { writeExecutable } from '../toolchain/link/writeExecutable';
import type { ObjectFile } from '../toolchain/object';
import { type Diagnostic, DiagnosticError, UserError, formatDiagnostic } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import type { Command } from './command';

const USAGE = `usage: disco asm FILE.s… -o OUT.elf [--text ADDR] [--data ADDR] [-T script.ld] [--EL|--EB] [-I DIR] [-D NAME[=VAL]]

Assembles MIPS32r2 sources written for GNU as (mips-linux-gnu-as -march=mips32r2, non-PIC),
links them and writes an ELF32 executable with symbols and DWARF line information.
  -o OUT.elf        output file (required)
  --text ADDR       address of .text (default 0x00400000)
  --data ADDR       address of .data (default: the page after .text, as GNU ld)
  -T script.ld      link with a linker script instead of the default layout
  --EL / --EB       little- / big-endian output (default big-endian)
  -I DIR            directory searched by .include and #include (repeatable)
  -D NAME[=VAL]     preprocessor macro for .S files (repeatable)
FILE.o inputs are linked as they are.
`;

export const asmCommand: Command = {
  name: 'asm',
  summary: 'assemble and link GNU as MIPS sources into an ELF executable',
  usage: USAGE,
  async run(args, io) {
    const p = parseArgs('asm', args, { values: ['o', 'text', 'data', 'T'], switches: ['EL', 'EB'], lists: ['I', 'D'] });
    if (p.positional.length === 0) throw new UserError(`disco asm: no input files\n${USAGE}`);
    const out = p.values.get('o');
    if (out === undefined) throw new UserError('disco asm: missing -o OUT.elf');
    if (p.switches.has('EL') && p.switches.has('EB')) throw new UserError('disco asm: --EL and --EB are exclusive');
    const endian = p.switches.has('EL') ? 'little' : 'big';
    const defines = new Map<string, string>();
    for (const d of p.lists.get('D') ?? []) {
      const eq = d.indexOf('=');
      defines.set(eq < 0 ? d : d.slice(0, eq), eq < 0 ? '1' : d.slice(eq + 1));
    }
    const includeDirs = p.lists.get('I') ?? [];
    const objects: ObjectFile[] = [];
    const errors: Diagnostic[] = [];
    for (const file of p.positional) {
      if (file.endsWith('.o')) {
        objects.push(readObjectFile(io.files.readFile(file), file));
        continue;
      }
      try {
        const r = assemble(file, { files: io.files, endian, includeDirs, defines });
        for (const w of r.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
        objects.push(r.object);
      } catch (e) {
        if (!(e instanceof DiagnosticError)) throw e;
        errors.push(...e.diagnostics);
      }
    }
    if (errors.length > 0) throw new DiagnosticError(errors);
    const script = p.values.get('T');
    const text = p.values.get('text');
    const data = p.values.get('data');
    const image = link(objects, {
      endian,
      ...(text !== undefined && { textAddress: parseNumberArg('asm', '--text', text) }),
      ...(data !== undefined && { dataAddress: parseNumberArg('asm', '--data', data) }),
      ...(script !== undefined && { script: { text: new TextDecoder().decode(io.files.readFile(script)), fileName: script } }),
    });
    io.writeFile(out, writeExecutable(image), { executable: true });
    return 0;
  },
};
