// The virtualization assist (machine/priv/guestMode.ts): a kernel linked in kseg0, run in guest
// mode with a root map that moves every guest-physical page 4 MB up in machine memory. Its
// kseg0 and guest-TLB accesses must land in the root-mapped pages; MFC0/MTC0/TLBWI/ERET act on
// the guest CP0 copy and guest TLB; SYSCALL, a guest TLB refill and an injected interrupt enter
// the guest's own vectors without the root; Compare writes, Cause reads, WAIT and a device
// register are guest exits the root sees, with their kind and guest-physical address; the
// root CP0 and TLB are never touched; leaving guest mode restores the root translator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootKernel, kusegEntry, PRELUDE } from './buildKernel';
import { EXC_GE } from '../../../../debug-adapter/machine/exceptions';
import { GEXC_GPA, GEXC_GPSI, newGuestCounters, type GuestContext } from '../../../../debug-adapter/machine/priv/guestContext';
import { GuestMode } from '../../../../debug-adapter/machine/priv/guestMode';
import { JointTlb } from '../../../../debug-adapter/machine/priv/tlb';
import { VirtualCp0 } from '../../../../debug-adapter/monitor/virtualCp0';
import type { MachineCpu } from '../../../../debug-adapter/machine/system/machineCpu';

const OFFSET_PAGES = 0x400; // guest page g lives in machine page g + 0x400
const GUEST_PAGES = 0x300;

const KERNEL = `${PRELUDE}
  .section .vectors, "ax"
  .org 0                      # guest TLB refill: note BadVAddr, skip the load
  mfc0 $v1, $8
  mfc0 $k1, $14
  addiu $k1, $k1, 4
  mtc0 $k1, $14
  eret
  .org 0x180                  # general vector: first the syscall, then the interrupt
  mfc0 $k0, $13
  bnez $s5, 1f
  nop
  move $s5, $k0
  mfc0 $s6, $14
  addiu $k1, $s6, 4
  mtc0 $k1, $14
  eret
1:
  move $a2, $k0
  mfc0 $a3, $14
  li $k1, 2                   # Status = EXL only: IE and IM off after the ERET
  mtc0 $k1, $12
  eret
  .text
  .globl __start
__start:
  la $t0, data
  lw $s0, 0($t0)              # kseg0 load through the root map
  li $t1, 0x55667788
  sw $t1, 4($t0)              # kseg0 store through the root map
  li $t0, 0x00400000          # guest TLB: kuseg 0x00400000 pair -> GPA 0x00200000
  mtc0 $t0, $10
  li $t0, (0x200 << 6) | (3 << 3) | 7
  mtc0 $t0, $2
  li $t0, (0x201 << 6) | (3 << 3) | 7
  mtc0 $t0, $3
  mtc0 $zero, $5
  li $t0, 5
  mtc0 $t0, $0
  tlbwi
  li $t2, 0x00400000
  li $t3, 0xcafef00d
  sw $t3, 0($t2)              # mapped store
  li $t4, 0x80200000
  lw $s1, 0($t4)              # the same word through kseg0
  li $t2, 0x00800000
  lw $s2, 0($t2)              # no guest entry: guest TLB refill
  mfc0 $s3, $12               # Status (assisted)
  mtc0 $s1, $30               # ErrorEPC (assisted)
  mfc0 $s4, $30
sys:
  syscall
compare_write:
  mtc0 $zero, $11             # Compare: GPSI exit
  li $t5, 0xbf000900
device_load:
  lw $t6, 0($t5)              # no RAM there: GPA exit
cause_read:
  mfc0 $t7, $13               # Cause read: GPSI exit (the root injects IP2 here)
  li $t0, 0x401               # IE | IM2: the injected interrupt is taken after this MTC0
  mtc0 $t0, $12
after_irq:
  wait                        # GPSI exit: the test ends here
  nop
  .data
data:
  .word 0x11223344, 0
`;

