// The COP0 opcode space and CACHE executed in guest mode (MIPS VZ ASE in spirit): MFC0/MTC0,
// DI/EI, RDPGPR/WRPGPR, TLBR/TLBWI/TLBWR/TLBP on the guest TLB and ERET act on the guest CP0
// copy without leaving guest mode; the registers the context names (timer, Cause) and WAIT are
// guest privileged sensitive instructions: a GPSI guest exit hands them to the root, which
// emulates them and continues after them. Outside guest kernel mode (and without the guest's
// CU0) they raise the guest's own Coprocessor Unusable; unknown encodings its Reserved
// Instruction, decoded as the root decodes them (cop0Instructions.ts).

import { EXC_CPU, EXC_GE, EXC_RI, GuestException } from '../exceptions';
import { CP0_CAUSE, CP0_CONTEXT, CP0_STATUS, INDEX_P, MODE_KERNEL, STATUS_CU0, STATUS_ERL, STATUS_EXL, STATUS_IE } from './cp0Bits';
import { GEXC_GPSI, type GuestContext } from './guestContext';
import type { GuestMode } from './guestMode';

/** Mnemonics of the CO-format functions (rs = 0x10). */
const CO_NAMES: Readonly<Record<number, string>> = { 1: 'TLBR', 2: 'TLBWI', 6: 'TLBWR', 8: 'TLBP', 24: 'ERET', 32: 'WAIT' };

function count(ctx: GuestContext, name: string): void {
  ctx.counters.assisted[name] = (ctx.counters.assisted[name] ?? 0) + 1;
}

/** The guest's Coprocessor Unusable unless guest kernel mode or guest Status.CU0. */
function requireGuestCp0(ctx: GuestContext): void {
  if (ctx.cp0.mode !== MODE_KERNEL && !(ctx.cp0.status & STATUS_CU0)) throw new GuestException(EXC_CPU, undefined, 0);
}

/** Leaves guest mode for the root to emulate the instruction (GPSI). */
function gpsi(gm: GuestMode): never {
  gm.exit.code = GEXC_GPSI;
  throw new GuestException(EXC_GE);
}

function tlbInstruction(gm: GuestMode, ctx: GuestContext, funct: number): void {
  const { cp0, tlb } = ctx;
  const indexed = (cp0.index & ~INDEX_P) % tlb.size;
  switch (funct) {
    case 1: {
      const before = gm.translationState();
      const e = tlb.read(indexed);
      cp0.entryHi = e.entryHi;
      cp0.entryLo0 = e.entryLo0;
      cp0.entryLo1 = e.entryLo1;
      cp0.pageMask = e.pageMask;
      gm.translationChanged(before);
      return;
    }
    case 2:
    case 6:
      tlb.write(funct === 2 ? indexed : ctx.random(), cp0.entryHi, cp0.entryLo0, cp0.entryLo1, cp0.pageMask);
      gm.translator.mappingChanged();
      return;
    case 8: {
      const i = tlb.find(cp0.entryHi, cp0.asid);
      cp0.index = i < 0 ? INDEX_P | (cp0.index & ~INDEX_P) : i;
      return;
    }
    default:
      throw new GuestException(EXC_RI);
  }
}

/** ERET on the guest CP0: to ErrorEPC clearing ERL, else to EPC clearing EXL. */
function guestEret(gm: GuestMode, ctx: GuestContext): void {
  const c = ctx.cp0;
  const before = gm.translationState();
  const erl = (c.status & STATUS_ERL) !== 0;
  const pc = erl ? c.errorEpc : c.epc;
  c.setStatus(c.status & ~(erl ? STATUS_ERL : STATUS_EXL));
  gm.cpu.clearReservation();
  gm.cpu.state.jumpTo(pc);
  gm.translationChanged(before);
  gm.cpu.requestYield();
}

/** Executes a COP0-opcode word in guest mode (the PC already points past it). */
export function executeGuestCop0(gm: GuestMode, w: number): void {
  const ctx = gm.ctx as GuestContext;
  requireGuestCp0(ctx);
  const gpr = gm.cpu.state.gpr;
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  if (rs >= 16) {
    const name = rs === 16 ? CO_NAMES[w & 63] : undefined;
    if (name === undefined) throw new GuestException(EXC_RI);
    if (name === 'WAIT') gpsi(gm);
    count(ctx, name);
    if (name === 'ERET') guestEret(gm, ctx);
    else tlbInstruction(gm, ctx, w & 63);
    return;
  }
  switch (rs) {
    case 0:
      if (w & 0x7f8) break;
      if (ctx.exits(rd, w & 7, false)) gpsi(gm);
      count(ctx, 'MFC0');
      if (rt !== 0) gpr[rt] = ctx.mfc0(rd, w & 7);
      return;
    case 4: {
      if (w & 0x7f8) break;
      if (ctx.exits(rd, w & 7, true)) gpsi(gm);
      count(ctx, 'MTC0');
      const before = gm.translationState();
      ctx.mtc0(rd, w & 7, gpr[rt] as number);
      if (rd === CP0_CONTEXT && (w & 7) === 2) gm.cpu.state.userLocal = gpr[rt] as number;
      gm.translationChanged(before);
      if (rd === CP0_STATUS || rd === CP0_CAUSE) gm.cpu.requestYield();
      return;
    }
    case 10:
    case 14:
      if (w & 0x7ff) break;
      count(ctx, rs === 10 ? 'RDPGPR' : 'WRPGPR');
      if (rd !== 0) gpr[rd] = gpr[rt] as number;
      return;
    case 11: {
      if (rd !== 12 || (w & 0x7df) !== 0) break;
      const ei = (w & 0x20) !== 0;
      count(ctx, ei ? 'EI' : 'DI');
      const old = ctx.cp0.status;
      if (rt !== 0) gpr[rt] = old;
      ctx.cp0.setStatus(ei ? old | STATUS_IE : old & ~STATUS_IE);
      if (ei) gm.cpu.requestYield();
      return;
    }
  }
  throw new GuestException(EXC_RI);
}

/** CACHE in guest mode: a no-op in guest kernel mode (or with guest CU0). */
export function executeGuestCache(gm: GuestMode): void {
  const ctx = gm.ctx as GuestContext;
  requireGuestCp0(ctx);
  count(ctx, 'CACHE');
}
