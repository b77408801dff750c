// The register scopes of a thread as trees of plain variables, and register writes. A thread's
// general registers, HI/LO and PC come from wherever they live (target.registerFile). Under the
// monitor a vCPU also has its virtual CP0 — with the guest-writable fields as its special page
// holds them, so a store the guest made there since the last trap shows — and virtual TLB, the
// real CP0 and hardware TLB of the physical CPU running it (read-only: the monitor owns them) and
// its monitor state. On the bare machine the CPU's own CP0 and TLB are shown and writable.
// Reading changes nothing; a write to a vCPU's virtual CP0 is made as an emulated MTC0 would
// make it and the vCPU's CPU is poked so the monitor applies it before the next instruction.

import { FPR_NAMES, GPR_ABI_NAMES } from '../isa/registers';
import { wordsToDouble, wordToSingle } from '../machine/fpu/fpFormat';
import { applyCp0Changes } from '../machine/priv/cop0Instructions';
import type { MachineCpu } from '../machine/system/machineCpu';
import { VIRTUAL_IP, vipBit } from '../monitor/abi';
import { SPECIAL_PAGE_USED, specialPageFields, loadSpecialPage, storeSpecialPage, type SpecialPageField } from '../monitor/specialPage';
import type { Vcpu } from '../monitor/vcpu';
import { VCP0_COMPARE } from '../monitor/virtualCp0';
import { nextCompareCycle } from '../monitor/vtime';
import { UserError } from '../util/diagnostic';
import { CP0_REGISTERS, cp0Register, cp0Variable, hex8, type RegisterVariable, tlbEntryVariable } from './cp0Fields';
import type { DebugTarget, DebugThread } from './target';

export type { RegisterVariable } from './cp0Fields';

/** A named group of registers (a DAP scope). */
export interface RegisterScope {
  readonly name: string;
  readonly variables: readonly RegisterVariable[];
}

/** CP0 register (reg << 3 | sel) of each guest-writable special-page field. */
const SPECIAL_FIELD_REGS: Readonly<Record<SpecialPageField, number>> = {
  index: 0 << 3, entryLo0: 2 << 3, entryLo1: 3 << 3, context: 4 << 3, pageMask: 5 << 3, badVAddr: 8 << 3,
  entryHi: 10 << 3, status: 12 << 3, epc: 14 << 3, errorEpc: 30 << 3,
};

const value = (name: string, raw: number, writable: boolean): RegisterVariable => ({ name, value: hex8(raw), raw: raw >>> 0, writable });

/** Reads the virtual CP0 register (reg, sel) of v as the guest sees it now. */
export function virtualCp0Reader(target: DebugTarget, t: DebugThread): (reg: number, sel: number) => number {
  const v = t.vcpu as Vcpu;
  const fromPage = new Map<number, number>();
  if (target.cpuOf(t) !== undefined) {
    const f = specialPageFields(target.machine.memory, v);
    for (const [k, key] of Object.entries(SPECIAL_FIELD_REGS)) fromPage.set(key, f[k as SpecialPageField]);
  }
  return (reg, sel) => fromPage.get((reg << 3) | sel) ?? v.cp0.read(reg, sel, v.icount);
}

function generalScope(target: DebugTarget, t: DebugThread): RegisterScope {
  const rf = target.registerFile(t);
  const gprs = GPR_ABI_NAMES.map((n, i) => value(`$${n}`, rf.gpr[i] as number, i !== 0));
  const slot: RegisterVariable = { name: 'delay slot', value: rf.inDelaySlot ? `yes (branch goes to ${hex8(rf.npc)})` : 'no', writable: false };
  return { name: 'Registers', variables: [...gprs, value('hi', rf.hi, true), value('lo', rf.lo, true), value('pc', rf.pc, true), slot] };
}

function cp0Scope(name: string, read: (reg: number, sel: number) => number, writable: boolean): RegisterScope {
  return { name, variables: CP0_REGISTERS.map((r) => ({ ...cp0Variable(r, read(r.reg, r.sel)), writable: writable && r.writable })) };
}

function tlbScope(name: string, tlb: { size: number; read(i: number): { entryHi: number; entryLo0: number; entryLo1: number; pageMask: number } }): RegisterScope {
  return { name, variables: Array.from({ length: tlb.size }, (_, i) => tlbEntryVariable(`[${i}]`, tlb.read(i))) };
}