test('guest mode: kseg0 and guest TLB through the root map, assisted CP0, guest exceptions at guest vectors, exits to the root', () => {
  const k = bootKernel(KERNEL, { endianness: 'little' });
  const m = k.machine;
  const cpu = m.cpus[0] as MachineCpu;
  const mem = m.memory;
  // Move the loaded image into the root-mapped pages, and clear the originals.
  for (let g = 0; g < GUEST_PAGES; g++) {
    mem.writeBytes((g + OFFSET_PAGES) * 4096, mem.readBytes(g * 4096, 4096));
    mem.fill0(g * 4096, 4096);
  }
  let lines = 0;
  const cp0 = new VirtualCp0({ now: () => cpu.cycle, lines: () => lines, vcpuId: 0, tlbSize: 16, bigEndian: false });
  cp0.ebase = 0x80000000 | 0;
  const ctx: GuestContext = {
    cp0,
    tlb: new JointTlb(16),
    counters: newGuestCounters(),
    mfc0: (reg, sel) => cp0.read(reg, sel, cpu.state.icount),
    mtc0: (reg, sel, v) => void cp0.write(reg, sel, v, cpu.state.icount),
    exits: (reg, sel, write) => sel === 0 && ((write && (reg === 9 || reg === 11)) || (!write && reg === 13)),
    random: () => 0,
    rootPage: (g) => (g < GUEST_PAGES ? g + OFFSET_PAGES : -1),
    rootPeek: (g) => (g < GUEST_PAGES ? g + OFFSET_PAGES : -1),
  };
  const gm = new GuestMode(cpu);
  const rootEpcBefore = cpu.cp0.epc;
  const rootTlbBefore = cpu.jtlb.save();
  const exits: string[] = [];
  m.onException = (c, exc) => {
    assert.equal(exc.excCode, EXC_GE, `only guest exits reach the root, got ExcCode ${exc.excCode}`);
    const pc = exc.pc >>> 0;
    if (gm.exit.code === GEXC_GPA) {
      exits.push(`GPA 0x${gm.exit.gpa.toString(16)} access ${gm.exit.access} at 0x${pc.toString(16)}`);
      c.state.gpr[14] = 0x42; // the root emulates the device load into $t6
    } else {
      assert.equal(gm.exit.code, GEXC_GPSI);
      const w = mem.read32((OFFSET_PAGES << 12) + (pc & 0x1fffffff));
      exits.push(`GPSI 0x${(w >>> 0).toString(16)} at 0x${pc.toString(16)}`);
      if (w >>> 26 === 0x10 && (w & 63) === 32) {
        m.requestStop({ reason: 'exit', code: 7, cpu: 0 });
        return 'handled';
      }
      if (w >>> 21 === 0x200 && ((w >>> 11) & 31) === 13) {
        const rt = (w >>> 16) & 31;
        c.state.gpr[rt] = cp0.causeValue;
        if (rt === 15) lines = 1 << 10; // inject IP2 after the test's own Cause read
      }
    }
    c.state.jumpTo((exc.pc + 4) | 0);
    return 'handled';
  };
  cpu.state.jumpTo(k.sym('__start') | 0);
  gm.enter(ctx);
  assert.equal(cpu.translator, gm.translator);
  const stop = m.run(10_000);
  assert.deepEqual(stop, { reason: 'exit', code: 7, cpu: 0 });
  const g = cpu.state.gpr;
  const u = (i: number): number => (g[i] as number) >>> 0;
  assert.equal(u(16), 0x11223344, 'kseg0 load');
  const dataPa = (k.sym('data') & 0x1fffffff) + (OFFSET_PAGES << 12);
  assert.equal(mem.read32(dataPa + 4) >>> 0, 0x55667788, 'the kseg0 store landed in the root-mapped page');
  assert.equal(mem.read32((k.sym('data') & 0x1fffffff) + 4), 0, 'and not at the guest-physical address itself');
  assert.equal(u(17), 0xcafef00d, 'mapped store read back through kseg0');
  assert.equal(mem.read32(0x200000 + (OFFSET_PAGES << 12)) >>> 0, 0xcafef00d);
  assert.equal(u(3), 0x00800000, 'guest TLB refill at EBase + 0 with guest BadVAddr');
  assert.equal(u(18), 0, 'the refilled load was skipped');
  assert.equal(u(20), 0xcafef00d, 'ErrorEPC written and read on the guest CP0');
  assert.equal((u(21) >>> 2) & 31, 8, 'SYSCALL entered the guest general vector');
  assert.equal(u(22), k.sym('sys'), 'guest EPC of the syscall');
  assert.equal((u(6) >>> 2) & 31, 0, 'the injected interrupt entered the guest with ExcCode Int');
  assert.equal(u(7), k.sym('after_irq'), 'guest EPC of the interrupt: after the enabling MTC0');
  assert.equal(u(14), 0x42, 'the root emulated the device load');
  assert.equal(u(15) & 0x400, 0, 'Cause read before the injection');
  const at = (label: string): string => `0x${k.sym(label).toString(16)}`;
  assert.deepEqual(exits, [
    'GPSI 0x401a6800 at 0x80000180', // mfc0 $k0, $13 in the vector (the syscall)
    `GPSI 0x40805800 at ${at('compare_write')}`,
    `GPA 0x1f000900 access 0 at ${at('device_load')}`,
    `GPSI 0x400f6800 at ${at('cause_read')}`,
    'GPSI 0x401a6800 at 0x80000180', // the interrupt
    `GPSI 0x42000020 at ${at('after_irq')}`,
  ]);
  assert.deepEqual(ctx.counters.exceptions, { TLBL: 1, Sys: 1 });
  assert.equal(ctx.counters.interrupts, 1);
  assert.equal(ctx.counters.assisted.TLBWI, 1);
  assert.equal(ctx.counters.assisted.ERET, 3);
  assert.equal(cpu.cp0.epc, rootEpcBefore, 'the root EPC is untouched');
  assert.deepEqual(cpu.jtlb.save(), rootTlbBefore, 'the root TLB is untouched');
  assert.equal(ctx.tlb.find(0x00400000, 0), 5, 'TLBWI wrote the guest TLB');
  gm.leave();
  assert.equal(cpu.translator, cpu.mmu);
  assert.equal(cpu.guest, undefined);
});

