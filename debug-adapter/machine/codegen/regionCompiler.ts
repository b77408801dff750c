// The block translator. A region is every basic block reachable by direct branches from an entry
// address inside one 4 KiB virtual page (so one va→pa mapping covers it), compiled into a single
// JS function: registers live in locals, blocks are cases of a `switch` inside a loop, so a loop
// within the page runs without returning to the dispatcher. A block ends after a branch and its
// delay slot, before an instruction only the stepper runs, before a breakpoint address, or at the
// page end. Each block first checks the instruction budget (exact retired count), and every slow
// path leaves the region *before* its instruction with pc/npc/delay-slot state set, so the
// stepper redoes that instruction with full semantics (precise exceptions, MMIO, SMC).
// Every block is an entry: the one function takes the block to start at as an argument, so code
// reached again at another block (a call's return point, the instruction after one the stepper
// ran, a loop head) reuses it instead of compiling an overlapping region. (One function, not a
// closure per entry: V8 gives each closure made before its factory has feedback a feedback vector
// of its own, so every entry would warm up and be optimized separately.) Calls are not followed
// (the callee gets its own region), so a region is about one function's code that has run.
// Inside a case, control passes to the blocks of a loop through that case's block without the
// switch: their code follows in place (up to a size limit), and the branch back to the case's
// block is a `continue` of a loop around the case, so a hot loop is a JS loop of its own.

import { type EmitEnv, type Emitted, TLB_BINDING } from './emitEnv';
import { emitInstruction } from './emitInteger';
import type { CodeEnvironment } from './codeEnvironment';
import { BLOCK_LENGTH, TIMING_BINDINGS, blockDataCharge, budgetCheck, charges, fetchCharge } from './timingEmit';

/** A compiled region: runs from entry block `block` until it leaves; `lim` is the icount not to pass. */
export type RegionFunction = (engine: unknown, lim: number, block: number) => void;

/** One entry into compiled code (the regions' blocks each have one, sharing the function body). */
export interface Region {
  readonly va: number;
  readonly pa: number;
  readonly fn: RegionFunction;
  /** The entry's block index in fn. */
  readonly block: number;
  /** Guest instructions compiled in the whole region (statistics). */
  readonly size: number;
  /** Bytes of guest code in this entry's own block, from pa. */
  readonly bytes: number;
}

const MAX_BLOCK = 64;
const MAX_REGION = 512;
const MAX_BLOCKS = 48;
/** Guest instructions a case may take in from the other blocks of its loops (in place of the switch). */
const MAX_INLINE = 128;
/** Guest instructions a region's cases may take in together (V8 does not optimize very large functions). */
const MAX_INLINE_REGION = 1024;
/** How many blocks deep a case follows its loops in place. */
const MAX_INLINE_DEPTH = 6;
/** In fast mode a region retires at most this many instructions per call (its count stays a small integer). */
const MAX_RUN = 0x3fffffff;

/** Where control goes at the end of a path through a block: a block of the region, or out. */
type Edge = { readonly block: number } | { readonly exit: string };

interface Block {
  readonly va: number;
  /** The block's code: text, and an edge wherever it transfers control. */
  code: (string | Edge)[];
  /** Instructions in the block (0: it only leaves). */
  size: number;
}

/** Reads the instruction word at a virtual address of the region's page. */
export type WordReader = (va: number) => number;

/**
 * HI in a region: the local hi, or, after MULT/MULTU (hk 1 or 2), the high word of the product of
 * hp and hq, computed only where it is read (a loop of multiplications mostly reads LO alone).
 */
const HI_VALUE =
  '(hk === 0 ? hi : hk === 1 ? H.mulHiSigned(hp, hq, Math.imul(hp, hq)) : H.mulHiUnsigned(hp, hq, Math.imul(hp, hq)))';

/** A branch condition made only of GPR locals, literals and comparisons (no state fields). */
const GPR_CONDITION = /^[\sr\d()!=<>]*$/;

export class RegionCompiler {
  constructor(private readonly code: CodeEnvironment) {}

