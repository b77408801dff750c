// Groups the allocated sections of an executable into PT_LOAD segments (gABI
// "Program Header"): sorted by address, a new segment whenever writability changes,
// a gap of a page or more appears, or file-backed data would follow .bss-like data.

import * as C from './constants';

interface SectionLike {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly data: Uint8Array;
  readonly size?: number;
}

export interface PlannedSegment {
  /** Indexes into the section list given to planSegments. */
  readonly sections: number[];
  readonly vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  /** p_offset, chosen by the writer. */
  offset: number;
}

/** Segments for the allocated, non-empty sections; throws if two of them overlap. */
export function planSegments(sections: readonly SectionLike[], pageSize: number): PlannedSegment[] {
  const alloc = sections
    .map((s, i) => ({ s, i, size: s.type === C.SHT_NOBITS ? (s.size ?? 0) : s.data.length }))
    .filter((x) => (x.s.flags & C.SHF_ALLOC) !== 0 && x.size > 0)
    .sort((a, b) => a.s.addr - b.s.addr);
  const out: PlannedSegment[] = [];
  let cur: PlannedSegment | undefined;
  let lastNobits = false;
  for (const { s, i, size } of alloc) {
    const nobits = s.type === C.SHT_NOBITS;
    const writable = (s.flags & C.SHF_WRITE) !== 0;
    const end = cur ? cur.vaddr + cur.memsz : 0;
    if (cur && s.addr < end) throw new Error(`section ${s.name} at 0x${s.addr.toString(16)} overlaps the previous section (ends 0x${end.toString(16)})`);
    const sameWrite = cur !== undefined && ((cur.flags & C.PF_W) !== 0) === writable;
    if (!cur || !sameWrite || s.addr - end >= pageSize || (lastNobits && !nobits)) {
      cur = { sections: [], vaddr: s.addr, filesz: 0, memsz: 0, flags: C.PF_R | (writable ? C.PF_W : 0), offset: 0 };
      out.push(cur);
    }
    cur.sections.push(i);
    cur.memsz = s.addr + size - cur.vaddr;
    if (!nobits) cur.filesz = cur.memsz;
    if (s.flags & C.SHF_EXECINSTR) cur.flags |= C.PF_X;
    lastNobits = nobits;
  }
  return out;
}
