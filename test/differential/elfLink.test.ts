// The linker against GNU ld: the same gas-assembled objects linked by both (default
// layout with -Ttext/-Tdata, and linker scripts) must give identical bytes in every
// allocated section and identical symbol addresses. Objects are read by our .o reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { readObjectFile } from '../../debug-adapter/toolchain/elf/objectReader';
import * as C from '../../debug-adapter/toolchain/elf/constants';
import { link, type LinkOptions, type LinkedImage } from '../../debug-adapter/toolchain/link/linker';
import { writeExecutable } from '../../debug-adapter/toolchain/link/writeExecutable';
import { oracle, oracleOutput, readBytes, scratchDir, writeText } from './elfOracle';
import { writeFileSync } from 'node:fs';

const dir = scratchDir('link');
/**
 * Sources; `pad` bytes of .data put far_data at an address whose low half is ≥ 0x8000 (HI16 carry).
 * Without `gprel` the %gprel load is left out: ld gives _gp no useful value under a script that does not set it.
 */
const sources = (pad: number, gprel: boolean): Record<string, string> => ({
  'start.s': `
	.text
	.globl __start
	.set noreorder
__start:
	lui $sp, %hi(stack_top)
	addiu $sp, $sp, %lo(stack_top)
	lui $4, %hi(far_data + 0x10)
	lw $5, %lo(far_data + 0x10)($4)
	${gprel ? 'lw $6, %gprel(small)($28)' : 'nop'}
	jal util_sum
	nop
	bal local_fn
	nop
	b util_loop
	nop
local_fn:
	la $7, table
	jr $31
	addiu $7, $7, 4
	.section .rodata
table:	.word __start, util_sum, local_fn + 8, far_data
	.data
	.word 0x11111111
	.space ${pad}
far_data:
	.word 1, 2, 3, 4, 5
	.sdata
small:	.word 42
	.bss
	.space 64
stack_top:
	.space 16
`,
  'util.s': `
	.text
	.globl util_sum
	.set noreorder
util_sum:
	addu $2, $4, $5
	jr $31
	nop
	.globl util_loop
util_loop:
	j util_loop
	nop
	.section .text.cold,"ax",@progbits
	.globl cold_path
cold_path:
	j __start
	nop
	.data
	.globl counters
counters: .word util_sum, cold_path, 0
	.section .rodata
msg:	.asciz "disco"
	.sbss
flag:	.space 4
`,
  'more.s': `
	.text
	.globl helper
helper:
	jr $31
	nop
	.data
	.align 3
dbl:	.word helper, counters + 4
	.comm shared_buf, 128, 16
	.lcomm private_buf, 24
`,
});

const MALTA_LD = `/* Everything in kseg0 at 0x80100000. */
ENTRY(__start)
SECTIONS {
  . = 0x80100000;
  .text : { *(.text) }
  .data : { *(.data) *(.bss) }
  /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.gnu.attributes) *(.pdr) }
}
`;

const KERNEL_LD = `OUTPUT_ARCH(mips)
ENTRY(__start)
SECTIONS
{
  . = 0x80001000;
  _text = .;
  .text : {
    *(.text)
    *(.text.*)
    . = ALIGN(16);
    _etext = .;
  }
  . = ALIGN(4096);
  _gp = ALIGN(16) + 0x7ff0;
  .rodata : { *(.rodata) *(.rodata.*) }
  .data ALIGN(0x100) : {
    _sdata = .;
    *(.data)
    *(.sdata)
    _edata_k = .;
  }
  .bss : {
    __bss_start = .;
    *(.sbss) *(.bss) *(COMMON)
    . = ALIGN(8);
    __bss_stop = .;
  }
  _end = . + 0x10;
  /DISCARD/ : { *(.reginfo) *(.MIPS.abiflags) *(.pdr) *(.gnu.attributes) *(.comment) }
}
`;

function assemble(prefix: string, pad: number, gprel: boolean): string[] {
  return Object.entries(sources(pad, gprel)).map(([name, text]) => {
    const src = writeText(dir, `${prefix}-${pad}-${gprel}-${name}`, text);
    const obj = src.replace(/\.s$/, '.o');
    oracle(`${prefix}-linux-gnu-as`, ['-march=mips32r2', '-o', obj, src]);
    return obj;
  });
}