  /**
   * Compiles the region entered at va (physical pa): its entries, the one at va first, then one
   * per other block. Returns undefined when the first instruction must be stepped (nothing to
   * compile there). With `seen`, blocks other than the entry are taken in only when seen(block
   * address) says they have run; the others are exits. Then the return point of a call and the
   * instruction after one only the stepper runs are blocks too, when they have run. `oneBlock`
   * compiles the entry's block alone (every branch leaves).
   */
  compile(
    va: number,
    pa: number,
    read: WordReader,
    isBreakpoint: (va: number) => boolean,
    seen?: (va: number) => boolean,
    oneBlock = false,
  ): Region[] | undefined {
    const pageBase = va & ~0xfff;
    const inPage = (a: number): boolean => (a & ~0xfff) === pageBase;
    const usedRegs = new Set<number>();
    const writtenRegs = new Set<number>();
    const blocks: Block[] = [];
    const index = new Map<number, number>();
    const queue: number[] = [];
    let total = 0;

    // `straight`: a is where a block cut at MAX_BLOCK goes on, run whenever that block ran to its
    // end (the interpreter counts no entry there, so it would not count as seen).
    const blockId = (a: number, straight = false): number | undefined => {
      if (!inPage(a) || isBreakpoint(a) || (a & 3) !== 0) return undefined;
      const known = index.get(a);
      if (known !== undefined) return known;
      if (blocks.length >= MAX_BLOCKS || total >= MAX_REGION) return undefined;
      if (blocks.length > 0 && (oneBlock || (seen !== undefined && !straight && !seen(a)))) return undefined;
      const id = blocks.length;
      blocks.push({ va: a, code: [], size: 0 });
      index.set(a, id);
      queue.push(id);
      return id;
    };
    // A block nothing here branches to, taken in as an entry only when it is known to have run.
    const extraEntry = (a: number): void => {
      if (seen !== undefined) blockId(a);
    };
    // A slow path or an exception leaves with the block's instructions before it retired: in xn,
    // a constant (added to n once, on the way out), since V8 deoptimizes a region at the first
    // run of an arithmetic operation it never saw run, and these paths run rarely.
    const leftAfter = (count: number): string => (count ? `xn = ${count}; ` : '');
    // Leaving sets only the pc (npc follows it) unless it leaves between a branch and its slot.
    const exitTo = (target: string, ds = false, npc = ''): string =>
      ds ? `xpc = ${target}; xnpc = ${npc}; xds = true; break main;` : `xpc = ${target}; break main;`;
    // Leaving at a, which the stepper runs next, after `count` instructions of the block.
    const leaveAt = (a: number, count: number): string => (count ? `n += ${count}; ` : '') + exitTo(`${a | 0}`);
    const goTo = (a: number, straight = false): Edge => {
      const id = blockId(a, straight);
      return id === undefined ? { exit: exitTo(`${a | 0}`) } : { block: id };
    };

    /** An emitting environment; `reads`/`writes` collect the GPRs the instruction reads and writes. */
    const env = (pc: number, retiredBefore: string, exit: string, reads?: Set<number>, writes?: Set<number>): EmitEnv => ({
      inBlock: true,
      pc: `${pc | 0}`,
      pcPlus: (off) => `${(pc + off) | 0}`,
      reg: (i) => {
        if (i === 0) return '0';
        usedRegs.add(i);
        reads?.add(i);
        return `r${i}`;
      },
      setReg: (i, e) => {
        if (i === 0) return '';
        usedRegs.add(i);
        writtenRegs.add(i);
        writes?.add(i);
        return `r${i} = ${e};`;
      },
      hi: HI_VALUE,
      setHi: (e) => `hi = ${e}; hk = 0;`,
      setHiProduct: (p, q, _l, signed) => `hp = ${p}; hq = ${q}; hk = ${signed ? 1 : 2};`,
      lo: 'lo',
      raise: () => `{ ${retiredBefore}${exit} }`,
      slow: () => `{ ${retiredBefore}${exit} }`,
      timeData: this.code.timing === undefined ? () => '' : blockDataCharge,
      byteXor: this.code.byteXor,
      halfXor: this.code.halfXor,
      unalignedXor: this.code.byteXor ^ 3,
    });

    // Timing variant: the I-cache line mask (-1 in fast mode) and the page's physical base.
    const lineMask = this.code.timing === undefined ? -1 : this.code.timing.lineBytes - 1;
    const physBase = pa & ~0xfff;
    const first = blockId(va);
    if (first === undefined) return undefined;
    while (queue.length > 0) {
      const id = queue.shift() as number;
      const blk = blocks[id] as Block;
      const parts: (string | Edge)[] = [];
      let a = blk.va;
      let count = 0;
      /** Timing variant: an instruction since the last budget check may have stalled. */
      let stalled = false;
      for (;;) {
        if (count > 0 && (isBreakpoint(a) || count >= MAX_BLOCK || !inPage(a))) {
          parts.push(`n += ${count};`, goTo(a, count >= MAX_BLOCK));
          break;
        }
        const here = a;
        // Timing variant: after a stall, the rest of the block must still fit in the budget.
        if (stalled) parts.push(budgetCheck(count, exitTo(`${here | 0}`)));
        stalled = false;
        // Timing variant: an instruction fetch at the block's entry and wherever it reaches a new line.
        if (lineMask >= 0 && (count === 0 || (here & lineMask) === 0)) {
          parts.push(fetchCharge(physBase + (here & 0xfff)));
          stalled = true;
        }
        const reads = new Set<number>();
        const e: Emitted = emitInstruction(read(here), env(here, leftAfter(count), exitTo(`${here | 0}`), reads));
        if (e.kind === 'stepOnly') {
          parts.push(leaveAt(here, count));
          extraEntry((here + 4) | 0);
          break;
        }
        if (e.kind === 'plain') {
          parts.push(e.code);
          stalled ||= charges(e.code);
          count++;
          a = (a + 4) | 0;
          continue;
        }
        const ds = (here + 4) | 0;
        const dsWrites = new Set<number>();
        const dsWord = inPage(ds) && !isBreakpoint(ds) ? emitInstruction(read(ds), env(ds, '', '', undefined, dsWrites)) : undefined;
        if (dsWord === undefined || dsWord.kind !== 'plain') {
          parts.push(leaveAt(here, count));
          break;
        }
        const branchEnv = env(here, leftAfter(count), exitTo(`${here | 0}`));
        const staticTarget = /^-?\d+$/.test(e.target) ? Number(e.target) : undefined;
        // The condition and target are used where they are needed, after the delay slot, unless
        // the slot or the link may change what they read: then they are taken first into t/tg.
        const direct =
          (e.cond === null || GPR_CONDITION.test(e.cond)) && ![...reads].some((r) => dsWrites.has(r) || r === e.link);
        const cond = e.cond === null ? 'true' : direct ? `(${e.cond})` : 't';
        const tgExpr = staticTarget !== undefined ? `${staticTarget}` : direct ? e.target : 'tg';
        parts.push(e.guard ?? '');
        if (!direct && e.cond !== null) parts.push(`t = ${e.cond};`);
        if (!direct && staticTarget === undefined) parts.push(`tg = ${e.target};`);
        if (e.link > 0) parts.push(branchEnv.setReg(e.link, `${(here + 8) | 0}`));
        const slotExit = exitTo(`${ds}`, true, e.cond === null ? tgExpr : `(${cond} ? ${tgExpr} : ${(ds + 4) | 0})`);
        const dsEnv = env(ds, leftAfter(count + 1), slotExit);
        const dsCode = (emitInstruction(read(ds), dsEnv) as { code: string }).code;
        const after = (here + 8) | 0;
        // A call leaves (its callee is a region of its own); the return point is a block here.
        const takenGo: Edge = staticTarget === undefined || e.link > 0 ? { exit: exitTo(tgExpr) } : goTo(staticTarget);
        const dsFetch =
          (stalled ? budgetCheck(count + 1, slotExit) : '') + (lineMask >= 0 && (ds & lineMask) === 0 ? fetchCharge(physBase + (ds & 0xfff)) : '');
        if (e.likely) {
          parts.push(`if (!${cond}) { n += ${count + 1};`, goTo(after), '}');
          parts.push(dsFetch + dsCode);
          parts.push(`n += ${count + 2};`, takenGo);
        } else {
          parts.push(dsFetch + dsCode);
          parts.push(`n += ${count + 2};`);
          if (e.cond === null) parts.push(takenGo);
          else parts.push(`if (${cond}) {`, takenGo, '}', goTo(after));
        }
        count += 2;
        if (e.link > 0) extraEntry(after);
        break;
      }
      total += count;
      blk.size = count;
      if (count === 0) {
        blk.code = parts;
        continue;
      }
      // Timing variant: the budget is in cycles (n + stalls so far).
      blk.code = [
        `if (n${lineMask >= 0 ? ' + sc' : ''} + ${count} > lim) { ${exitTo(`${blk.va | 0}`)} }`,
        ...parts.map((p) => (typeof p === 'string' ? p.replaceAll(BLOCK_LENGTH, `${count}`) : p)),
      ];
    }
    if ((blocks[0] as Block).size === 0) return undefined;

    const inline = { left: MAX_INLINE_REGION - total };
    const reach = reachable(blocks);
    const cases = blocks.map((_, i) => `case ${i}: ${renderCase(blocks, reach, i, inline)}`);
    const regs = [...usedRegs].sort((x, y) => x - y);
    const src = [
      `const S = X.state, R = S.gpr, F = S.fpr, ${TLB_BINDING};`,
      this.code.timing === undefined ? '' : `${TIMING_BINDINGS} let sc = X.cycleBias;`,
      regs.length ? `let ${regs.map((r) => `r${r} = R[${r}]`).join(', ')};` : '',
      // n counts the instructions retired in this call; lim is what it may reach.
      `const n0 = S.icount, lim = ${this.code.timing === undefined ? `Math.min(lim0 - n0, ${MAX_RUN}) | 0` : 'lim0 - n0'};`,
      'let hi = S.hi, hk = 0, hp = 0, hq = 0, lo = S.lo, n = 0, xn = 0, b = b0 | 0, t = false, tg = 0, xpc = 0, xnpc = 0, xds = false;',
      'main: for (;;) {',
      'switch (b) {',
      ...cases,
      '}',
      '}',
      [...writtenRegs].map((r) => `R[${r}] = r${r};`).join(' '),
      `S.hi = ${HI_VALUE}; S.lo = lo; S.icount = n0 + n + xn; S.pc = xpc; S.npc = xds ? xnpc : (xpc + 4) | 0; S.inDelaySlot = xds;`,
      this.code.timing === undefined ? '' : 'X.cycleBias = sc;',
    ].join('\n');
    const fn = this.code.compile(['X', 'lim0', 'b0'], src) as RegionFunction;
    const entries: Region[] = [];
    blocks.forEach((blk, i) => {
      if (blk.size === 0) return;
      const off = blk.va - va;
      entries.push({ va: blk.va, pa: (pa + off) | 0, fn, block: i, size: total, bytes: 4 * blk.size });
    });
    return entries;
  }
}

