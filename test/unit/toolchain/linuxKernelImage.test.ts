// Kernel image facts against images built here with GNU as/ld and xz: a zboot-like head
// that jumps to decompress_kernel and then to KERNEL_ENTRY, a raw head.S-like image, and
// an XZ stream followed by its size, as Kbuild lays them out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readElf } from '../../../debug-adapter/toolchain/elf/elfFile';
import {
  findZbootPayload,
  inspectRawKernel,
  parseSystemMap,
  zbootImageSize,
  zbootKernelEntry,
} from '../../../debug-adapter/toolchain/linuxKernelImage';
import { UserError } from '../../../debug-adapter/util/diagnostic';
import { oracle, readBytes, scratchDir, writeText } from '../../differential/elfOracle';

const dir = scratchDir('kimage');

/** Assembles and links little-endian MIPS32r2 code at `text`; returns the ELF path. */
function build(name: string, source: string, text: number, extra: string[] = []): string {
  const obj = join(dir, `${name}.o`);
  const elf = join(dir, `${name}.elf`);
  oracle('mipsel-linux-gnu-as', ['-mips32r2', '-mno-shared', '-o', obj, writeText(dir, `${name}.s`, source)]);
  oracle('mipsel-linux-gnu-ld', ['-N', `-Ttext=0x${text.toString(16)}`, '-e', 'start', ...extra, '-o', elf, obj]);
  return elf;
}

const ZBOOT = `
  .set noreorder
  .globl start
start:
  move $s0, $a0
  la $a0, heap
  la $sp, heap + 64
  la $t9, decompress_kernel
  jalr $t9
  nop
  move $a0, $s0
  li $t9, 0x80b44294
  jalr $t9
  nop
1: b 1b
  nop
decompress_kernel:
  jr $ra
  nop
heap: .space 64
`;

const RAW = `
  .set noreorder
  .globl start
start:
  j kernel_entry
  nop
  .space 0x400
kernel_entry:
  mfc0 $t0, $12
  li $at, 0x1000001f
  or $t0, $t0, $at
  mtc0 $t0, $12
  la $t0, 0f
  jr $t0
  nop
0:
  la $t0, BSS_START
  sw $zero, 0($t0)
  la $t1, BSS_STOP - 4
1: addiu $t0, $t0, 4
  sw $zero, 0($t0)
  bne $t0, $t1, 1b
  nop
  .space 0x100
`;

function rawImage(link: number): { image: Uint8Array; entry: number } {
  const elf = build(`raw${link.toString(16)}`, RAW, link, ['--defsym=BSS_START=0x80200000', '--defsym=BSS_STOP=0x80234560']);
  const bin = `${elf}.bin`;
  oracle('mipsel-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', elf, bin]);
  const entry = readElf(readBytes(elf), 'raw.elf').symbols.find((s) => s.name === 'kernel_entry');
  assert.ok(entry);
  return { image: readBytes(bin), entry: entry.value };
}

test('zbootKernelEntry finds the PTR_LI t9, KERNEL_ENTRY; jalr t9 after decompress_kernel', () => {
  const elf = readElf(readBytes(build('zboot', ZBOOT, 0x81130000)), 'zboot.elf');
  assert.equal(zbootKernelEntry(elf), 0x80b44294);
});

test('zbootKernelEntry without a jump out of the zboot is a UserError', () => {
  const elf = readElf(readBytes(build('nozboot', ZBOOT.replace('li $t9, 0x80b44294', 'la $t9, decompress_kernel'), 0x81130000)), 'z.elf');
  assert.throws(() => zbootKernelEntry(elf), (e: unknown) => e instanceof UserError && /z\.elf: no 'lui\/ori t9; jalr t9'/.test(e.message));
});

test('inspectRawKernel checks the link address and reads the .bss bounds', () => {
  const { image, entry } = rawImage(0x80100000);
  assert.equal(entry, 0x80100408);
  assert.deepEqual(inspectRawKernel(image, 'vmlinux.bin', 0x80100000, entry), {
    loadAddress: 0x80100000,
    entry,
    size: image.length,
    bssStart: 0x80200000,
    bssEnd: 0x80234560,
  });
});

test('inspectRawKernel rejects a wrong load address, entry or _text jump', () => {
  const { image, entry } = rawImage(0x80100000);
  const rejects = (load: number, e: number, img: Uint8Array, pattern: RegExp): void =>
    assert.throws(() => inspectRawKernel(img, 'k.bin', load, e), (x: unknown) => x instanceof UserError && pattern.test(x.message));
  rejects(0x80100000, 0x80000000, image, /kernel_entry 0x80000000 is not an instruction inside the image/);
  rejects(0x80100000, entry + 4, image, /'j 0x80100408' at _text disagrees with kernel_entry 0x8010040c/);
  // Same code linked 64 KB higher, without the _text jump: kernel_entry's self-jump gives the link address away.
  const moved = rawImage(0x80110000);
  const noJump = new Uint8Array(moved.image);
  noJump.fill(0, 0, 4);
  rejects(0x80100000, moved.entry - 0x10000, noJump, /kernel_entry jumps to 0x8011042c, not to its own label: the image is linked at 0x80110000, not 0x80100000/);
});

test('findZbootPayload and zbootImageSize find the second XZ magic and the size after the stream footer', () => {
  const data = new Uint8Array(randomBytes(5000));
  const r = spawnSync('xz', ['--check=crc32', '-c'], { input: data });
  assert.ok(!r.error && r.status === 0, 'oracle xz failed or is not installed: run scripts/install-oracles.sh (as root)');
  const xz = new Uint8Array(r.stdout);
  const prefix = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]);
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, data.length, true);
  const zboot = new Uint8Array([...prefix, ...xz, ...size, ...new Uint8Array(32)]);
  assert.equal(findZbootPayload(zboot, 'vmlinuz'), prefix.length);
  assert.equal(zbootImageSize(zboot, 'vmlinuz', prefix.length), data.length);
  assert.throws(() => findZbootPayload(prefix, 'vmlinuz'), /vmlinuz: no XZ-compressed kernel inside .*found 1/);
  assert.throws(() => zbootImageSize(zboot.subarray(0, prefix.length + 40), 'vmlinuz', prefix.length), /byte 0xc: the XZ stream starting here has no footer/);
});

test('parseSystemMap reads symbols and finds none in Debian\'s stub', () => {
  assert.equal(parseSystemMap('ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n').size, 0);
  const m = parseSystemMap('80100000 T _text\n80b44294 T kernel_entry\nffffffff8118bd80 B _end\n');
  assert.deepEqual([...m], [
    ['_text', 0x80100000],
    ['kernel_entry', 0x80b44294],
    ['_end', 0x8118bd80],
  ]);
});
