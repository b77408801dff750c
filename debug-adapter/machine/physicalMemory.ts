// Physical (machine) memory: one ArrayBuffer shared by every CPU of a machine, read through
// typed-array views. Words are kept in host order so that an aligned word access is a single
// Int32Array element for either guest endianness; bytes and halfwords of a big-endian guest
// are found by XOR-ing the address with 3 (bytes) or 2 (halfwords) — the machine's `byteXor`
// and `halfXor`. The code-page flags record pages holding translated code, and a bit per word
// records which words compiled regions were made from: a write to such a word (CPU store slow
// path, loader, DMA, system call) calls the code-write listener first, which drops the compiled
// blocks of that page (self-modifying code); writes to the other words of a code page do not.

/** log2 of the page size used for code tracking and the software TLB. */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;

/** The guest byte order, a property of the whole machine. */
export type Endianness = 'big' | 'little';

export class PhysicalMemory {
  readonly buffer: ArrayBuffer;
  readonly m8: Uint8Array;
  readonly m16: Uint16Array;
  readonly m32: Int32Array;
  /** XOR applied to a byte address (3 for a big-endian guest on this little-endian host). */
  readonly byteXor: number;
  /** XOR applied to a halfword address. */
  readonly halfXor: number;
  /** One flag per physical page: 1 while compiled blocks were made from it. */
  readonly codePages: Uint8Array;
  /** One bit per word made into compiled code (32 Int32s per page). */
  private readonly codeWords: Int32Array;
  /** First address of the hole (not RAM), or `size` when there is none. */
  readonly holeBase: number;
  /** First address after the hole, or `size` when there is none. */
  readonly holeEnd: number;
  private codeWriteListener: (ppn: number) => void = () => {};

  /**
   * @param size bytes of physical memory (a multiple of the page size)
   * @param endianness the guest byte order
   * @param hole a page-aligned range [base, end) that is not RAM even though it lies below `size`
   */
  constructor(
    readonly size: number,
    readonly endianness: Endianness,
    hole?: { readonly base: number; readonly end: number },
  ) {
    if (size <= 0 || size % PAGE_SIZE !== 0 || size > 0x80000000) throw new RangeError(`bad physical memory size ${size}`);
    const inside = hole !== undefined && hole.base < size;
    if (inside && (hole.base % PAGE_SIZE !== 0 || hole.end % PAGE_SIZE !== 0 || hole.end <= hole.base)) throw new RangeError(`bad memory hole ${hole.base}..${hole.end}`);
    this.holeBase = inside ? hole.base : size;
    this.holeEnd = inside ? Math.min(hole.end, size) : size;
    this.buffer = new ArrayBuffer(size);
    this.m8 = new Uint8Array(this.buffer);
    this.m16 = new Uint16Array(this.buffer);
    this.m32 = new Int32Array(this.buffer);
    this.byteXor = endianness === 'big' ? 3 : 0;
    this.halfXor = endianness === 'big' ? 2 : 0;
    this.codePages = new Uint8Array(size >>> PAGE_SHIFT);
    this.codeWords = new Int32Array((size >>> PAGE_SHIFT) * 32);
  }

  get bigEndian(): boolean {
    return this.endianness === 'big';
  }

  /** Registers the callback that drops compiled code of a page about to be written. */
  setCodeWriteListener(listener: (ppn: number) => void): void {
    this.codeWriteListener = listener;
  }

  /** Marks a page as holding compiled code. */
  markCode(ppn: number): void {
    this.codePages[ppn] = 1;
  }

  /** Records that the words of [pa, pa+len) (inside one page) were made into compiled code. */
  markCodeSpan(pa: number, len: number): void {
    const bits = this.codeWords;
    for (let w = pa >>> 2, end = (pa + len + 3) >>> 2; w < end; w++) bits[w >>> 5] = (bits[w >>> 5] as number) | (1 << (w & 31));
  }

  /** True if the word at pa was made into compiled code (and not written since). */
  isCodeWord(pa: number): boolean {
    const w = pa >>> 2;
    return ((this.codeWords[w >>> 5] as number) & (1 << (w & 31))) !== 0;
  }

