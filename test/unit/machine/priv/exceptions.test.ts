// Exceptions on the privileged machine, with small kernels assembled by GNU as: TLB refill /
// invalid / modified with their vectors and registers, nested refills, address errors by mode,
// CpU from user mode, reserved instructions, bus errors, exceptions in delay slots, ERET
// clearing the LL bit, and the owner's exception hook.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRELUDE, VECTORS, bootKernel, kusegEntry, recorded } from './buildKernel';
import { EXC_ADEL, EXC_ADES, EXC_CPU, EXC_DBE, EXC_IBE, EXC_MOD, EXC_RI, EXC_SYS, EXC_TLBL, EXC_TLBS } from '../../../../debug-adapter/machine/exceptions';

const START = `
  .text
  .globl __start
__start:
  mtc0 $zero, $12
  ehb
`;

/** Runs a kernel to its UHI exit; returns the recorded exception and the machine. */
function runKernel(body: string, handler = 'uhi_exit 0') {
  const k = bootKernel(`${PRELUDE}${VECTORS}${START}${body}\nhandler:\n${handler}\n`);
  const stop = k.machine.run(100000);
  assert.equal(stop.reason, 'exit', `kernel did not exit: ${JSON.stringify(stop)}`);
  const cpu = k.machine.cpus[0];
  assert.ok(cpu);
  return { ...k, cpu, stop, rec: recorded(cpu.state.gpr) };
}

test('TLB refill on a load: refill vector, BadVAddr, Context, EntryHi; TLBWR and ERET retry', () => {
  const { rec, cpu, sym } = runKernel(
    `
  li $t0, 0x80200000
  li $t1, 0x5eed
  sw $t1, 0x120($t0)
  li $t0, 0x80800000
  mtc0 $t0, $4          # Context.PTEBase
  li $t0, 0x2a
  mtc0 $t0, $10         # ASID 0x2a
  li $s7, 0
miss:
  lw $a0, 0x120($zero)  # kuseg page 0: no TLB entry
  uhi_exit 0
`,
    `
  bnez $s7, 1f
  nop
  li $s7, 1
  li $t0, (0x200 << 6) | 0x6    # EntryLo0: PFN 0x200 (pa 0x200000), D, V
  mtc0 $t0, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  tlbwr
  eret
1:
  uhi_exit 1
`,
  );
  assert.equal(rec.vector, 1, 'refill vector');
  assert.equal(rec.excCode, EXC_TLBL);
  assert.equal(rec.epc, sym('miss'));
  assert.equal(rec.badVAddr, 0x120);
  assert.equal(rec.context, 0x80800000);
  assert.equal(rec.entryHi, 0x2a, 'VPN2 0, ASID kept');
  assert.equal(rec.status & 2, 2, 'EXL set');
  assert.equal(cpu.state.gpr[4], 0, 'uhi_exit 0 after the retried load');
  const idx = cpu.cp0.random;
  assert.ok(idx >= 0 && idx < 48);
});

test('the retried load reads through the new mapping', () => {
  const { cpu } = runKernel(
    `
  li $t0, 0x80200000
  li $t1, 0x5eed
  sw $t1, 0x120($t0)
  li $t0, (0x200 << 6) | 0x6
  mtc0 $t0, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  mtc0 $zero, $10
  mtc0 $zero, $0
  tlbwi
  lw $a1, 0x120($zero)
  uhi_exit 0
`,
  );
  assert.equal(cpu.state.gpr[5], 0x5eed);
});

test('TLB invalid and modified go to the general vector', () => {
  const setup = (lo0: string, access: string): string => `
  li $t0, ${lo0}
  mtc0 $t0, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  li $t0, 0x00004000
  mtc0 $t0, $10
  mtc0 $zero, $0
  tlbwi
  li $t1, 0x00004010
fault:
  ${access}
  uhi_exit 3
`;
  const inv = runKernel(setup('(0x300 << 6) | 0x4', 'lw $t2, 0($t1)'));
  assert.equal(inv.rec.vector, 2);
  assert.equal(inv.rec.excCode, EXC_TLBL);
  assert.equal(inv.rec.badVAddr, 0x4010);
  assert.equal(inv.rec.epc, inv.sym('fault'));
  const mod = runKernel(setup('(0x300 << 6) | 0x2', 'sw $t2, 0($t1)'));
  assert.equal(mod.rec.vector, 2);
  assert.equal(mod.rec.excCode, EXC_MOD);
  assert.equal(mod.rec.entryHi, 0x4000);
  const st = runKernel(setup('0', 'sw $t2, 0($t1)'));
  assert.equal(st.rec.excCode, EXC_TLBS);
});

