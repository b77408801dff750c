// TLBWI/TLBWR/TLBP/TLBR against qemu-system-mips, generated: for every page size (PageMask 4 KiB
// … 16 MiB) one kernel runs a case per combination of the G, V and D bits of EntryLo0 and
// EntryLo1 (C bits and a stray low PFN bit varying along), with the probing ASID equal to the
// entry's or not. Each case writes the entry (TLBWI, half of them with Index.P set by a probe that
// missed, or TLBWR with Wired = 15 so that Random is 15 on both machines), probes an unmapped address (Index.P set), writes only the index field and
// reads the entry back with TLBR (P still set), probes the odd page, then loads from both pages and
// stores to the odd one under the probing ASID; refill, invalid and modified exceptions are
// printed by the harness.

import { test } from 'node:test';
import { buildKernel } from '../unit/machine/priv/buildKernel';
import { assertSameAsQemu, caseHeader, HARNESS, show } from './privilegedOracle';

const PAGE_MASKS: readonly (readonly [string, number])[] = [
  ['4K', 0],
  ['16K', 0x6000],
  ['64K', 0x1e000],
  ['256K', 0x7e000],
  ['1M', 0x1fe000],
  ['4M', 0x7fe000],
  ['16M', 0x1ffe000],
];

const ENTRY_ASID = 0x2a;
const OTHER_ASID = 0x55;
const MISS_VA = 0x7e000000;
const RANDOM_INDEX = 15;
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
const kseg0 = (pa: number): string => hex(0x80000000 | pa);

/** One generated case: the entry written and how it is used. */
interface TlbCase {
  readonly n: number;
  readonly lo0: number;
  readonly lo1: number;
  readonly sameAsid: boolean;
  readonly random: boolean;
  readonly index: number;
}

/** EntryLo flag bits G (0), V (1), D (2) as text. */
const flags = (lo: number): string => ['G', 'V', 'D'].filter((_, b) => (lo >>> b) & 1).join('') || '-';

function cases(pageBytes: number): TlbCase[] {
  const evenPfn = Math.max(0x400000, pageBytes) / 4096;
  const oddPfn = evenPfn + pageBytes / 4096;
  const out: TlbCase[] = [];
  for (let n = 0; n < 128; n++) {
    const random = n % 4 === 3;
    // A stray PFN bit below the page size (ignored by translation) in every fifth case.
    const stray = pageBytes > 4096 && n % 5 === 0 ? 1 : 0;
    const lo = (pfn: number, f: number, c: number): number => ((pfn | stray) << 6) | (c << 3) | f;
    out.push({
      n,
      lo0: lo(evenPfn, n & 7, n % 8),
      lo1: lo(oddPfn, (n >>> 3) & 7, (n + 3) % 8),
      sameAsid: (n >>> 6) === 0,
      random,
      index: random ? RANDOM_INDEX : n % RANDOM_INDEX,
    });
  }
  return out;
}

function caseCode(c: TlbCase, pageMask: number, pageBytes: number): string {
  // Every index has its own virtual pair, so live entries never overlap.
  const va = 0x10000000 + c.index * 2 * Math.max(pageBytes, 0x10000);
  const evenPa = ((c.lo0 >>> 6) << 12) & ~(pageBytes - 1);
  const oddPa = ((c.lo1 >>> 6) << 12) & ~(pageBytes - 1);
  const offEven = pageBytes / 2 + 0x10 * (c.n % 8);
  const offOdd = pageBytes - 0x20 - 0x10 * (c.n % 8);
  const asid = c.sameAsid ? ENTRY_ASID : OTHER_ASID;
  // Odd cases write the entry with Index.P still set by a probe that missed.
  const missProbe = `
  li $t0, ${hex(MISS_VA | ENTRY_ASID)}
  mtc0 $t0, $10
  ehb
  tlbp`;
  return `${caseHeader(c.n)}
  li $t0, 0x5eed0000 | ${c.n}
  li $t1, ${kseg0(evenPa + offEven)}
  sw $t0, 0($t1)
  li $t0, 0x0dd00000 | ${c.n}
  li $t1, ${kseg0(oddPa + offOdd)}
  sw $t0, 0($t1)
  sw $zero, 4($t1)
  li $t0, ${hex(pageMask)}
  mtc0 $t0, $5${c.n % 2 ? missProbe : ''}
  li $t0, ${hex(c.lo0)}
  mtc0 $t0, $2
  li $t0, ${hex(c.lo1)}
  mtc0 $t0, $3
  li $t0, ${hex(va | ENTRY_ASID)}
  mtc0 $t0, $10
  li $t0, ${c.index}
  mtc0 $t0, $0
  ehb
  ${c.random ? 'tlbwr' : 'tlbwi'}
  ehb
  mtc0 $zero, $2
  mtc0 $zero, $3
  mtc0 $zero, $5
  li $t0, ${hex(MISS_VA | ENTRY_ASID)}
  mtc0 $t0, $10
  ehb
  tlbp
  ehb
  mfc0 $s0, $0${show('$s0')}
  li $t0, ${c.index}
  mtc0 $t0, $0
  ehb
  mfc0 $s0, $0${show('$s0')}
  tlbr
  ehb
  mfc0 $s0, $10${show('$s0')}
  mfc0 $s0, $2${show('$s0')}
  mfc0 $s0, $3${show('$s0')}
  mfc0 $s0, $5${show('$s0')}
  jal newline
  nop
  mtc0 $zero, $5
  li $t0, ${hex(((va + pageBytes + offOdd) & ~0x1fff) | asid)}
  mtc0 $t0, $10
  ehb
  tlbp
  ehb
  mfc0 $s0, $0${show('$s0')}
  li $s1, ${hex(va + offEven)}
  li $s0, 0xbad
  lw $s0, 0($s1)${show('$s0')}
  li $s1, ${hex(va + pageBytes + offOdd)}
  li $s0, 0xbad
  lw $s0, 0($s1)${show('$s0')}
  li $s0, 0x5707e000 | ${c.n}
  sw $s0, 4($s1)
  li $s1, ${kseg0(oddPa + offOdd + 4)}
  lw $s0, 0($s1)${show('$s0')}
  jal newline
  nop
`;
}

/** Skips the faulting instruction (no case faults in a delay slot). */
const HANDLER = `
  mfc0 $k0, $14
  addiu $k0, $k0, 4
  mtc0 $k0, $14
  eret
`;

for (const [name, pageMask] of PAGE_MASKS) {
  test(`TLB instructions with ${name} pages: every G/V/D combination, ASID match and mismatch, as qemu-system-mips`, () => {
    const pageBytes = (pageMask + 0x2000) / 2;
    const all = cases(pageBytes);
    const body = all.map((c) => caseCode(c, pageMask, pageBytes)).join('');
    const setup = `
  li $t0, ${RANDOM_INDEX}
  mtc0 $t0, $6
`;
    const exit = `
  li $a0, 0
  li $t9, 1
  sdbbp 1
`;
    const describe = (n: number): string => {
      const c = all[n] as TlbCase;
      return `${c.random ? 'TLBWR' : `TLBWI ${c.index}`}, EntryLo0 ${hex(c.lo0)} (${flags(c.lo0)}), EntryLo1 ${hex(c.lo1)} (${flags(c.lo1)}), ASID ${c.sameAsid ? 'same' : 'other'}`;
    };
    assertSameAsQemu(buildKernel(`${HARNESS}${setup}${body}${exit}\nhandler:\n${HANDLER}\n`), describe);
  });
}