/** ld's view: allocated sections by name and symbol name@value pairs. */
function ldView(path: string) {
  const elf = readElf(readBytes(path), path);
  const sections = elf.sections.filter((s) => s.flags & C.SHF_ALLOC && s.size > 0 && !/^\.(MIPS\.abiflags|reginfo)$/.test(s.name)).sort((a, b) => a.addr - b.addr);
  const symbols = elf.symbols.filter((s) => s.type !== 'file' && s.type !== 'section').map((s) => `${s.name}@${s.value.toString(16)}`);
  return { elf, sections, symbols: symbols.sort() };
}

function compare(image: LinkedImage, ldPath: string): void {
  const ld = ldView(ldPath);
  assert.deepEqual(
    image.sections.map((s) => [s.name, s.addr.toString(16), s.size, s.kind]),
    ld.sections.map((s) => [s.name, s.addr.toString(16), s.size, s.type === C.SHT_NOBITS ? 'nobits' : 'progbits']),
    'output sections',
  );
  for (const s of ld.sections) {
    const ours = image.sections.find((x) => x.name === s.name);
    if (s.type !== C.SHT_NOBITS) assert.deepEqual(Buffer.from(ours?.data ?? []).toString('hex'), Buffer.from(s.data).toString('hex'), `bytes of ${s.name}`);
  }
  const ourSymbols = image.symbols.filter((s) => s.type !== 'file').map((s) => `${s.name}@${s.value.toString(16)}`).sort();
  assert.deepEqual(ourSymbols, ld.symbols, 'symbols');
  assert.equal(image.entry, ld.elf.entry, 'entry');
  assert.equal(image.flags, ld.elf.flags, 'e_flags');
}

function linkBoth(prefix: string, ldArgs: string[], options: LinkOptions, tag: string, pad = 0x9000, gprel = true): LinkedImage {
  const objs = assemble(prefix, pad, gprel);
  const out = join(dir, `${prefix}-${tag}.elf`);
  oracle(`${prefix}-linux-gnu-ld`, [...ldArgs, '-o', out, ...objs]);
  const image = link(
    objs.map((o) => readObjectFile(readBytes(o), o)),
    options,
  );
  compare(image, out);
  return image;
}

for (const prefix of ['mips', 'mipsel']) {
  test(`${prefix}: default layout with -Ttext matches GNU ld byte for byte`, () => {
    const image = linkBoth(prefix, ['-Ttext=0x80020000'], { textAddress: 0x80020000 }, 'ttext');
    // Our own executable of the same image is accepted by readelf and disassembles.
    const path = join(dir, `${prefix}-ours.elf`);
    writeFileSync(path, writeExecutable(image));
    const { stderr } = oracleOutput(`${prefix}-linux-gnu-readelf`, ['-a', '-W', path]);
    assert.equal(stderr, '');
    assert.match(oracle(`${prefix}-linux-gnu-objdump`, ['-d', path]), /jal\s+[0-9a-f]+ <util_sum>/);
  });

  test(`${prefix}: -Ttext and -Tdata match GNU ld`, () => {
    linkBoth(prefix, ['-Ttext=0x00400000', '-Tdata=0x10000000'], { textAddress: 0x00400000, dataAddress: 0x10000000 }, 'tdata');
  });

  test(`${prefix}: the Malta bare-metal script matches GNU ld`, () => {
    const script = writeText(dir, 'malta.ld', MALTA_LD);
    linkBoth(prefix, ['-T', script], { script: { text: MALTA_LD, fileName: script } }, 'malta', 0x100, false);
  });

  test(`${prefix}: a kernel-style script with ALIGN, symbols and *(.text.*) matches GNU ld`, () => {
    const script = writeText(dir, 'kernel.ld', KERNEL_LD);
    linkBoth(prefix, ['-T', script], { script: { text: KERNEL_LD, fileName: script } }, 'kernel', 0x100);
  });
}