test('a refill while EXL is set goes to the general vector and keeps EPC', () => {
  const { rec } = runKernel(`
  li $t0, 0x1234
  mtc0 $t0, $14
  li $t0, 2
  mtc0 $t0, $12         # EXL = 1
  ehb
  lw $t1, 0x2000($zero)
  uhi_exit 3
`);
  assert.equal(rec.vector, 2);
  assert.equal(rec.excCode, EXC_TLBL);
  assert.equal(rec.epc, 0x1234);
});

/** Enters user (KSU=2) or supervisor (KSU=1) mode, EXL set, at label `code`'s kuseg alias. */
const enterMode = (ksu: number): string => kusegEntry((ksu << 3) | 2, 47);

test('address errors by mode: user load of kseg0, supervisor store to kseg1, user fetch of kseg0', () => {
  const u = runKernel(`${enterMode(2)}
  li $t1, 0x80001000
fault:
  lw $t2, 0($t1)
`);
  assert.equal(u.rec.excCode, EXC_ADEL);
  assert.equal(u.rec.badVAddr, 0x80001000);
  assert.equal(u.rec.epc, u.sym('fault') - 0x80000000);
  assert.equal(u.rec.status & 0x1a, 0x12, 'KSU still user, EXL set');
  const s = runKernel(`${enterMode(1)}
  li $t1, 0xa0001000
  sw $t2, 0($t1)
`);
  assert.equal(s.rec.excCode, EXC_ADES);
  assert.equal(s.rec.badVAddr, 0xa0001000);
  const sseg = runKernel(`${enterMode(1)}
  li $t1, 0xc0001000
  lw $t2, 0($t1)
`);
  assert.equal(sseg.rec.vector, 1, 'sseg is mapped for supervisor: a refill, not an address error');
  const f = runKernel(`
  la $t0, target
  mtc0 $t0, $14
  li $t0, 0x12
  mtc0 $t0, $12
  ehb
  eret
target:
  nop
`);
  assert.equal(f.rec.excCode, EXC_ADEL);
  assert.equal(f.rec.epc, f.sym('target'));
  assert.equal(f.rec.badVAddr, f.sym('target'));
});

test('user mode: privileged instructions raise CpU with CE=0 unless CU0', () => {
  const u = runKernel(`${enterMode(2)}
fault:
  mfc0 $t0, $12
`);
  assert.equal(u.rec.excCode, EXC_CPU);
  assert.equal((u.rec.cause >>> 28) & 3, 0);
  assert.equal(u.rec.epc, u.sym('fault') - 0x80000000);
  const cu0 = runKernel(`${kusegEntry(0x10000012, 47)}
  mfc0 $a1, $15
  syscall
`);
  assert.equal(cu0.rec.excCode, EXC_SYS, 'no CpU before the syscall');
  assert.equal(cu0.cpu.state.gpr[5], 0x00019300);
});

test('RDHWR outside kernel mode needs its HWREna bit; CPUNum, CC and UserLocal values', () => {
  const denied = runKernel(`${enterMode(2)}
fault:
  rdhwr $t0, $29
`);
  assert.equal(denied.rec.excCode, EXC_RI);
  assert.equal(denied.rec.epc, denied.sym('fault') - 0x80000000);
  const allowed = runKernel(`
  li $t0, 0x1234
  mtc0 $t0, $4, 2           # UserLocal
  li $t0, 0x20000005        # ULR, CC, CPUNum
  mtc0 $t0, $7
  ${enterMode(2)}
  rdhwr $a1, $29
  rdhwr $a2, $0
  rdhwr $a3, $2
  syscall
`);
  assert.equal(allowed.rec.excCode, EXC_SYS);
  assert.equal(allowed.cpu.state.gpr[5], 0x1234);
  assert.equal(allowed.cpu.state.gpr[6], 0);
  const cc = allowed.cpu.state.gpr[7] as number;
  assert.ok(cc > 0 && cc <= allowed.cpu.cp0.count, 'CC runs at the Count rate');
  const k = bootKernel(`${PRELUDE}
  .text
  .globl __start
__start:
  rdhwr $a0, $0
  beqz $a0, 1f
  nop
  uhi_exit_reg $a0
1:
  b 1b
  nop
`, { cpus: 3 });
  const stop = k.machine.run(100000);
  assert.deepEqual(stop, { reason: 'exit', code: 1, cpu: 1 }, 'kernel-mode RDHWR $0 reads EBase.CPUNum');
});

