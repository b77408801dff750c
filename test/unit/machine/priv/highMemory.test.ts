// RAM above the board's I/O window: a 1024 MB machine has RAM at [0, 0x1f000000) and
// [0x20000000, 0x40000000); physical addresses in [0x1f000000, 0x20000000) always reach the
// devices (the memory hole). Checked through a kernel that maps high RAM with the TLB (kseg0 only
// reaches the low 512 MB) while still printing on the UART, DMA into high RAM, the hole refused
// as RAM everywhere (CPU, SoftTlb, DMA, loader, peeks), the monitor's page allocator skipping it,
// the Linux board's two memory ranges and the config accepting 1024 MB.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, VECTORS, bootKernel, recorded } from './buildKernel';
import { Machine } from '../../../../debug-adapter/machine/system/machine';
import { Memmap } from '../../../../debug-adapter/monitor/memmap';
import { linuxBoardMemoryRanges } from '../../../../debug-adapter/machine/boards/linuxGeneric';
import { loadConfig } from '../../../../debug-adapter/config/discoConfig';
import { MemoryFileAccessor } from '../../../../debug-adapter/util/fileAccessor';

/** Maps va 0x00400000 (even page) and 0x00401000 (odd page) to the pair of machine pages at `pa`, cached and writable. */
const MAP_PAIR = (pa: number, cache = 3): string => `
  mtc0 $zero, $12             # leave ERL: kuseg is mapped
  ehb
  li $t0, 0x00400000
  mtc0 $t0, $10               # EntryHi: VPN2, ASID 0
  li $t0, ${((pa >>> 12) << 6) | (cache << 3) | 7}
  mtc0 $t0, $2                # EntryLo0: PFN, C, D, V, G
  li $t0, ${(((pa >>> 12) + 1) << 6) | (cache << 3) | 7}
  mtc0 $t0, $3                # EntryLo1
  mtc0 $zero, $5              # 4 KB pages
  mtc0 $zero, $0              # Index 0
  tlbwi
  ehb
`;

test('a 1024 MB machine: high RAM through a TLB mapping, the UART still answers, kseg0 reaches only low RAM', () => {
  const k = bootKernel(
    `${PRELUDE}${VECTORS}
  .text
  .globl __start
__start:
${MAP_PAIR(0x30000000)}
  li $t1, 0x00400000
  li $t2, 0x12345678
  sw $t2, 0($t1)
  li $t3, 0x9abcdef0
  sw $t3, 0x1ffc($t1)        # the odd page's last word
  lw $s1, 0($t1)
  lw $s2, 0x1ffc($t1)
  li $t4, 0x80100000          # kseg0: low RAM, unchanged by the stores above
  lw $s3, 0($t4)
  li $t5, 0xbf000900          # UART THR (kseg1)
  li $t6, 0x48                # 'H'
  sw $t6, 0($t5)
  li $t6, 0x69                # 'i'
  sw $t6, 0($t5)
  uhi_exit 0
handler:
  uhi_exit 99
`,
    { memoryMB: 1024 },
  );
  const stop = k.machine.run(10_000);
  assert.deepEqual(stop, { reason: 'exit', code: 0, cpu: 0 });
  const g = k.machine.cpus[0]?.state.gpr as Int32Array;
  assert.equal((g[17] as number) >>> 0, 0x12345678);
  assert.equal((g[18] as number) >>> 0, 0x9abcdef0);
  assert.notEqual((g[19] as number) >>> 0, 0x12345678);
  assert.equal(k.machine.peek(0x30000000, 4), 0x12345678);
  assert.equal(k.machine.peek(0x30001ffc, 4), 0x9abcdef0);
  assert.equal(k.output(), 'Hi');
});

test('a TLB mapping onto the I/O window reaches the devices, never the RAM behind it', () => {
  const k = bootKernel(
    `${PRELUDE}${VECTORS}
  .text
  .globl __start
__start:
${MAP_PAIR(0x1f010000, 2)}
  li $t1, 0x00400000
  lw $s7, 0x10($t1)           # INFO_MEMSIZE through the mapping
  li $t2, 0x5a5a5a5a
  sw $t2, 0x2000($t1)         # unmapped va: TLB refill, recorded
handler:
  move $a1, $s0
  uhi_exit_reg $s7
`,
    { memoryMB: 1024 },
  );
  const stop = k.machine.run(10_000);
  assert.deepEqual(stop, { reason: 'exit', code: 0x40000000, cpu: 0 }, 'INFO_MEMSIZE: 1024 MB');
  const g = k.machine.cpus[0]?.state.gpr as Int32Array;
  assert.equal((g[23] as number) >>> 0, 0x40000000);
  assert.equal(recorded(g).vector, 1);
});