  /**
   * Called before any write to [pa, pa+len): drops the compiled code of a page when the write
   * reaches one of its compiled words (or the page only holds step markers, no compiled words).
   */
  noteWrite(pa: number, len: number): void {
    if (len <= 0) return;
    const last = (pa + len - 1) >>> PAGE_SHIFT;
    for (let p = pa >>> PAGE_SHIFT; p <= last; p++) {
      if (this.codePages[p] && this.writeHitsCode(p, pa, len)) {
        this.codePages[p] = 0;
        this.codeWords.fill(0, p * 32, p * 32 + 32);
        this.codeWriteListener(p);
      }
    }
  }

  private writeHitsCode(p: number, pa: number, len: number): boolean {
    const bits = this.codeWords;
    let any = 0;
    for (let i = p * 32; i < p * 32 + 32; i++) any |= bits[i] as number;
    if (any === 0) return true;
    const first = Math.max(pa, p * PAGE_SIZE) >>> 2;
    const end = (Math.min(pa + len, (p + 1) * PAGE_SIZE) + 3) >>> 2;
    for (let w = first; w < end; w++) if ((bits[w >>> 5] as number) & (1 << (w & 31))) return true;
    return false;
  }

  /** True if [pa, pa+len) lies inside physical memory (the hole included: see isRam). */
  contains(pa: number, len: number): boolean {
    return pa >= 0 && len >= 0 && pa + len <= this.size;
  }

  /** True if [pa, pa+len) is RAM: inside physical memory and clear of the hole. */
  isRam(pa: number, len: number): boolean {
    return pa >= 0 && len >= 0 && pa + len <= this.size && (pa + len <= this.holeBase || pa >= this.holeEnd);
  }

  read8(pa: number): number {
    return this.m8[pa ^ this.byteXor] as number;
  }

  read16(pa: number): number {
    return this.m16[(pa ^ this.halfXor) >>> 1] as number;
  }

  read32(pa: number): number {
    return this.m32[pa >>> 2] as number;
  }

  write8(pa: number, v: number): void {
    this.noteWrite(pa, 1);
    this.m8[pa ^ this.byteXor] = v;
  }

  write16(pa: number, v: number): void {
    this.noteWrite(pa, 2);
    this.m16[(pa ^ this.halfXor) >>> 1] = v;
  }

  write32(pa: number, v: number): void {
    this.noteWrite(pa, 4);
    this.m32[pa >>> 2] = v;
  }

  /** Copies guest bytes out in guest order (side-effect free). */
  readBytes(pa: number, len: number): Uint8Array {
    const x = this.byteXor;
    if (x === 0) return this.m8.slice(pa, pa + len);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = this.m8[(pa + i) ^ x] as number;
    return out;
  }

  /** Copies bytes in, in guest order, invalidating compiled code they overwrite. */
  writeBytes(pa: number, data: Uint8Array): void {
    this.noteWrite(pa, data.length);
    const x = this.byteXor;
    const n = data.length;
    if (x === 0) {
      this.m8.set(data, pa);
      return;
    }
    // Big-endian: whole aligned words at once (guest bytes b0..b3 are the host word b0<<24|..|b3).
    let i = 0;
    for (; i < n && ((pa + i) & 3) !== 0; i++) this.m8[(pa + i) ^ x] = data[i] as number;
    const m32 = this.m32;
    for (; i + 4 <= n; i += 4) m32[(pa + i) >>> 2] = ((data[i] as number) << 24) | ((data[i + 1] as number) << 16) | ((data[i + 2] as number) << 8) | (data[i + 3] as number);
    for (; i < n; i++) this.m8[(pa + i) ^ x] = data[i] as number;
  }

  /** Zero-fills [pa, pa+len). */
  fill0(pa: number, len: number): void {
    this.noteWrite(pa, len);
    if (((pa | len) & 3) === 0) this.m8.fill(0, pa, pa + len);
    else for (let i = 0; i < len; i++) this.m8[(pa + i) ^ this.byteXor] = 0;
  }
}