function fpuScope(fpr: Int32Array, fcr31: number): RegisterScope {
  const regs = FPR_NAMES.map((n, i): RegisterVariable => {
    const w = fpr[i] as number;
    const children: RegisterVariable[] = [{ name: 'single', value: String(wordToSingle(w)), writable: false }];
    if (i % 2 === 0) children.push({ name: 'double', value: String(wordsToDouble(fpr[i + 1] as number, w)), writable: false });
    return { name: n, value: hex8(w), raw: w >>> 0, writable: false, children };
  });
  const bit = (name: string, shift: number, bits: number): RegisterVariable => ({ name, value: `0x${((fcr31 >>> shift) & ((1 << bits) - 1)).toString(16)}`, raw: (fcr31 >>> shift) & ((1 << bits) - 1), writable: false });
  const rm = fcr31 & 3;
  const fcsr: RegisterVariable = {
    name: 'FCSR', value: hex8(fcr31), raw: fcr31 >>> 0, writable: false,
    children: [
      bit('FCC7..1', 25, 7), bit('FS', 24, 1), bit('FCC0', 23, 1), bit('Cause', 12, 6), bit('Enables', 7, 5), bit('Flags', 2, 5),
      { name: 'RM', value: `${rm} (${['nearest', 'toward zero', 'toward +inf', 'toward -inf'][rm]})`, raw: rm, writable: false },
    ],
  };
  return { name: 'FPU', variables: [...regs, fcsr] };
}

const LINE_NAMES = Object.entries(VIRTUAL_IP).map(([n, ip]) => [n.replace(/^VIP_/, '').toLowerCase(), vipBit(ip)] as const);

function monitorScope(target: DebugTarget, t: DebugThread, v: Vcpu): RegisterScope {
  const cpu = target.cpuOf(t);
  const text = (name: string, s: string): RegisterVariable => ({ name, value: s, writable: false });
  const num = (name: string, n: number): RegisterVariable => ({ name, value: String(n), raw: n, writable: false });
  const pending = LINE_NAMES.filter(([, bit]) => v.lines & bit).map(([n]) => n);
  const c = v.counters;
  const tlb = Object.entries(c.tlb).map(([k, n]) => num(k, n));
  return {
    name: 'Monitor',
    variables: [
      text('run state', v.run),
      text('physical CPU', cpu === undefined ? `queued on CPU ${v.pcpu}` : `running on CPU ${cpu.index}`),
      num('instructions', v.icount),
      { name: 'pending lines', value: pending.length === 0 ? 'none' : pending.join(', '), raw: v.lines, writable: false, children: LINE_NAMES.map(([n, bit]) => num(n, v.lines & bit ? 1 : 0)) },
      text('timer period', v.timerPeriod === 0 ? 'off' : `${v.timerPeriod} cycles`),
      { name: 'TLB misses', value: String(c.tlb.hardwareMisses), writable: false, children: tlb },
      { name: 'traps', value: String(Object.values(c.traps).reduce((a, b) => a + b, 0)), writable: false, children: Object.entries(c.traps).map(([k, n]) => num(k, n)) },
      { name: 'cycles', value: String(c.cycles.user + c.cycles.kernel + c.cycles.monitor), writable: false, children: Object.entries(c.cycles).map(([k, n]) => num(k, n)) },
      num('migrations', c.migrations),
    ],
  };
}

/** Every register scope of thread t. */
export function registerScopes(target: DebugTarget, t: DebugThread): RegisterScope[] {
  const scopes = [generalScope(target, t)];
  const cpu = target.cpuOf(t);
  const v = t.vcpu;
  if (v !== undefined) {
    scopes.push(cp0Scope('Virtual CP0', virtualCp0Reader(target, t), true), tlbScope('Virtual TLB', v.vtlb));
    if (cpu !== undefined) scopes.push(cp0Scope(`CP0 (CPU ${cpu.index})`, (r, s) => cpu.cp0.read(r, s), false), tlbScope(`TLB (CPU ${cpu.index})`, cpu.jtlb));
    scopes.push(cpu === undefined ? fpuScope(v.fpr, v.fcr31) : fpuScope(cpu.state.fpr, cpu.state.fcr31), monitorScope(target, t, v));
  } else if (cpu !== undefined) {
    scopes.push(cp0Scope('CP0', (r, s) => cpu.cp0.read(r, s), true), tlbScope('TLB', cpu.jtlb), fpuScope(cpu.state.fpr, cpu.state.fcr31));
  }
  return scopes;
}

