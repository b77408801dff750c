// Physical (machine) memory: one ArrayBuffer shared by every CPU of a machine, read through
// typed-array views. Words are kept in host order so that an aligned word access is a single
// Int32Array element for either guest endianness; bytes and halfwords of a big-endian guest
// are found by XOR-ing the address with 3 (bytes) or 2 (halfwords) — the machine's `byteXor`
// and `halfXor`. The code-page bitmap records pages holding translated code: any write to such
// a page (CPU store slow path, loader, DMA, system call) calls the code-write listener first,
// which drops the compiled blocks of that page (self-modifying code).

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
  private codeWriteListener: (ppn: number) => void = () => {};

  /**
   * @param size bytes of physical memory (a multiple of the page size)
   * @param endianness the guest byte order
   */
  constructor(
    readonly size: number,
    readonly endianness: Endianness,
  ) {
    if (size <= 0 || size % PAGE_SIZE !== 0 || size > 0x80000000) throw new RangeError(`bad physical memory size ${size}`);
    this.buffer = new ArrayBuffer(size);
    this.m8 = new Uint8Array(this.buffer);
    this.m16 = new Uint16Array(this.buffer);
    this.m32 = new Int32Array(this.buffer);
    this.byteXor = endianness === 'big' ? 3 : 0;
    this.halfXor = endianness === 'big' ? 2 : 0;
    this.codePages = new Uint8Array(size >>> PAGE_SHIFT);
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

  /** Called before any write to [pa, pa+len): invalidates compiled code on those pages. */
  noteWrite(pa: number, len: number): void {
    if (len <= 0) return;
    const last = (pa + len - 1) >>> PAGE_SHIFT;
    for (let p = pa >>> PAGE_SHIFT; p <= last; p++) {
      if (this.codePages[p]) {
        this.codePages[p] = 0;
        this.codeWriteListener(p);
      }
    }
  }

  /** True if [pa, pa+len) lies inside physical memory. */
  contains(pa: number, len: number): boolean {
    return pa >= 0 && len >= 0 && pa + len <= this.size;
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
    const out = new Uint8Array(len);
    const x = this.byteXor;
    for (let i = 0; i < len; i++) out[i] = this.m8[(pa + i) ^ x] as number;
    return out;
  }

  /** Copies bytes in, in guest order, invalidating compiled code they overwrite. */
  writeBytes(pa: number, data: Uint8Array): void {
    this.noteWrite(pa, data.length);
    const x = this.byteXor;
    for (let i = 0; i < data.length; i++) this.m8[(pa + i) ^ x] = data[i] as number;
  }

  /** Zero-fills [pa, pa+len). */
  fill0(pa: number, len: number): void {
    this.noteWrite(pa, len);
    if (((pa | len) & 3) === 0) this.m8.fill(0, pa, pa + len);
    else for (let i = 0; i < len; i++) this.m8[(pa + i) ^ this.byteXor] = 0;
  }
}
