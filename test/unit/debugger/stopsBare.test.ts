// Engine stops on the bare machine (debugger/execution.ts over test/fixtures/debugger/stopsBare.S,
// whose order of events is known by design): a machine-address breakpoint reached through kseg0
// and kseg1, exception stops at the vector with EPC/Cause/BadVAddr set and the handler not begun,
// instruction steps into exceptions and over delay slots, a disk DMA into a watched range, and
// reverse execution landing exactly on each earlier stop.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryDiskImage } from '../../../debug-adapter/machine/devices/diskImage';
import { bootElf } from '../../../debug-adapter/machine/system/bareBoot';
import { Machine } from '../../../debug-adapter/machine/system/machine';
import { imageFromElf, SymbolService } from '../../../debug-adapter/toolchain/symbols/symbolService';
import { Execution, type ExecStop } from '../../../debug-adapter/debugger/execution';
import { DebugTarget, type DebugThread } from '../../../debug-adapter/debugger/target';
import { bareKernelElf } from '../../support/debugTargets';
import { stateHash } from '../../support/stateHash';

const elf = bareKernelElf('test/fixtures/debugger/stopsBare.S');
/** Sector 0 of disk0: the kernel exits with its first word. */
const SECTOR = Uint8Array.from({ length: 512 }, (_, i) => (i < 4 ? [0, 0, 0, 42][i] as number : (i * 7) & 0xff));
const BUDGET = 1_000_000;
const OPTS = { timeout: 20_000 };

// ExcCodes and Cause fields of the MIPS32 manual (Vol. III, Table 9.31).
const SYS = 8;
const BP = 9;
const TLBL = 2;
const ADEL = 4;
const CAUSE_BD = 0x80000000;
const STATUS_EXL = 0x2;

function target(): DebugTarget {
  const machine = new Machine({ cpus: 1, memoryMB: 16, endianness: 'big', disks: [new MemoryDiskImage(SECTOR.slice())] });
  bootElf(machine, elf);
  const symbols = new SymbolService();
  symbols.add(imageFromElf(elf));
  return new DebugTarget(machine, undefined, symbols, [{ name: elf.fileName, path: elf.fileName, vm: undefined, elf, range: undefined }]);
}

function sym(t: DebugTarget, name: string): number {
  const a = t.symbols.addressOf(name);
  assert.ok(a !== undefined, name);
  return a | 0;
}

function cpu0(t: DebugTarget): DebugThread {
  return t.threads[0] as DebugThread;
}

function show(s: ExecStop | undefined): string {
  return JSON.stringify(s, (k, v: unknown) => (k === 'thread' || k === 'vm' || k === 'vcpu' ? undefined : v));
}

/** The CPU's state at an exception vector: pc, ExcCode, EPC, BadVAddr, BD, EXL, handler runs so far. */
function atVector(t: DebugTarget): { pc: number; exc: number; epc: number; bad: number; bd: boolean; exl: boolean; handled: number } {
  const c = t.machine.cpus[0];
  assert.ok(c !== undefined);
  const cause = c.cp0.causeValue;
  return {
    pc: c.state.pc | 0,
    exc: (cause >>> 2) & 31,
    epc: c.cp0.epc | 0,
    bad: c.cp0.badVAddr | 0,
    bd: (cause & CAUSE_BD) !== 0,
    exl: (c.cp0.status & STATUS_EXL) !== 0,
    handled: c.state.gpr[23] as number,
  };
}

