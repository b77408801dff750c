// The per-instruction trace format of `disco trace` (a commit log, like Spike's --log-commits):
//
//   <n> <pc> <word>[ ds][ <reg>=<value>...]
//
// n counts executed instructions from 0 (decimal); pc and word are 8 hex digits; `ds` marks an
// instruction executed in a branch delay slot; then every register whose value the instruction
// changed, in this order: r1…r31, hi, lo, f0…f31 (FPR words), fcsr — each as 8 hex digits.
// Registers written with their old value are not listed (QEMU's state dumps cannot show them).

import type { Cpu } from './cpu';

const GPRS = 32;
const FPRS = 32;
/** Snapshot layout: gpr[0..31], hi, lo, fpr[0..31], fcsr. */
const SNAP = GPRS + 2 + FPRS + 1;

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

function names(i: number): string {
  if (i < GPRS) return `r${i}`;
  if (i === GPRS) return 'hi';
  if (i === GPRS + 1) return 'lo';
  if (i < GPRS + 2 + FPRS) return `f${i - GPRS - 2}`;
  return 'fcsr';
}

export class InstructionTracer {
  private readonly before = new Int32Array(SNAP);
  private readonly after = new Int32Array(SNAP);
  private count = 0;

  constructor(private readonly cpu: Cpu) {}

  private snapshot(into: Int32Array): void {
    const S = this.cpu.state;
    into.set(S.gpr, 0);
    into[GPRS] = S.hi;
    into[GPRS + 1] = S.lo;
    into.set(S.fpr, GPRS + 2);
    into[SNAP - 1] = S.fcr31;
  }

  /** Steps one instruction and returns its trace line. */
  step(): string {
    const S = this.cpu.state;
    const pc = S.pc;
    const ds = S.inDelaySlot;
    const pa = this.cpu.probe(pc);
    const word = this.cpu.memory.isRam(pa, 4) ? this.cpu.memory.read32(pa) : 0;
    this.snapshot(this.before);
    this.cpu.step();
    this.snapshot(this.after);
    const parts = [String(this.count++), hex8(pc), hex8(word)];
    if (ds) parts.push('ds');
    for (let i = 1; i < SNAP; i++) if (this.before[i] !== this.after[i]) parts.push(`${names(i)}=${hex8(this.after[i] as number)}`);
    return parts.join(' ');
  }
}