test('FPU instructions raise CpU with CE=1 until Status.CU1 is set', () => {
  const off = runKernel(`
fault:
  mtc1 $zero, $f0
`);
  assert.equal(off.rec.excCode, EXC_CPU);
  assert.equal((off.rec.cause >>> 28) & 3, 1);
  assert.equal(off.rec.epc, off.sym('fault'));
  const on = runKernel(`
  li $t0, 0x20000000
  mtc0 $t0, $12
  ehb
  li $t0, 0x40490fdb
  mtc1 $t0, $f2
  mfc1 $a1, $f2
  uhi_exit 0
`);
  assert.equal(on.rec.vector, 0);
  assert.equal(on.cpu.state.gpr[5], 0x40490fdb);
});

test('reserved instructions, SDBBP other than UHI, bus errors on load and fetch', () => {
  const ri = runKernel(`
fault:
  .word 0x7c00003f
`);
  assert.equal(ri.rec.excCode, EXC_RI);
  assert.equal(ri.rec.epc, ri.sym('fault'));
  const sd = runKernel('sdbbp 7\n');
  assert.equal(sd.rec.excCode, EXC_RI);
  const dbe = runKernel(`
  li $t0, 0xbe000000
  lw $t1, 0($t0)
`);
  assert.equal(dbe.rec.excCode, EXC_DBE);
  const ibe = runKernel(`
  li $t0, 0xbe000000
  jr $t0
  nop
`);
  assert.equal(ibe.rec.excCode, EXC_IBE);
  assert.equal(ibe.rec.epc, 0xbe000000);
});

test('an exception in a branch delay slot: EPC is the branch, Cause.BD set', () => {
  const { rec, sym } = runKernel(`
branch:
  beq $zero, $zero, far
  lw $t0, 0x3000($zero)
far:
  uhi_exit 3
`);
  assert.equal(rec.excCode, EXC_TLBL);
  assert.equal(rec.bd, true);
  assert.equal(rec.epc, sym('branch'));
  assert.equal(rec.badVAddr, 0x3000);
});

test('ERET clears the LL bit: an SC after an exception fails', () => {
  const run = (between: string) =>
    runKernel(
      `
  li $s7, 0
  li $a0, 0x80300000
  ll $t0, 0($a0)
  ${between}
  addiu $t0, $t0, 1
  sc $t0, 0($a0)
  move $a1, $t0
  uhi_exit 0
`,
      `
  mfc0 $k0, $14
  addiu $k0, $k0, 4
  mtc0 $k0, $14
  eret
`,
    );
  assert.equal(run('nop').cpu.state.gpr[5], 1, 'SC succeeds without an exception');
  const withSys = run('syscall');
  assert.equal(withSys.rec.excCode, EXC_SYS);
  assert.equal(withSys.cpu.state.gpr[5], 0, 'SC fails after ERET');
});

test('the exception hook sees exceptions first and may handle them', () => {
  const k = bootKernel(`${PRELUDE}${VECTORS}${START}
  syscall
  li $a1, 77
  uhi_exit 0
handler:
  uhi_exit 9
`);
  const seen: number[] = [];
  k.machine.onException = (cpu, e) => {
    seen.push(e.excCode);
    cpu.state.jumpTo((e.pc + 4) | 0);
    return 'handled';
  };
  const stop = k.machine.run(1000);
  assert.deepEqual(stop, { reason: 'exit', code: 0, cpu: 0 });
  assert.deepEqual(seen, [EXC_SYS]);
  assert.equal(k.machine.cpus[0]?.state.gpr[5], 77);
});

test('kuseg is unmapped while ERL is set (reset state)', () => {
  const k = bootKernel(`${PRELUDE}
  .text
  .globl __start
__start:
  li $t0, 0x80200000
  li $t1, 0x77
  sw $t1, 0($t0)
  li $t0, 0x00200000
  lw $a1, 0($t0)
  uhi_exit 0
`);
  assert.equal(k.machine.run(1000).reason, 'exit');
  assert.equal(k.machine.cpus[0]?.state.gpr[5], 0x77);
});
