// Two-stage address translation of a CPU in guest mode (MIPS VZ ASE): guest-virtual →
// guest-physical by the guest's own rules (the segment map of the guest CP0's mode, kseg0/kseg1
// unmapped in guest kernel mode, the guest TLB elsewhere), raising the guest's AdEL/AdES,
// TLBL/TLBS and Mod; then guest-physical → machine through the owner's root map, where a page
// it does not give raises a GPA guest exit. The SoftTlb caches the combined translation; like
// the root translator this one remembers what it let in, so a lowered guest mode, a guest ASID
// change or a guest TLB write drops exactly those pages, and a change of the root map the entries
// reaching the machine page it no longer gives.

import { type AddressTranslator, XLATE_CACHEABLE } from '../addressTranslation';
import { EXC_ADEL, EXC_ADES, EXC_GE, EXC_MOD, EXC_TLBL, EXC_TLBS, GuestException } from '../exceptions';
import { ACCESS_STORE, type Access, type SoftTlb } from '../softTlb';
import { STATUS_ERL } from './cp0Bits';
import { GEXC_GPA, type GuestContext, type GuestExit } from './guestContext';
import { FillRecord, type PagePolicy } from './privilegedTranslator';
import { SEG_ERROR, SEG_MAPPED, segmentOf, unmappedPa } from './segments';
import { TLB_HIT, TLB_MODIFIED, TLB_REFILL } from './tlb';

export class GuestTranslator implements AddressTranslator {
  /** The virtual CPU being run (set by GuestMode.enter). */
  ctx: GuestContext | undefined;
  /** The last TLBL/TLBS raised was a guest TLB refill (no matching entry). */
  lastWasRefill = false;
  private faulted = false;
  private readonly privileged = new FillRecord();
  private readonly mapped = new FillRecord();

  constructor(
    private readonly soft: SoftTlb,
    private readonly policy: PagePolicy,
    private readonly exit: GuestExit,
  ) {}

  /** The guest-physical address of va, or the guest's exception. */
  private guestPhysical(ctx: GuestContext, va: number, store: boolean): number {
    const c = ctx.cp0;
    const seg = segmentOf(va, c.mode, (c.status & STATUS_ERL) !== 0);
    if (seg === SEG_ERROR) {
      this.faulted = true;
      throw new GuestException(store ? EXC_ADES : EXC_ADEL, va);
    }
    if (seg !== SEG_MAPPED) return unmappedPa(va, seg);
    const outcome = ctx.tlb.translate(va, c.asid, store);
    if (outcome !== TLB_HIT) {
      this.faulted = true;
      if (outcome === TLB_MODIFIED) throw new GuestException(EXC_MOD, va);
      this.lastWasRefill = outcome === TLB_REFILL;
      throw new GuestException(store ? EXC_TLBS : EXC_TLBL, va);
    }
    return ctx.tlb.pa;
  }

  translate(va: number, access: Access, flags: { value: number }): number {
    const ctx = this.ctx as GuestContext;
    const store = access === ACCESS_STORE;
    const gpa = this.guestPhysical(ctx, va, store);
    const m = ctx.rootPage(Math.floor(gpa / 4096), store);
    if (m < 0) {
      this.exit.code = GEXC_GPA;
      this.exit.gpa = gpa;
      this.exit.access = access;
      throw new GuestException(EXC_GE, va);
    }
    const pa = m * 4096 + (gpa % 4096);
    if (this.policy.cacheable(pa, access)) {
      flags.value = XLATE_CACHEABLE;
      const vpn = va >>> 12;
      if (va < 0) this.privileged.note(vpn);
      if (segmentOf(va, ctx.cp0.mode, (ctx.cp0.status & STATUS_ERL) !== 0) === SEG_MAPPED) this.mapped.note(vpn);
    }
    return pa;
  }

  /** The guest-physical address va maps to now, or -1 (no exception, no refill). */
  probeGuestPhysical(va: number, access: Access): number {
    const ctx = this.ctx;
    if (ctx === undefined) return -1;
    const c = ctx.cp0;
    const seg = segmentOf(va, c.mode, (c.status & STATUS_ERL) !== 0);
    if (seg === SEG_ERROR) return -1;
    if (seg !== SEG_MAPPED) return unmappedPa(va, seg);
    return ctx.tlb.translate(va, c.asid, access === ACCESS_STORE) === TLB_HIT ? ctx.tlb.pa : -1;
  }

  probe(va: number, access: Access): number {
    const gpa = this.probeGuestPhysical(va, access);
    if (gpa < 0 || this.ctx === undefined) return -1;
    const m = this.ctx.rootPeek(Math.floor(gpa / 4096));
    return m < 0 ? -1 : m * 4096 + (gpa % 4096);
  }

  /** True (once) if the exception being taken was raised by this translator. */
  takeFault(): boolean {
    const f = this.faulted;
    this.faulted = false;
    return f;
  }

  /** The guest mode became less privileged: guest-kernel-only SoftTlb entries must go. */
  modeLowered(): void {
    this.privileged.drop(this.soft);
  }

  /** The guest ASID changed or the guest TLB was written: mapped SoftTlb entries must go. */
  mappingChanged(): void {
    this.mapped.drop(this.soft);
  }

  /** The root map no longer gives machine page ppn where it did (copy-on-write, sharing): the SoftTlb entries reaching it go. */
  dropMachinePage(ppn: number): void {
    const s = this.soft;
    for (const [tags, adds] of [[s.loadTag, s.loadAdd], [s.storeTag, s.storeAdd], [s.fetchTag, s.fetchAdd]] as const) {
      for (let i = 0; i < tags.length; i++) {
        const tag = tags[i] as number;
        // Valid tags are page addresses; an invalid one has low bits set.
        if ((tag & 0xfff) === 0 && (((tag + (adds[i] as number)) | 0) >>> 12) === ppn) s.dropPage(tag >>> 12);
      }
    }
  }

  /** Everything changes (entering or leaving guest mode, guest ERL toggled). */
  flush(): void {
    this.soft.flush();
    this.privileged.clear();
    this.mapped.clear();
  }
}
