// Text views of a privileged CPU for people: the register dump printed when a run stops (pc as
// symbol+offset, the 32 GPRs by o32 ABI name, HI/LO, and the CP0 registers a kernel developer
// looks at first), and a machine-level instruction trace in the `disco trace` line format with
// the symbol of each pc appended. Reads state only through side-effect-free paths.

import { GPR_ABI_NAMES } from '../../isa';
import { excCodeName } from '../exceptions';
import { ACCESS_FETCH } from '../softTlb';
import * as B from '../priv/cp0Bits';
import type { Machine } from './machine';
import type { MachineCpu } from './machineCpu';

/** Names an address (`start_kernel+0x10`); the plain hex form when nothing better is known. */
export interface AddressNamer {
  formatAddress(address: number): string;
}

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
const plain: AddressNamer = { formatAddress: (a) => `0x${hex8(a)}` };

/** `0x80ee79b8 <start_kernel>`: an address with its symbol, when there is one. */
function named(v: number, names: AddressNamer): string {
  const s = names.formatAddress(v);
  return s.startsWith('0x') ? `0x${hex8(v)}` : `0x${hex8(v)} <${s}>`;
}

const CP0_SHOWN: readonly (readonly [string, number, number])[] = [
  ['Status', B.CP0_STATUS, 0],
  ['Cause', B.CP0_CAUSE, 0],
  ['EPC', B.CP0_EPC, 0],
  ['BadVAddr', B.CP0_BADVADDR, 0],
  ['EntryHi', B.CP0_ENTRYHI, 0],
  ['Context', B.CP0_CONTEXT, 0],
  ['Count', B.CP0_COUNT, 0],
  ['Compare', B.CP0_COMPARE, 0],
  ['EBase', B.CP0_PRID, 1],
  ['Wired', B.CP0_WIRED, 0],
  ['PageMask', B.CP0_PAGEMASK, 0],
  ['ErrorEPC', B.CP0_ERROREPC, 0],
];

const MODE_NAMES = ['kernel', 'supervisor', 'user'] as const;

/** The register dump of one CPU: pc line, GPRs four to a line, HI/LO, CP0. */
export function formatCpuState(cpu: MachineCpu, names: AddressNamer = plain): string {
  const S = cpu.state;
  const status = cpu.cp0.read(B.CP0_STATUS, 0);
  const cause = cpu.cp0.read(B.CP0_CAUSE, 0);
  const lines = [
    `cpu ${cpu.index}: pc ${named(S.pc, names)}${S.inDelaySlot ? ' (delay slot)' : ''}  ${MODE_NAMES[cpu.cp0.mode]} mode  ${S.icount} instructions`,
  ];
  for (let r = 0; r < 32; r += 4) {
    const row: string[] = [];
    for (let k = r; k < r + 4; k++) row.push(`${(GPR_ABI_NAMES[k] ?? '').padStart(4)} ${hex8(S.gpr[k] as number)}`);
    lines.push(row.join('  '));
  }
  lines.push(`  hi ${hex8(S.hi)}    lo ${hex8(S.lo)}    ra ${names.formatAddress(S.gpr[31] as number)}`);
  const cp0 = CP0_SHOWN.map(([n, reg, sel]) => `${n} ${hex8(cpu.cp0.read(reg, sel))}`);
  for (let i = 0; i < cp0.length; i += 4) lines.push(cp0.slice(i, i + 4).join('  '));
  const exc = (cause & B.CAUSE_EXCCODE) >>> B.CAUSE_EXCCODE_SHIFT;
  lines.push(
    `Status: IE=${status & B.STATUS_IE ? 1 : 0} EXL=${status & B.STATUS_EXL ? 1 : 0} ERL=${status & B.STATUS_ERL ? 1 : 0} ` +
      `BEV=${status & B.STATUS_BEV ? 1 : 0} IM=${hex8((status & B.STATUS_IM) >>> B.STATUS_IM_SHIFT).slice(6)}  ` +
      `Cause: ExcCode=${exc} (${excCodeName(exc)}) IP=${hex8((cause >>> B.CAUSE_IP_SHIFT) & 0xff).slice(6)}  EPC ${names.formatAddress(cpu.cp0.read(B.CP0_EPC, 0))}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Steps CPU `cpu` of the machine `count` times (each step retires one instruction or takes one
 * exception) and returns one line per step: `<n> <pc> <word>[ ds][ <reg>=<value>…]  <symbol>`
 * as `disco trace` prints them, or `<n> <pc> <word> exception <name> -> <vector>`.
 * Stops early when the machine stops for another reason (returned as `stop`).
 */
export function traceMachine(machine: Machine, cpu: number, count: number, names: AddressNamer = plain): { lines: string[]; stop?: string } {
  const c = machine.cpus[cpu];
  if (c === undefined) throw new RangeError(`no CPU ${cpu}`);
  const S = c.state;
  const before = new Int32Array(34);
  const snap = (into: Int32Array): void => {
    into.set(S.gpr, 0);
    into[32] = S.hi;
    into[33] = S.lo;
  };
  const after = new Int32Array(34);
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const pc = S.pc;
    const ds = S.inDelaySlot;
    const pa = machine.probe(cpu, pc, ACCESS_FETCH);
    const word = pa >= 0 ? (machine.peek(pa, 4) ?? 0) : 0;
    const retired = S.icount;
    snap(before);
    const stop = machine.step(cpu);
    snap(after);
    const head = `${n} ${hex8(pc)} ${hex8(word)}${ds ? ' ds' : ''}`;
    if (S.icount === retired) {
      const exc = (c.cp0.read(B.CP0_CAUSE, 0) & B.CAUSE_EXCCODE) >>> B.CAUSE_EXCCODE_SHIFT;
      lines.push(`${head} exception ${excCodeName(exc)} -> ${hex8(S.pc)}  ${names.formatAddress(pc)}`);
    } else {
      const regs: string[] = [];
      for (let i = 1; i < 34; i++) if (before[i] !== after[i]) regs.push(`${i < 32 ? `r${i}` : i === 32 ? 'hi' : 'lo'}=${hex8(after[i] as number)}`);
      lines.push(`${head}${regs.length ? ` ${regs.join(' ')}` : ''}  ${names.formatAddress(pc)}`);
    }
    if (stop.reason !== 'step' && stop.reason !== 'breakpoint') return { lines, stop: stop.reason };
  }
  return { lines };
}