test('guest mode: guest user mode gets the guest CpU for COP0 and AdEL for kseg0; a page the root map refuses is a GPA exit', () => {
  const k = bootKernel(`${PRELUDE}
  .section .vectors, "ax"
  .org 0x180
  bnez $s0, 1f
  nop
  mfc0 $s0, $13               # first: CpU, skip the instruction
  mfc0 $k1, $14
  addiu $k1, $k1, 4
  mtc0 $k1, $14
  eret
1:
  mfc0 $s1, $13               # then: AdEL
  mfc0 $s2, $8
  wait
  .text
  .globl __start
__start:
${kusegEntry(0x12, 3)}
  mfc0 $t0, $12               # CpU in guest user mode
  li $t2, 0x80000100
  lw $t3, 0($t2)              # AdEL in guest user mode
`, { endianness: 'little' });
  const m = k.machine;
  const cpu = m.cpus[0] as MachineCpu;
  const cp0 = new VirtualCp0({ now: () => cpu.cycle, lines: () => 0, vcpuId: 0, tlbSize: 16, bigEndian: false });
  cp0.ebase = 0x80000000 | 0;
  const ctx: GuestContext = {
    cp0, tlb: new JointTlb(16), counters: newGuestCounters(),
    mfc0: (reg, sel) => cp0.read(reg, sel, 0), mtc0: (reg, sel, v) => void cp0.write(reg, sel, v, 0),
    exits: () => false, random: () => 0, rootPage: (g) => g, rootPeek: (g) => g,
  };
  const gm = new GuestMode(cpu);
  let exits = 0;
  m.onException = (_c, exc) => {
    assert.equal(exc.excCode, EXC_GE);
    exits++;
    m.requestStop({ reason: 'exit', code: 0, cpu: 0 });
    return 'handled';
  };
  cpu.state.jumpTo(k.sym('__start') | 0);
  gm.enter(ctx);
  m.run(1000);
  const u = (i: number): number => (cpu.state.gpr[i] as number) >>> 0;
  assert.equal((u(16) >>> 2) & 31, 11, 'CpU');
  assert.equal((u(17) >>> 2) & 31, 4, 'AdEL');
  assert.equal(u(18), 0x80000100);
  assert.equal(exits, 1, 'WAIT in the handler is the only exit');
  assert.equal(cp0.mode, 0, 'the guest is back in kernel mode (EXL)');
  // A root map that refuses everything above page 0x110: a guest load there exits with its GPA.
  ctx.rootPage = (g) => (g < 0x110 ? g : -1);
  assert.equal(gm.translator.probe(0x80200000 | 0, 0), 0x200000, 'probe uses rootPeek');
  assert.throws(() => gm.translator.translate(0x80200000 | 0, 0, { value: 0 }), (e: Error) => e.message === 'GE at 0x80200000');
  assert.equal(gm.exit.code, GEXC_GPA);
  assert.equal(gm.exit.gpa, 0x200000);
});

test('guest mode: SDBBP is the guest\'s Reserved Instruction, never the host\'s UHI semihosting', () => {
  const k = bootKernel(`${PRELUDE}
  .section .vectors, "ax"
  .org 0x180
  mfc0 $s0, $13
  mfc0 $s1, $14
  wait
  .text
  .globl __start
__start:
  li $t9, 1                   # UHI exit, were it served
  li $a0, 42
sdbbp_site:
  sdbbp 1
`, { endianness: 'little' });
  const m = k.machine;
  assert.equal(m.semihosting, true, 'a machine that serves UHI to root code');
  const cpu = m.cpus[0] as MachineCpu;
  const cp0 = new VirtualCp0({ now: () => cpu.cycle, lines: () => 0, vcpuId: 0, tlbSize: 16, bigEndian: false });
  cp0.ebase = 0x80000000 | 0;
  const ctx: GuestContext = {
    cp0, tlb: new JointTlb(16), counters: newGuestCounters(),
    mfc0: (reg, sel) => cp0.read(reg, sel, 0), mtc0: (reg, sel, v) => void cp0.write(reg, sel, v, 0),
    exits: () => false, random: () => 0, rootPage: (g) => g, rootPeek: (g) => g,
  };
  m.onException = (_c, exc) => {
    assert.equal(exc.excCode, EXC_GE, 'only the WAIT exits');
    m.requestStop({ reason: 'exit', code: 0, cpu: 0 });
    return 'handled';
  };
  cpu.state.jumpTo(k.sym('__start') | 0);
  new GuestMode(cpu).enter(ctx);
  assert.deepEqual(m.run(1000), { reason: 'exit', code: 0, cpu: 0 }, 'not UHI exit 42');
  assert.equal(((cpu.state.gpr[16] as number) >>> 2) & 31, 10, 'RI');
  assert.equal((cpu.state.gpr[17] as number) >>> 0, k.sym('sdbbp_site'));
});