test('a load from an unused address of the I/O window is a bus error, not RAM', () => {
  const k = bootKernel(
    `${PRELUDE}${VECTORS}
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
  li $t1, 0xbf800000          # kseg1 → 0x1f800000: inside the window, no device there
  lw $t2, 0($t1)
  uhi_exit 1
handler:
  uhi_exit 2
`,
    { memoryMB: 1024 },
  );
  assert.deepEqual(k.machine.run(10_000), { reason: 'exit', code: 2, cpu: 0 });
  const r = recorded(k.machine.cpus[0]?.state.gpr as Int32Array);
  assert.equal(r.excCode, 7, 'DBE');
});

test('the hole is not RAM for memory, peeks, SoftTlb fills and DMA; RAM above it is', () => {
  const m = new Machine({ cpus: 1, memoryMB: 1024 });
  const mem = m.memory;
  assert.equal(mem.isRam(0x1effff00, 0x100), true);
  assert.equal(mem.isRam(0x1effff00, 0x101), false);
  assert.equal(mem.isRam(0x1f000000, 4), false);
  assert.equal(mem.isRam(0x1ffffffc, 4), false);
  assert.equal(mem.isRam(0x20000000, 4), true);
  assert.equal(mem.isRam(0x3ffffffc, 4), true);
  assert.equal(mem.isRam(0x40000000, 4), false);
  assert.equal(m.cacheable(0x1f100000, 0), false);
  assert.equal(m.cacheable(0x20000000, 0), true);
  // INFO_MAGIC "DISC" is what a peek in the window returns: the device, not the bytes behind it.
  assert.equal(m.peek(0x1f010000, 4), 0x44495343);
  const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(m.board.dma.write('test', 0x3ffffff8, data), true);
  assert.equal(m.peek(0x3ffffff8, 4), 0x01020304);
  assert.equal(m.board.dma.write('test', 0x1efffffc, data), false, 'a transfer running into the window fails');
  assert.equal(m.board.dma.write('test', 0x1f100000, data), false);
  assert.deepEqual(m.board.dma.read('test', 0x3ffffffc, 4), new Uint8Array([5, 6, 7, 8]));
  // A small machine has no hole in its RAM.
  const small = new Machine({ cpus: 1, memoryMB: 64 });
  assert.equal(small.memory.holeBase, small.memory.size);
  assert.equal(small.memory.isRam(0x3fffffc, 4), true);
});

test('the monitor allocator skips the hole; the Linux board describes RAM as two ranges', () => {
  const pages = (1024 * 1048576) / 4096;
  const mm = new Memmap(pages, 2, { first: 0x1f000, end: 0x20000 });
  for (let i = 0; i < 0x1f000; i++) assert.equal(mm.allocate({ vm: 0, gppn: i }, 0), i);
  assert.equal(mm.allocate({ vm: 0, gppn: -5 }, 0), 0x20000, 'node 0 ends at the hole: the first page of node 1');
  assert.equal(mm.allocate({ vm: 1, gppn: 0 }, 1), 0x20001);
  const one = new Memmap(pages, 1, { first: 0x1f000, end: 0x20000 });
  for (let i = 0; i < 0x1f000; i++) one.allocate({ vm: 0, gppn: i }, 0);
  assert.equal(one.allocate({ vm: 0, gppn: -5 }, 0), 0x20000, 'the first page after the hole');
  assert.deepEqual(linuxBoardMemoryRanges(1024 * 1048576), [
    { base: 0, size: 0x1f000000 },
    { base: 0x20000000, size: 0x20000000 },
  ]);
  assert.deepEqual(linuxBoardMemoryRanges(512 * 1048576), [{ base: 0, size: 0x1f000000 }]);
  assert.deepEqual(linuxBoardMemoryRanges(128 * 1048576), [{ base: 0, size: 128 * 1048576 }]);
});

test('a config with 1024 MB of machine memory is accepted', () => {
  const files = new MemoryFileAccessor({ 'w/kernel.s': '' });
  const c = loadConfig('{ "machine": { "memoryMB": 1024, "nodes": 1 }, "vms": [ { "name": "v", "kernel": "kernel.s" } ] }', 'w/c.disco.json', files);
  assert.equal(c.machine.memoryMB, 1024);
});
