// Measurements of Linux VMs on the virtualization assist (docs/linux-vm.md), shared by
// `disco experiments linux-vm` and bench/linuxVm:
// - one privileged instruction (MFC0 Status, MTC0 EPC, TLBWI, ERET), eight per loop iteration,
//   trapped and emulated (the loop as a guest OS VM under the monitor: each one raises
//   Coprocessor Unusable) against executed by the assist (the same loop linked in kseg0 and run
//   in guest mode over an identity root map: none exits): emulated cycles per instruction (the
//   CPU's clock, monitor cycles included, the loop's own instructions subtracted) and host ns;
// - Debian's kernel booted to the busybox prompt on the bare linux-generic board and as one VM
//   of the same memory under the monitor: instructions, cycles, wall seconds, guest exits.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config/discoConfig';
import { bootLinux } from '../machine/boards/linuxGeneric';
import { EXC_GE } from '../machine/exceptions';
import { newGuestCounters, type GuestContext } from '../machine/priv/guestContext';
import { GuestMode } from '../machine/priv/guestMode';
import { JointTlb } from '../machine/priv/tlb';
import { Machine } from '../machine/system/machine';
import { DiscoMonitor } from '../monitor/monitor';
import { VirtualCp0 } from '../monitor/virtualCp0';
import { assemble } from '../toolchain/assembler/assembler';
import { readElf } from '../toolchain/elf/elfFile';
import { link } from '../toolchain/link/linker';
import { writeExecutable } from '../toolchain/link/writeExecutable';
import { readLinuxGuest } from '../toolchain/linuxGuestFiles';
import type { FileAccessor } from '../util/fileAccessor';

/** The privileged instructions measured: the loop body and what it needs set up first. */
const OPS: Readonly<Record<string, { readonly setup: string; readonly op: string }>> = {
  MFC0: { setup: '', op: 'mfc0 $t0, $12' },
  MTC0: { setup: '', op: 'mtc0 $s1, $14' },
  TLBWI: { setup: 'mtc0 $zero, $0\n  mtc0 $zero, $2\n  mtc0 $zero, $3\n  mtc0 $zero, $5', op: 'tlbwi' },
  ERET: { setup: '', op: '' },
};
export const PRIVILEGED_OPS = Object.keys(OPS);
const PER_ITERATION = 8;
const CLOCK_MHZ = 200;
const PROMPT = '\n/ # ';

/** One instruction's cost on one path. */
export interface PerOp {
  readonly cyclesPerOp: number;
  readonly nsPerOp: number;
}

/** Where the measurements find their files and put their temporary ones. */
export interface MeasureEnv {
  readonly files: FileAccessor;
  /** guest/include (disco/monitor.h for the guest OS loop). */
  readonly guestInclude: string;
}

const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'disco-linux-vm-'));

/** The loop: iterations × (8 × op, addiu, bnez, nop); ERET's loop returns to its head through EPC. */
function source(kind: string, iterations: number, guest: boolean): string {
  const o = OPS[kind] as { setup: string; op: string };
  const head = guest ? '#include <disco/monitor.h>\n' : '';
  const halt = guest ? 'li $v0, MC_HALT\n  li $a0, 0\n  MONITOR_CALL' : 'wait';
  const body =
    kind === 'ERET'
      ? 'la $t1, loop\n  mtc0 $t1, $14\nloop:\n  addiu $s0, $s0, -1\n  beqz $s0, done\n  nop\n  eret'
      : `loop:\n${`  ${o.op}\n`.repeat(PER_ITERATION)}  addiu $s0, $s0, -1\n  bnez $s0, loop\n  nop`;
  const count = kind === 'ERET' ? iterations * PER_ITERATION : iterations;
  return `${head}  .set noreorder\n  .text\n  .globl __start\n__start:\n  li $s0, ${count}\n  ${o.setup}\n  ${body}\ndone:\n  ${halt}\n  nop\n`;
}

/** Privileged instructions executed, and the loop's own instructions around them. */
function opCounts(kind: string, iterations: number): { ops: number; loop: number } {
  const ops = iterations * PER_ITERATION;
  return kind === 'ERET' ? { ops, loop: 3 * ops } : { ops, loop: 3 * iterations };
}

/** The loop as a guest OS VM: every privileged instruction traps and is emulated. */
export function trappedOp(env: MeasureEnv, kind: string, iterations: number): PerOp {
  const dir = scratch();
  const kernel = path.join(dir, `${kind}.S`);
  fs.writeFileSync(kernel, source(kind, iterations, true));
  const file = path.join(dir, 'c.disco.json');
  const text = JSON.stringify({ machine: { cpus: 1, memoryMB: 32, endian: 'little', clockMHz: CLOCK_MHZ }, vms: [{ name: 'g', memoryMB: 4, kernel }] });
  const monitor = new DiscoMonitor({ config: loadConfig(text, file, env.files), files: env.files, includeDirs: [env.guestInclude] });
  const cpu = monitor.machine.cpus[0];
  const c0 = cpu?.cycle ?? 0;
  const t0 = performance.now();
  const stop = monitor.run(1e10);
  const ns = (performance.now() - t0) * 1e6;
  if (stop.reason !== 'halted') throw new Error(`${kind} loop under the monitor: ${JSON.stringify(stop)}`);
  const { ops, loop } = opCounts(kind, iterations);
  return { cyclesPerOp: ((cpu?.cycle ?? 0) - c0 - loop) / ops, nsPerOp: ns / ops };
}