test('a machine-address breakpoint stops the instruction reached through kseg0 and through kseg1; reverseContinue returns to the first', OPTS, () => {
  const t = target();
  const exec = new Execution(t, { snapshotEvery: 50 });
  const fn = sym(t, 'target');
  exec.setBreakpoints([{ space: 'machine', address: fn & 0x1fffffff }]);
  const first = exec.resume(BUDGET);
  assert.ok(first?.reason === 'breakpoint', show(first));
  assert.equal(first.pc, fn, 'through kseg0');
  assert.equal(t.machine.cpus[0]?.state.gpr[18], 0, 'before the first call ran target');
  const firstState = stateHash(t);
  const second = exec.resume(BUDGET);
  assert.ok(second?.reason === 'breakpoint', show(second));
  assert.equal(second.pc, (fn | 0x20000000) | 0, 'through kseg1');
  assert.equal(t.machine.cpus[0]?.state.gpr[18], 1, 'target ran once');
  assert.deepEqual(exec.resume(BUDGET), { reason: 'ended', code: 42 });
  assert.equal(exec.reverseContinue().reason, 'breakpoint');
  assert.equal(t.machine.cpus[0]?.state.pc, (fn | 0x20000000) | 0);
  assert.equal(exec.reverseContinue().reason, 'breakpoint');
  assert.equal(stateHash(t), firstState);
  // A virtual breakpoint at the same address stops the kseg0 call only.
  const v = target();
  const ve = new Execution(v);
  ve.setBreakpoints([{ space: 'virtual', address: fn }]);
  assert.equal(ve.resume(BUDGET)?.reason, 'breakpoint');
  assert.deepEqual(ve.resume(BUDGET), { reason: 'ended', code: 42 });
});

test('exception stops: the CPU stands at the vector with EPC, Cause and BadVAddr set, handler not begun; reverseContinue lands on each', OPTS, () => {
  const t = target();
  const exec = new Execution(t, { snapshotEvery: 64 });
  exec.setExceptionStops(new Set([SYS, BP, TLBL, ADEL]));
  const vectors = sym(t, 'vectors');
  const general = (vectors + 0x180) | 0;
  const word = sym(t, 'word');
  const expected = [
    { pc: general, exc: SYS, epc: sym(t, 'sys_site'), bd: false, handled: 0 },
    { pc: general, exc: BP, epc: sym(t, 'break_site'), bd: false, handled: 1 },
    { pc: vectors, exc: TLBL, epc: sym(t, 'refill_site'), bad: 0x1000, bd: false, handled: 2 },
    { pc: general, exc: ADEL, epc: sym(t, 'adel_site'), bad: (word + 1) | 0, bd: false, handled: 3 },
    { pc: general, exc: SYS, epc: sym(t, 'ds_exc_branch'), bd: true, handled: 4 },
  ];
  const states: string[] = [];
  for (const e of expected) {
    const s = exec.resume(BUDGET);
    assert.ok(s?.reason === 'exception', show(s));
    assert.equal(s.excCode, e.exc);
    assert.equal(s.thread, cpu0(t));
    const got = atVector(t);
    assert.equal(got.exl, true);
    assert.deepEqual({ pc: got.pc, exc: got.exc, epc: got.epc, bd: got.bd, handled: got.handled, ...(e.bad === undefined ? {} : { bad: got.bad }) }, e);
    states.push(stateHash(t));
  }
  assert.deepEqual(exec.resume(BUDGET), { reason: 'ended', code: 42 });
  for (let i = expected.length - 1; i >= 0; i--) {
    const back = exec.reverseContinue();
    assert.ok(back.reason === 'exception', show(back));
    assert.equal(back.excCode, expected[i]?.exc);
    assert.equal(stateHash(t), states[i], `exception stop ${i}`);
  }
  assert.equal(exec.reverseContinue().reason, 'history-start');
});

test('stepInstruction over a faulting instruction stops at the vector before the handler; the next step runs its first instruction; stepBack undoes both', OPTS, () => {
  const t = target();
  const exec = new Execution(t, { snapshotEvery: 40 });
  const vectors = sym(t, 'vectors');
  for (const site of ['sys_site', 'refill_site']) {
    exec.setBreakpoints([{ space: 'virtual', address: sym(t, site) }]);
    const s = exec.resume(BUDGET);
    assert.ok(s?.reason === 'breakpoint', show(s));
    const handled = t.machine.cpus[0]?.state.gpr[23];
    const atSite = stateHash(t);
    assert.equal(exec.stepInstruction(cpu0(t), false).reason, 'step');
    const got = atVector(t);
    const vector = site === 'sys_site' ? (vectors + 0x180) | 0 : vectors;
    assert.deepEqual([got.pc, got.exc, got.epc, got.handled], [vector, site === 'sys_site' ? SYS : TLBL, sym(t, site), handled]);
    exec.stepInstruction(cpu0(t), false);
    assert.equal(t.machine.cpus[0]?.state.pc, (vector + 4) | 0);
    // Back over the handler's first instruction and the exception entry: the breakpoint's state.
    exec.stepBack(cpu0(t));
    exec.stepBack(cpu0(t));
    assert.equal(stateHash(t), atSite);
  }
});

