// Appends instructions to the current section the way gas' append_insn does in .set reorder mode:
// a branch takes the previous instruction into its delay slot when nothing forbids it (can_swap_branch_p:
// no label on the branch, previous instruction movable and independent of the branch), otherwise
// a NOP follows it. MIPS32 interlocks loads, HI/LO and coprocessor moves, so no other NOPs are needed.

import type { SourceLocation } from '../../util/diagnostic';
import type { Endian } from '../object';
import { make } from './build';
import { type InsnEffects, NO_EFFECTS, effectsOf } from './effects';
import type { Encoded } from './encode';
import type { PendingFixup, Section } from './sections';

/** A line row while assembling: offsets move when a delay-slot swap moves an instruction. */
export interface MutableRow {
  offset: number;
  readonly file: string;
  readonly line: number;
}

interface History {
  readonly effects: InsnEffects;
  /** May not be moved into a delay slot (gas fixed_p). */
  fixed: boolean;
  /** Was assembled under .set noreorder. */
  readonly noreorder: boolean;
  /** Part of a gp-relative relaxation sequence (gas: in a variant frag). */
  readonly variant: boolean;
  readonly section: Section | undefined;
  offset: number;
  readonly fixup: PendingFixup | undefined;
  readonly row: MutableRow | undefined;
}

const EMPTY: History = {
  effects: NO_EFFECTS, fixed: true, noreorder: false, variant: false, section: undefined, offset: 0, fixup: undefined, row: undefined,
};

/** What the emitter needs from the assembler. */
export interface EmitHost {
  readonly endian: Endian;
  section(): Section;
  /** Labels were defined in this section since its last instruction. */
  hasPendingLabels(s: Section): boolean;
  clearPendingLabels(s: Section): void;
  /** Source position for the line row of the instruction being emitted. */
  rowLocation(): SourceLocation;
}

export class Emitter {
  private history: History[] = [EMPTY, EMPTY, EMPTY];
  /** Depth of .set noreorder (macros nest their own). */
  noreorder = 0;

  constructor(private readonly host: EmitHost) {}

  /** Forgets the previous instructions (gas mips_no_prev_insn); called at data, alignment and section changes. */
  flush(): void {
    this.history = [EMPTY, EMPTY, EMPTY];
    this.host.clearPendingLabels(this.host.section());
  }

  startNoreorder(): void {
    if (this.noreorder === 0) {
      for (const h of this.history) h.fixed = true;
      this.host.clearPendingLabels(this.host.section());
    }
    this.noreorder++;
  }

  endNoreorder(): void {
    if (this.noreorder > 0) this.noreorder--;
  }

  /** The previous instruction is a branch whose delay slot is still open (noreorder code). */
  inDelaySlot(): boolean {
    const b = (this.history[0] as History).effects.branch;
    return this.noreorder > 0 && b !== 'none';
  }

  /** Appends one instruction; `variant` marks gp-relaxable sequences (never moved). */
  append(insn: Encoded, variant = false): void {
    const sec = this.host.section();
    const effects = effectsOf(insn.spec, insn.word);
    const noreorder = this.noreorder > 0;
    let method: 'add' | 'nop' | 'swap' = 'add';
    if (!noreorder && effects.branch !== 'none') method = effects.branch !== 'likely' && this.canSwap(effects, sec) ? 'swap' : 'nop';
    const entry = this.write(insn, effects, noreorder, variant);
    if (method === 'swap') {
      const prev = this.history[0] as History;
      const at = prev.offset;
      const prevWord = sec.readWord(at, this.host.endian);
      this.moveTo(entry, at, insn.word);
      this.moveTo(prev, at + 4, prevWord);
      prev.fixed = true;
      this.history = [prev, entry, ...this.history.slice(1, 2)];
    } else {
      this.history = [entry, ...this.history.slice(0, 2)];
      if (method === 'nop') {
        const nop = this.write(make('nop'), NO_EFFECTS, true, false);
        this.history = [nop, ...this.history.slice(0, 2)];
      }
    }
    const h1 = this.history[1] as History;
    if (h1.effects.branch === 'uncond') this.history = [EMPTY, EMPTY, EMPTY];
    this.host.clearPendingLabels(sec);
  }

  private write(insn: Encoded, effects: InsnEffects, fixed: boolean, variant: boolean): History {
    const sec = this.host.section();
    const offset = sec.size;
    const bytes = new Uint8Array(4);
    const w = insn.word >>> 0;
    for (let i = 0; i < 4; i++) bytes[i] = (w >>> (this.host.endian === 'big' ? 24 - 8 * i : 8 * i)) & 0xff;
    sec.append(bytes);
    let fixup: PendingFixup | undefined;
    if (insn.fixup) {
      fixup = { offset, type: insn.fixup.type, size: 4, expr: insn.fixup.expr, loc: insn.fixup.loc };
      sec.fixups.push(fixup);
    }
    const l = this.host.rowLocation();
    const row: MutableRow = { offset, file: l.file, line: l.line };
    sec.lines.push(row);
    return { effects, fixed, noreorder: fixed && this.noreorder > 0, variant, section: sec, offset, fixup, row };
  }

  private moveTo(h: History, offset: number, word: number): void {
    const sec = h.section;
    if (!sec) return;
    h.offset = offset;
    sec.writeInt(offset, 4, word, this.host.endian);
    if (h.fixup) h.fixup.offset = offset;
    if (h.row) h.row.offset = offset;
  }

  /** gas can_swap_branch_p for MIPS32 (no load/HI-LO/coprocessor hazards to respect). */
  private canSwap(ip: InsnEffects, sec: Section): boolean {
    const prev = this.history[0] as History;
    if (prev.fixed || prev.section !== sec) return false;
    if ((this.history[1] as History).noreorder) return false;
    if (this.host.hasPendingLabels(sec)) return false;
    if (prev.variant) return false;
    const p = prev.effects;
    if (p.noDelaySlot) return false;
    if ((ip.gprRead & p.gprWrite) !== 0) return false;
    if ((ip.fprRead & p.fprWrite) !== 0) return false;
    if ((ip.gprWrite & p.gprWrite) !== 0) return false;
    if ((ip.gprWrite & p.gprRead) !== 0) return false;
    if (ip.ccRead && p.ccWrite) return false;
    if (ip.ccWrite && p.ccRead) return false;
    return true;
  }
}
