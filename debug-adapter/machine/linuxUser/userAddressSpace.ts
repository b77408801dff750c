// The address space of a Linux user process: a one-level page table (VPN → physical frame and
// PROT bits) over the machine's PhysicalMemory, implementing the CPU's AddressTranslator. Pages are
// reserved by the loader, brk and mmap and get a zeroed frame on first touch. Faults become the
// exceptions the kernel would turn into SIGSEGV: TLBL/TLBS for unmapped or protected user
// pages, AdEL/AdES for kernel addresses. Layout follows qemu-mips 7.2: stack below 0x40801000,
// anonymous mmap top-down from 0x3ffff000, brk from the page-aligned end of the program.

import { XLATE_CACHEABLE, type AddressTranslator } from '../addressTranslation';
import { EXC_ADEL, EXC_ADES, EXC_TLBL, EXC_TLBS, GuestException } from '../exceptions';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, type PhysicalMemory } from '../physicalMemory';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, type Access } from '../softTlb';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
const MAPPED = 8;
const FRAME_SHIFT = 4;

/** Highest address + 1 of the mmap area (QEMU's first anonymous mapping ends here). */
export const MMAP_TOP = 0x3ffff000;

export class UserAddressSpace implements AddressTranslator {
  /** Per virtual page: frame << 4 | MAPPED | PROT bits; frame 0 means "not yet allocated". */
  private readonly pages = new Int32Array(1 << 20);
  private nextFrame = 1;
  private readonly freeFrames: number[] = [];
  /** Called when mappings change (the CPU must flush its SoftTlb). */
  onUnmap: () => void = () => {};

  constructor(readonly memory: PhysicalMemory) {}

  translate(va: number, access: Access, flags: { value: number }): number {
    if (va < 0) throw new GuestException(access === ACCESS_STORE ? EXC_ADES : EXC_ADEL, va);
    const vpn = va >>> PAGE_SHIFT;
    let e = this.pages[vpn] as number;
    const need = access === ACCESS_STORE ? PROT_WRITE : access === ACCESS_LOAD ? PROT_READ : PROT_READ | PROT_EXEC;
    if (!(e & MAPPED) || !(e & need)) throw new GuestException(access === ACCESS_STORE ? EXC_TLBS : EXC_TLBL, va);
    if (e >>> FRAME_SHIFT === 0) e = this.allocate(vpn, e);
    flags.value = XLATE_CACHEABLE;
    return ((e >>> FRAME_SHIFT) << PAGE_SHIFT) | (va & PAGE_MASK);
  }

  probe(va: number, access: Access): number {
    if (va < 0) return -1;
    const e = this.pages[va >>> PAGE_SHIFT] as number;
    if (!(e & MAPPED) || e >>> FRAME_SHIFT === 0) return -1;
    if (access === ACCESS_STORE && !(e & PROT_WRITE)) return -1;
    if (access === ACCESS_FETCH && !(e & (PROT_READ | PROT_EXEC))) return -1;
    return ((e >>> FRAME_SHIFT) << PAGE_SHIFT) | (va & PAGE_MASK);
  }

  private allocate(vpn: number, e: number): number {
    let frame = this.freeFrames.pop();
    if (frame === undefined) {
      if ((this.nextFrame + 1) << PAGE_SHIFT > this.memory.size) throw new RangeError('guest out of physical memory');
      frame = this.nextFrame++;
    }
    this.memory.fill0(frame << PAGE_SHIFT, PAGE_SIZE);
    const n = (frame << FRAME_SHIFT) | (e & 15);
    this.pages[vpn] = n;
    return n;
  }

  /** Whether any page of [va, va+len) is mapped. */
  anyMapped(va: number, len: number): boolean {
    for (let p = va >>> PAGE_SHIFT; p < (va + len + PAGE_MASK) >>> PAGE_SHIFT; p++) if ((this.pages[p] as number) & MAPPED) return true;
    return false;
  }

  /** Maps [va, va+len) (page-rounded) with prot, zero-filled; replaces earlier mappings. */
  map(va: number, len: number, prot: number): void {
    const first = va >>> PAGE_SHIFT;
    const end = Math.ceil((va + len) / PAGE_SIZE);
    this.unmap(first << PAGE_SHIFT, (end - first) << PAGE_SHIFT);
    for (let p = first; p < end; p++) this.pages[p] = MAPPED | (prot & 7);
  }

  /** Unmaps [va, va+len) (page-rounded), freeing frames. */
  unmap(va: number, len: number): void {
    let changed = false;
    for (let p = va >>> PAGE_SHIFT; p < Math.ceil((va + len) / PAGE_SIZE); p++) {
      const e = this.pages[p] as number;
      if (!(e & MAPPED)) continue;
      if (e >>> FRAME_SHIFT) {
        const frame = e >>> FRAME_SHIFT;
        this.memory.noteWrite(frame << PAGE_SHIFT, PAGE_SIZE);
        this.freeFrames.push(frame);
      }
      this.pages[p] = 0;
      changed = true;
    }
    if (changed) this.onUnmap();
  }

