// Parses QEMU's per-instruction CPU log (`qemu-mips -singlestep -d nochain,cpu,fpu`): one record
// per executed instruction holding the state *before* it — PC, HI, LO, the 32 GPRs, the FPR
// words (FR=0: QEMU prints even registers, with the odd one as the high half of `d:`) and FCSR.

export interface QemuState {
  readonly pc: number;
  readonly hi: number;
  readonly lo: number;
  readonly gpr: Int32Array;
  readonly fpr: Int32Array;
  readonly fcr31: number;
}

const hex = (s: string): number => parseInt(s, 16) | 0;

/** All records of a log, in execution order. */
export function parseQemuLog(text: string): QemuState[] {
  const out: QemuState[] = [];
  let cur: { pc: number; hi: number; lo: number; gpr: Int32Array; fpr: Int32Array; fcr31: number } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('pc=0x')) {
      if (cur) out.push(cur);
      const m = /^pc=0x([0-9a-f]+) HI=0x([0-9a-f]+) LO=0x([0-9a-f]+)/.exec(line);
      if (!m) throw new Error(`bad QEMU log line: ${line}`);
      cur = { pc: hex(m[1] as string), hi: hex(m[2] as string), lo: hex(m[3] as string), gpr: new Int32Array(32), fpr: new Int32Array(32), fcr31: 0 };
    } else if (!cur) continue;
    else if (line.startsWith('GPR')) {
      const base = parseInt(line.slice(3, 5), 10);
      const parts = line.slice(7).trim().split(/\s+/);
      for (let i = 0; i < 4; i++) cur.gpr[base + i] = hex(parts[i * 2 + 1] as string);
    } else if (line.startsWith('CP1 ')) {
      const m = /FCR31 0x([0-9a-f]+)/.exec(line);
      if (m) cur.fcr31 = hex(m[1] as string);
    } else {
      const m = /^\s*f(\d+): w:([0-9a-f]{8}) d:([0-9a-f]{16})/.exec(line);
      if (m) {
        const n = parseInt(m[1] as string, 10);
        const d = m[3] as string;
        cur.fpr[n] = hex(d.slice(8));
        cur.fpr[n + 1] = hex(d.slice(0, 8));
      }
    }
  }
  if (cur) out.push(cur);
  return out;
}