/** For each block, the blocks control can reach from it without leaving the region. */
function reachable(blocks: readonly Block[]): Set<number>[] {
  const succ = blocks.map((blk) => blk.code.flatMap((p) => (typeof p !== 'string' && 'block' in p ? [p.block] : [])));
  return blocks.map((_, i) => {
    const seen = new Set<number>();
    const todo = [...(succ[i] as number[])];
    for (let j = todo.pop(); j !== undefined; j = todo.pop()) {
      if (seen.has(j)) continue;
      seen.add(j);
      todo.push(...(succ[j] as number[]));
    }
    return seen;
  });
}

/**
 * The code of case `head`: its block, with the blocks of the loops through it in place. A branch
 * to a block on the path from the case's start to it is a `continue` of a loop around that
 * block's code; others leave through the switch (a block not on a loop through the path, or
 * beyond the size or depth limits) or out of the region. `reach`: reachable(blocks).
 */
function renderCase(blocks: readonly Block[], reach: readonly Set<number>[], head: number, inline: { left: number }): string {
  let budget = Math.min(MAX_INLINE, inline.left);
  const looped = new Set<number>();
  const render = (id: number, path: readonly number[]): string => {
    const body = (blocks[id] as Block).code
      .map((p) => {
        if (typeof p === 'string') return p;
        if ('exit' in p) return p.exit;
        const to = p.block;
        if (path.includes(to)) {
          looped.add(to);
          return `continue L${to};`;
        }
        const size = (blocks[to] as Block).size;
        if (path.length < MAX_INLINE_DEPTH && size <= budget && path.some((q) => (reach[to] as Set<number>).has(q))) {
          budget -= size;
          return render(to, [...path, to]);
        }
        return `b = ${to}; continue main;`;
      })
      .filter((text) => text !== '')
      .join('\n');
    const loop = looped.delete(id);
    return loop ? `L${id}: for (;;) {\n${body}\n}` : `{\n${body}\n}`;
  };
  const text = render(head, [head]);
  inline.left -= Math.min(MAX_INLINE, inline.left) - budget;
  return text;
}
