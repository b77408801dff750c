// Set-associative caches with physical tags, held in typed arrays: one CacheArray is one cache level
// (L1 instruction, L1 data or board cache) of every CPU, cpu-major. An entry is an Int32 tag
// `line << shift | bits`, where line is the physical line number (pa >>> log2 lineBytes) and the low
// `shift` bits are the level's state (L1D: writable; L2: MESI state); INVALID (-1) marks an empty
// way. Each set is kept in LRU order, most recent first, empty ways last (move-to-front), so a hit on
// the most recently used line is one compare and the victim of a fill is always the last way.

/** Tag of an empty way; `INVALID >> shift` is never a line number. */
export const INVALID = -1;

/** Why a cache of this shape cannot be modelled, or undefined when it can. */
export function cacheShapeProblem(bytes: number, lineBytes: number, ways: number): string | undefined {
  if (!isPowerOfTwo(lineBytes) || lineBytes < 8) return `line size ${lineBytes} must be a power of two of at least 8 bytes`;
  if (!Number.isInteger(ways) || ways < 1 || ways > 16) return `associativity ${ways} must be 1 to 16 ways`;
  const sets = bytes / (lineBytes * ways);
  if (!isPowerOfTwo(sets)) return `${bytes} bytes in ${lineBytes}-byte lines and ${ways} ways give ${sets} sets; the number of sets must be a power of two`;
  return undefined;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

export class CacheArray {
  // Fields are `declare`d and set once in the constructor: a class-field definition would first
  // store undefined, and V8 then no longer treats them as constants in optimized code.
  declare readonly cpus: number;
  declare readonly ways: number;
  /** State bits below the line number in a tag. */
  declare readonly shift: number;
  /** Every CPU's entries: cpu · perCpu + set · ways + way. */
  declare readonly tags: Int32Array;
  declare readonly sets: number;
  /** sets − 1: the set of a line is `line & setMask`. */
  declare readonly setMask: number;
  /** Entries per CPU (sets · ways). */
  declare readonly perCpu: number;

  /**
   * @param cpus CPUs, each with its own copy of this level
   * @param bytes capacity of one CPU's cache
   * @param lineBytes line size (a power of two)
   * @param ways associativity (1 = direct-mapped)
   * @param shift state bits below the line number in a tag
   */
  constructor(cpus: number, bytes: number, lineBytes: number, ways: number, shift: number) {
    this.cpus = cpus;
    this.ways = ways;
    this.shift = shift;
    const problem = cacheShapeProblem(bytes, lineBytes, ways);
    if (problem !== undefined) throw new RangeError(problem);
    this.sets = (bytes / (lineBytes * ways)) | 0;
    this.setMask = (this.sets - 1) | 0;
    this.perCpu = (this.sets * ways) | 0;
    this.tags = new Int32Array(cpus * this.perCpu).fill(INVALID);
  }

  /** Index of the first (most recent) entry of line's set in cpu's cache. */
  base(cpu: number, line: number): number {
    return cpu * this.perCpu + (line & this.setMask) * this.ways;
  }

  /** The tag of line in cpu's cache, or INVALID; changes nothing. */
  peek(cpu: number, line: number): number {
    const t = this.tags;
    const b = this.base(cpu, line);
    for (let k = 0; k < this.ways; k++) {
      const tag = t[b + k] as number;
      if (tag >> this.shift === line) return tag;
    }
    return INVALID;
  }

  /** Looks line up; on a hit moves it to the front of its set and returns its tag, else INVALID. */
  lookup(cpu: number, line: number): number {
    const t = this.tags;
    const b = this.base(cpu, line);
    for (let k = 0; k < this.ways; k++) {
      const tag = t[b + k] as number;
      if (tag >> this.shift === line) {
        for (let j = k; j > 0; j--) t[b + j] = t[b + j - 1] as number;
        t[b] = tag;
        return tag;
      }
    }
    return INVALID;
  }

  /** Puts tag (whose line must be absent) at the front of its set; returns the evicted tag or INVALID. */
  insert(cpu: number, tag: number): number {
    const t = this.tags;
    const b = this.base(cpu, tag >> this.shift);
    const victim = t[b + this.ways - 1] as number;
    for (let j = this.ways - 1; j > 0; j--) t[b + j] = t[b + j - 1] as number;
    t[b] = tag;
    return victim;
  }

  /** Replaces the tag of line in place (recency unchanged); returns the old tag or INVALID. */
  retag(cpu: number, line: number, tag: number): number {
    const t = this.tags;
    const b = this.base(cpu, line);
    for (let k = 0; k < this.ways; k++) {
      const old = t[b + k] as number;
      if (old >> this.shift === line) {
        t[b + k] = tag;
        return old;
      }
    }
    return INVALID;
  }

  /** Drops line from cpu's cache, keeping the order of the others; returns its tag or INVALID. */
  remove(cpu: number, line: number): number {
    const t = this.tags;
    const b = this.base(cpu, line);
    const last = b + this.ways - 1;
    for (let i = b; i <= last; i++) {
      const tag = t[i] as number;
      if (tag >> this.shift === line) {
        for (let j = i; j < last; j++) t[j] = t[j + 1] as number;
        t[last] = INVALID;
        return tag;
      }
    }
    return INVALID;
  }

  /** Empties every CPU's cache. */
  clear(): void {
    this.tags.fill(INVALID);
  }
}