/** A register value from a number or text (decimal, 0x hex, negative); 32 bits. */
function parseValue(name: string, v: number | string): number {
  let n = typeof v === 'number' ? v : NaN;
  const m = typeof v === 'string' ? /^\s*(-?)(0x[0-9a-f]+|\d+)\s*$/i.exec(v) : null;
  if (m !== null) n = (m[1] === '-' ? -1 : 1) * Number(m[2]);
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new UserError(`${name}: ${JSON.stringify(v)} is not a 32-bit integer`);
  return n | 0;
}

function writeVirtualCp0(target: DebugTarget, t: DebugThread, reg: number, sel: number, x: number): void {
  const v = t.vcpu as Vcpu;
  const mon = target.monitor;
  if (mon === undefined || t.vm === undefined) return;
  const core = mon.core;
  const cpu = target.cpuOf(t);
  const mem = target.machine.memory;
  if (cpu !== undefined) loadSpecialPage(mem, v);
  const changed = v.cp0.write(reg, sel, x, v.icount);
  if (changed & VCP0_COMPARE) {
    if (reg === 11) core.lower(v, vipBit(VIRTUAL_IP.VIP_COMPARE));
    v.compareAt = nextCompareCycle(v, (target.machine.cpus[v.pcpu] as MachineCpu).cycle);
  }
  if (cpu !== undefined) {
    storeSpecialPage(mem, t.vm, v, core.clockHz);
    target.machine.noteMemoryWritten(v.specialMppn * 4096, SPECIAL_PAGE_USED);
    core.poke(cpu.index);
  } else core.notify(v);
}

function writeCp0(cpu: MachineCpu, reg: number, sel: number, x: number): void {
  const oldMode = cpu.cp0.mode;
  applyCp0Changes(cpu, cpu.cp0.write(reg, sel, x), oldMode);
  cpu.timerAt = cpu.cp0.nextTimerCycle();
}

/**
 * Sets a register of thread t: a GPR (`$sp`, `sp`, `$29`), `hi`, `lo`, `pc`, or a writable CP0
 * register by its manual name (`Status`, `EPC`…; a vCPU's virtual CP0 under the monitor).
 * Returns the register as it reads afterwards (only the register's writable bits change).
 */
export function setRegister(target: DebugTarget, t: DebugThread, name: string, v: number | string): RegisterVariable {
  const x = parseValue(name, v);
  const rf = target.registerFile(t);
  const key = name.trim().replace(/^\$/, '').toLowerCase();
  const gpr = /^\d+$/.test(key) ? Number(key) : GPR_ABI_NAMES.indexOf(key === 'fp' ? 's8' : key);
  if (gpr === 0) throw new UserError('$zero is always 0');
  if (gpr > 0 && gpr < 32) {
    rf.gpr[gpr] = x;
    return value(`$${GPR_ABI_NAMES[gpr] ?? gpr}`, x, true);
  }
  if (key === 'hi') rf.hi = x;
  else if (key === 'lo') rf.lo = x;
  else if (key === 'pc') {
    if (x & 3) throw new UserError(`pc: ${hex8(x)} is not word-aligned`);
    rf.setPc(x);
  }
  if (key === 'hi' || key === 'lo' || key === 'pc') return value(key, x, true);
  const r = cp0Register(key);
  if (r === undefined) throw new UserError(`no register named ${name}`);
  if (!r.writable) throw new UserError(`${r.name} is read-only`);
  if (t.vcpu !== undefined) {
    writeVirtualCp0(target, t, r.reg, r.sel, x);
    return cp0Variable(r, virtualCp0Reader(target, t)(r.reg, r.sel));
  }
  const cpu = target.cpuOf(t);
  if (cpu === undefined) throw new UserError(`${t.name} is offline`);
  writeCp0(cpu, r.reg, r.sel, x);
  return cp0Variable(r, cpu.cp0.read(r.reg, r.sel));
}