  /** Changes the protection of mapped pages in [va, va+len); false if some page is unmapped. */
  protect(va: number, len: number, prot: number): boolean {
    const first = va >>> PAGE_SHIFT;
    const end = Math.ceil((va + len) / PAGE_SIZE);
    for (let p = first; p < end; p++) if (!((this.pages[p] as number) & MAPPED)) return false;
    for (let p = first; p < end; p++) this.pages[p] = ((this.pages[p] as number) & ~7) | (prot & 7);
    this.onUnmap();
    return true;
  }

  /** Moves the pages of [from, from+len) to `to` (mremap), keeping their frames. */
  move(from: number, to: number, len: number): void {
    const n = Math.ceil(len / PAGE_SIZE);
    const saved = this.pages.slice(from >>> PAGE_SHIFT, (from >>> PAGE_SHIFT) + n);
    for (let i = 0; i < n; i++) this.pages[(from >>> PAGE_SHIFT) + i] = 0;
    this.unmap(to, n * PAGE_SIZE);
    this.pages.set(saved, to >>> PAGE_SHIFT);
    this.onUnmap();
  }

  /** The highest free, page-aligned range of len bytes ending at or below `top`, or -1. */
  findFree(len: number, top = MMAP_TOP): number {
    const n = Math.ceil(len / PAGE_SIZE);
    let run = 0;
    for (let p = (top >>> PAGE_SHIFT) - 1; p >= 16; p--) {
      run = (this.pages[p] as number) & MAPPED ? 0 : run + 1;
      if (run === n) return p << PAGE_SHIFT;
    }
    return -1;
  }

  /** Physical address of va for a kernel-side access (allocating), or -1 if not accessible. */
  private kernelPa(va: number, write: boolean): number {
    if (va < 0) return -1;
    const vpn = va >>> PAGE_SHIFT;
    let e = this.pages[vpn] as number;
    if (!(e & MAPPED) || !(e & (write ? PROT_WRITE : PROT_READ))) return -1;
    if (e >>> FRAME_SHIFT === 0) e = this.allocate(vpn, e);
    return ((e >>> FRAME_SHIFT) << PAGE_SHIFT) | (va & PAGE_MASK);
  }

  /** Guest bytes [va, va+len) as the kernel's copy_from_user reads them; undefined = EFAULT. */
  read(va: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = (va + done) | 0;
      const pa = this.kernelPa(a, false);
      if (pa < 0) return undefined;
      const n = Math.min(len - done, PAGE_SIZE - (a & PAGE_MASK));
      out.set(this.memory.readBytes(pa, n), done);
      done += n;
    }
    return out;
  }

  /** copy_to_user; false = EFAULT (nothing is written past the fault). */
  write(va: number, data: Uint8Array): boolean {
    let done = 0;
    while (done < data.length) {
      const a = (va + done) | 0;
      const pa = this.kernelPa(a, true);
      if (pa < 0) return false;
      const n = Math.min(data.length - done, PAGE_SIZE - (a & PAGE_MASK));
      this.memory.writeBytes(pa, data.subarray(done, done + n));
      done += n;
    }
    return true;
  }

  /** Writes bytes regardless of protection (the loader filling read-only segments). */
  poke(va: number, data: Uint8Array): void {
    for (let p = va >>> PAGE_SHIFT; p < Math.ceil((va + data.length) / PAGE_SIZE); p++) {
      const e = this.pages[p] as number;
      if (e & MAPPED && e >>> FRAME_SHIFT === 0) this.allocate(p, e);
    }
    let done = 0;
    while (done < data.length) {
      const a = va + done;
      const e = this.pages[a >>> PAGE_SHIFT] as number;
      if (!(e & MAPPED)) throw new RangeError(`poke to unmapped address 0x${a.toString(16)}`);
      const n = Math.min(data.length - done, PAGE_SIZE - (a & PAGE_MASK));
      this.memory.writeBytes(((e >>> FRAME_SHIFT) << PAGE_SHIFT) | (a & PAGE_MASK), data.subarray(done, done + n));
      done += n;
    }
  }

  /** NUL-terminated string at va (at most max bytes); undefined = EFAULT or too long. */
  readString(va: number, max = 4096): string | undefined {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const pa = this.kernelPa((va + i) | 0, false);
      if (pa < 0) return undefined;
      const b = this.memory.read8(pa);
      if (b === 0) return new TextDecoder().decode(new Uint8Array(bytes));
      bytes.push(b);
    }
    return undefined;
  }
}
