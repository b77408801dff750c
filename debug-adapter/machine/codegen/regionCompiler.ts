// The block translator. A region is every basic block reachable by direct branches from an entry
// address inside one 4 KiB virtual page (so one va→pa mapping covers it), compiled into a single
// JS function: registers live in locals, blocks are cases of a `switch` inside a loop, so a loop
// within the page runs without returning to the dispatcher. A block ends after a branch and its
// delay slot, before an instruction only the stepper runs, before a breakpoint address, or at the
// page end. Each block first checks the instruction budget (exact retired count), and every slow
// path leaves the region *before* its instruction with pc/npc/delay-slot state set, so the
// stepper redoes that instruction with full semantics (precise exceptions, MMIO, SMC).

import type { EmitEnv, Emitted } from './emitEnv';
import { emitInstruction } from './emitInteger';
import type { CodeEnvironment } from './codeEnvironment';
import { TIMING_BINDINGS, blockDataCharge, blockFetchCharges } from './timingEmit';

/** A compiled region: runs from its entry until it leaves; `lim` is the icount not to pass. */
export type RegionFunction = (engine: unknown, lim: number) => void;

export interface Region {
  readonly va: number;
  readonly pa: number;
  readonly fn: RegionFunction;
  /** Guest instructions compiled (statistics). */
  readonly size: number;
  /** Byte offsets within the page, [spanStart, spanEnd), covering every compiled instruction. */
  readonly spanStart: number;
  readonly spanEnd: number;
}

const MAX_BLOCK = 64;
const MAX_REGION = 512;
const MAX_BLOCKS = 48;

interface Block {
  readonly va: number;
  code: string;
}

/** Reads the instruction word at a virtual address of the region's page. */
export type WordReader = (va: number) => number;

export class RegionCompiler {
  constructor(private readonly code: CodeEnvironment) {}