/** The loop in guest mode on the assist (kseg0, identity root map): nothing exits until its WAIT. */
export function assistedOp(env: MeasureEnv, kind: string, iterations: number): PerOp {
  const k = path.join(scratch(), `${kind}.S`);
  fs.writeFileSync(k, source(kind, iterations, false));
  const r = assemble(k, { files: env.files, endian: 'little', includeDirs: [] });
  const elf = readElf(writeExecutable(link([r.object], { endian: 'little', textAddress: 0x80100000 })), k);
  const machine = new Machine({ cpus: 1, memoryMB: 16, endianness: 'little' });
  for (const s of elf.segments) if (s.filesz > 0) machine.memory.writeBytes((s.vaddr & 0x1fffffff) >>> 0, s.data.subarray(0, s.filesz));
  const cpu = machine.cpus[0];
  if (cpu === undefined) throw new Error('no CPU');
  const cp0 = new VirtualCp0({ now: () => cpu.cycle, lines: () => 0, vcpuId: 0, tlbSize: 48, bigEndian: false });
  const pages = machine.memory.size / 4096;
  const ctx: GuestContext = {
    cp0, tlb: new JointTlb(48), counters: newGuestCounters(),
    mfc0: (reg, sel) => cp0.read(reg, sel, cpu.state.icount), mtc0: (reg, sel, v) => void cp0.write(reg, sel, v, cpu.state.icount),
    exits: () => false, random: () => 0, rootPage: (g) => (g < pages ? g : -1), rootPeek: (g) => (g < pages ? g : -1),
  };
  let exits = 0;
  machine.onException = (_c, exc) => {
    if (exc.excCode !== EXC_GE) throw new Error(`${kind} loop on the assist: ExcCode ${exc.excCode}`);
    exits++;
    machine.requestStop({ reason: 'exit', code: 0, cpu: 0 });
    return 'handled';
  };
  cpu.state.jumpTo(elf.entry);
  new GuestMode(cpu).enter(ctx);
  const c0 = cpu.cycle;
  const t0 = performance.now();
  machine.run(1e10);
  const ns = (performance.now() - t0) * 1e6;
  if (exits !== 1) throw new Error(`${kind} loop on the assist exited ${exits} times`);
  const { ops, loop } = opCounts(kind, iterations);
  return { cyclesPerOp: (cpu.cycle - c0 - loop - 1) / ops, nsPerOp: ns / ops };
}

/** A boot to the busybox prompt. */
export interface LinuxBootFigures {
  readonly instructions: number;
  readonly cycles: number;
  readonly seconds: number;
}

/** The bare linux-generic board of `memoryMB`, to the prompt. */
export function bareLinuxBoot(env: MeasureEnv, kernelJson: string, memoryMB: number): LinuxBootFigures {
  let text = '';
  const machine = new Machine({ cpus: 1, memoryMB, endianness: 'little', clockHz: CLOCK_MHZ * 1e6, console: (t) => (text += t) });
  const guest = readLinuxGuest({ kernel: kernelJson, bootArgs: '' }, env.files, 'bare');
  const t0 = performance.now();
  bootLinux(machine, guest.boot, CLOCK_MHZ * 1e6);
  while (!text.includes(PROMPT)) if (machine.run(5_000_000).reason !== 'limit') throw new Error('the bare board stopped before its prompt');
  return { instructions: machine.retired, cycles: machine.cpus[0]?.cycle ?? 0, seconds: (performance.now() - t0) / 1000 };
}

/** One Linux VM of `memoryMB` under the monitor on one CPU, to the prompt, with its guest exits and assisted instructions. */
export function vmLinuxBoot(env: MeasureEnv, kernelJson: string, memoryMB: number): LinuxBootFigures & { readonly exits: Record<string, number>; readonly assisted: Record<string, number>; readonly monitorCycles: number } {
  const file = path.join(scratch(), 'vm.disco.json');
  const config = { machine: { cpus: 1, memoryMB: 2 * memoryMB, endian: 'little', clockMHz: CLOCK_MHZ, virtualizationAssist: true }, vms: [{ name: 'linux', kind: 'linux', memoryMB, kernel: kernelJson }] };
  let text = '';
  const t0 = performance.now();
  const monitor = new DiscoMonitor({ config: loadConfig(JSON.stringify(config), file, env.files), files: env.files, console: (_vm, line) => void (text += `${line}\n`) });
  const vm = monitor.vms[0];
  if (vm === undefined) throw new Error('no VM');
  while (!`${text}${vm.consoleLine}`.includes(PROMPT)) if (monitor.run(5_000_000).reason !== 'limit') throw new Error('the Linux VM stopped before its prompt');
  const seconds = (performance.now() - t0) / 1000;
  const stats = monitor.stats();
  const linux = stats.vms[0]?.linux?.[0];
  return {
    instructions: monitor.machine.retired,
    cycles: monitor.machine.cpus[0]?.cycle ?? 0,
    seconds,
    exits: { ...(linux?.exits ?? {}) },
    assisted: { ...(linux?.assisted ?? {}) },
    monitorCycles: stats.pcpus[0]?.cycles.monitor ?? 0,
  };
}