test('a stop in a delay slot: the step runs the slot and lands on the branch target; the run resumes exactly', OPTS, () => {
  const t = target();
  const exec = new Execution(t);
  const slot = (sym(t, 'slot_branch') + 4) | 0;
  const after = sym(t, 'after_ds');
  exec.setBreakpoints([{ space: 'virtual', address: slot }]);
  const s = exec.resume(BUDGET);
  assert.ok(s?.reason === 'breakpoint', show(s));
  const regs = t.registerFile(cpu0(t));
  assert.equal(regs.pc, slot);
  assert.equal(regs.inDelaySlot, true);
  assert.equal(regs.npc, sym(t, 'slot_target'));
  const s1 = t.machine.cpus[0]?.state.gpr[17] as number;
  exec.stepInstruction(cpu0(t), false);
  assert.equal(regs.pc, sym(t, 'slot_target'));
  assert.equal(regs.inDelaySlot, false);
  assert.equal(t.machine.cpus[0]?.state.gpr[17], s1 + 1, 'the slot ran once, the skipped instruction not at all');
  // Syscall in a delay slot: stopped there, the step enters the exception with EPC = the branch and BD.
  const dsSlot = (sym(t, 'ds_exc_branch') + 4) | 0;
  exec.setBreakpoints([{ space: 'virtual', address: dsSlot }, { space: 'virtual', address: after }]);
  assert.equal(exec.resume(BUDGET)?.reason, 'breakpoint');
  assert.equal(regs.pc, dsSlot);
  assert.equal(regs.inDelaySlot, true);
  exec.stepInstruction(cpu0(t), false);
  const got = atVector(t);
  assert.deepEqual([got.pc, got.exc, got.epc, got.bd], [(sym(t, 'vectors') + 0x180) | 0, SYS, sym(t, 'ds_exc_branch'), true]);
  const s2 = exec.resume(BUDGET);
  assert.ok(s2?.reason === 'breakpoint' && s2.pc === after, show(s2));
  const stopped = stateHash(t);
  // The same kernel run to after_ds without stopping in either slot reaches the same state.
  const u = target();
  const ue = new Execution(u);
  ue.setBreakpoints([{ space: 'virtual', address: after }]);
  assert.equal(ue.resume(BUDGET)?.reason, 'breakpoint');
  assert.equal(stateHash(u), stopped);
});

test('a disk DMA into a watched machine range stops with by: dma; reverseContinue lands on it', OPTS, () => {
  const t = target();
  const exec = new Execution(t, { snapshotEvery: 100 });
  const pa = sym(t, 'buffer') & 0x1fffffff;
  // A watchpoint beside the buffer is not hit.
  exec.setWatchpoints([{ space: 'machine', address: pa + 512, length: 64, read: false, write: true }]);
  assert.deepEqual(exec.resume(BUDGET), { reason: 'ended', code: 42 });
  const u = target();
  const ue = new Execution(u, { snapshotEvery: 100 });
  ue.setWatchpoints([{ space: 'machine', address: pa + 256, length: 4, read: false, write: true }]);
  const s = ue.resume(BUDGET);
  assert.ok(s?.reason === 'watchpoint', show(s));
  assert.deepEqual({ by: s.by, thread: s.thread, space: s.space, write: s.write, size: s.size }, { by: 'dma', thread: undefined, space: 'machine', write: true, size: 512 });
  assert.equal(s.address, pa + 256);
  assert.deepEqual(u.machine.memory.readBytes(pa, 512), SECTOR, 'the sector is in memory at the stop');
  assert.notEqual(u.machine.cpus[0]?.state.pc, sym(u, 'disk_done'), 'the kernel has not seen DONE yet');
  const atDma = stateHash(u);
  assert.deepEqual(ue.resume(BUDGET), { reason: 'ended', code: 42 });
  const back = ue.reverseContinue();
  assert.ok(back.reason === 'watchpoint' && back.by === 'dma', show(back));
  assert.equal(stateHash(u), atDma);
});