  /**
   * Compiles the region entered at va (physical pa). Returns undefined when the first instruction
   * must be stepped (nothing to compile there).
   */
  compile(va: number, pa: number, read: WordReader, isBreakpoint: (va: number) => boolean): Region | undefined {
    const pageBase = va & ~0xfff;
    const inPage = (a: number): boolean => (a & ~0xfff) === pageBase;
    const usedRegs = new Set<number>();
    const writtenRegs = new Set<number>();
    const blocks: Block[] = [];
    const index = new Map<number, number>();
    const queue: number[] = [];
    let total = 0;

    const blockId = (a: number): number | undefined => {
      if (!inPage(a) || isBreakpoint(a) || (a & 3) !== 0) return undefined;
      const known = index.get(a);
      if (known !== undefined) return known;
      if (blocks.length >= MAX_BLOCKS || total >= MAX_REGION) return undefined;
      const id = blocks.length;
      blocks.push({ va: a, code: '' });
      index.set(a, id);
      queue.push(id);
      return id;
    };
    const exitTo = (target: string, ds = false, npc = `(${target} + 4) | 0`): string =>
      `xpc = ${target}; xnpc = ${npc}; xds = ${ds}; break main;`;
    const goTo = (a: number): string => {
      const id = blockId(a);
      return id === undefined ? exitTo(`${a | 0}`) : `b = ${id}; continue main;`;
    };

    const env = (pc: number, retiredBefore: string, exit: string): EmitEnv => ({
      inBlock: true,
      pc: `${pc | 0}`,
      pcPlus: (off) => `${(pc + off) | 0}`,
      reg: (i) => {
        if (i === 0) return '0';
        usedRegs.add(i);
        return `r${i}`;
      },
      setReg: (i, e) => {
        if (i === 0) return '';
        usedRegs.add(i);
        writtenRegs.add(i);
        return `r${i} = ${e};`;
      },
      hi: 'hi',
      lo: 'lo',
      raise: () => `{ ${retiredBefore}${exit} }`,
      slow: () => `{ ${retiredBefore}${exit} }`,
      timeData: this.code.timing === undefined ? () => '' : blockDataCharge,
      byteXor: this.code.byteXor,
      halfXor: this.code.halfXor,
      unalignedXor: this.code.byteXor ^ 3,
    });

    const first = blockId(va);
    if (first === undefined) return undefined;
    let spanStart = 4096;
    let spanEnd = 0;
    while (queue.length > 0) {
      const id = queue.shift() as number;
      const blk = blocks[id] as Block;
      const parts: string[] = [];
      let a = blk.va;
      let count = 0;
      let tail = '';
      for (;;) {
        if (count > 0 && (isBreakpoint(a) || count >= MAX_BLOCK || !inPage(a))) {
          tail = `n += ${count}; ${goTo(a)}`;
          break;
        }
        const here = a;
        const e: Emitted = emitInstruction(read(here), env(here, count ? `n += ${count}; ` : '', exitTo(`${here | 0}`)));
        if (e.kind === 'stepOnly') {
          tail = count ? `n += ${count}; ${exitTo(`${here | 0}`)}` : exitTo(`${here | 0}`);
          break;
        }
        if (e.kind === 'plain') {
          parts.push(e.code);
          count++;
          a = (a + 4) | 0;
          continue;
        }
        const ds = (here + 4) | 0;
        const dsWord = inPage(ds) && !isBreakpoint(ds) ? emitInstruction(read(ds), env(ds, '', '')) : undefined;
        if (dsWord === undefined || dsWord.kind !== 'plain') {
          tail = count ? `n += ${count}; ${exitTo(`${here | 0}`)}` : exitTo(`${here | 0}`);
          break;
        }
        const branchEnv = env(here, count ? `n += ${count}; ` : '', exitTo(`${here | 0}`));
        const staticTarget = /^-?\d+$/.test(e.target) ? Number(e.target) : undefined;
        parts.push(e.guard ?? '');
        parts.push(`t = ${e.cond ?? 'true'};`);
        if (staticTarget === undefined) parts.push(`tg = ${e.target};`);
        if (e.link > 0) parts.push(branchEnv.setReg(e.link, `${(here + 8) | 0}`));
        const tgExpr = staticTarget === undefined ? 'tg' : `${staticTarget}`;
        const dsEnv = env(ds, `n += ${count + 1}; `, exitTo(`${ds}`, true, `(t ? ${tgExpr} : ${(ds + 4) | 0})`));
        const dsCode = (emitInstruction(read(ds), dsEnv) as { code: string }).code;
        const after = (here + 8) | 0;
        const takenGo = staticTarget === undefined ? exitTo('tg') : goTo(staticTarget);
        if (e.likely) {
          parts.push(`if (!t) { n += ${count + 1}; ${goTo(after)} }`);
          parts.push(dsCode);
          parts.push(`n += ${count + 2}; ${takenGo}`);
        } else {
          parts.push(dsCode);
          parts.push(`n += ${count + 2};`);
          parts.push(e.cond === null ? takenGo : `if (t) { ${takenGo} } ${goTo(after)}`);
        }
        count += 2;
        break;
      }
      total += count;
      if (count === 0) {
        blk.code = tail;
        continue;
      }
      spanStart = Math.min(spanStart, blk.va & 0xfff);
      spanEnd = Math.max(spanEnd, (blk.va & 0xfff) + 4 * count);
      // Timing variant: the budget is in cycles (n + stalls so far) and the block's lines are fetched on entry.
      const timing = this.code.timing;
      const fetch = timing === undefined ? '' : `${blockFetchCharges((pa & ~0xfff) + (blk.va & 0xfff), 4 * count, timing)}\n`;
      blk.code = `if (n${timing === undefined ? '' : ' + sc'} + ${count} > lim) { ${exitTo(`${blk.va | 0}`)} }\n${fetch}` + parts.join('\n') + `\n${tail}`;
    }
    if (total === 0) return undefined;

    const regs = [...usedRegs].sort((x, y) => x - y);
    const src = [
      'const S = X.state, R = S.gpr, F = S.fpr, T = X.tlb, lt = T.loadTag, la = T.loadAdd, st = T.storeTag, sa = T.storeAdd;',
      this.code.timing === undefined ? '' : `${TIMING_BINDINGS} let sc = X.cycleBias;`,
      regs.length ? `let ${regs.map((r) => `r${r} = R[${r}]`).join(', ')};` : '',
      'let hi = S.hi, lo = S.lo, n = S.icount, b = 0, t = false, tg = 0, xpc = 0, xnpc = 0, xds = false;',
      'main: for (;;) {',
      'switch (b) {',
      ...blocks.map((blk, i) => `case ${i}: {\n${blk.code}\n}`),
      '}',
      '}',
      [...writtenRegs].map((r) => `R[${r}] = r${r};`).join(' '),
      'S.hi = hi; S.lo = lo; S.icount = n; S.pc = xpc; S.npc = xnpc; S.inDelaySlot = xds;',
      this.code.timing === undefined ? '' : 'X.cycleBias = sc;',
    ].join('\n');
    return { va, pa, fn: this.code.compile(['X', 'lim'], src) as RegionFunction, size: total, spanStart, spanEnd };
  }
}
