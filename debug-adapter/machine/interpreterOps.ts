// The interpreter's predecoded form of an instruction word: one small dense integer (Op) naming
// what the word does, so that the interpreter's loop is a single `switch` with no nested decoding
// and no encoding checks. Everything the interpreter does not run itself (CP1, COP1X, MOVCI,
// reserved encodings, and the encodings whose field values are reserved, such as SRL with rs > 1
// or EXT past bit 31) decodes to Op.Fallback; side-effect-free encodings (SYNC, PREF, SYNCI, LWL
// and LWR into $zero) decode to Op.Nop. The decoding depends on the word alone, so a cache of it
// is exact while the word it was decoded from is unchanged (interpreter.ts compares the two).
// Op itself is declared in interpreter.ts, beside the switch on it: a const enum is inlined only
// in the file that declares it when files are compiled one at a time (tsx, which runs the tests),
// and a switch whose cases are property loads is many times slower than one on literals.

import { Op } from './interpreter';

/** Built at the first decode: this module and interpreter.ts, which holds Op, import each other. */
let tables: { readonly special: readonly Op[]; readonly regimmBranch: readonly Op[]; readonly primary: readonly Op[] } | undefined;

function decodeTables(): NonNullable<typeof tables> {
  tables ??= {
    special: specialTable(),
    /** REGIMM branches by rt: 0–3, then 16–19 (bit 4 of rt becomes bit 2). */
    regimmBranch: [Op.Bltz, Op.Bgez, Op.Bltzl, Op.Bgezl, Op.Bltzal, Op.Bgezal, Op.Bltzall, Op.Bgezall],
    primary: primaryTable(),
  };
  return tables;
}

/** The Op of instruction word w. */
export function decodeOp(w: number): Op {
  const rs = (w >>> 21) & 31;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  const sh = (w >>> 6) & 31;
  switch (w >>> 26) {
    case 0: {
      const f = w & 63;
      if (f === 2) return rs === 0 ? Op.Srl : rs === 1 ? Op.Rotr : Op.Fallback;
      if (f === 6) return sh === 0 ? Op.Srlv : sh === 1 ? Op.Rotrv : Op.Fallback;
      return decodeTables().special[f] as Op;
    }
    case 1:
      if (rt < 4 || (rt >= 16 && rt < 20)) return decodeTables().regimmBranch[(rt & 3) | ((rt >>> 2) & 4)] as Op;
      if (rt >= 8 && rt <= 14 && rt !== 13) return Op.TrapImm;
      return rt === 31 ? Op.Nop : Op.Fallback;
    case 28:
      switch (w & 63) {
        case 0:
          return Op.Madd;
        case 1:
          return Op.Maddu;
        case 4:
          return Op.Msub;
        case 5:
          return Op.Msubu;
        case 2:
          return Op.Mul;
        case 32:
          return Op.Clz;
        case 33:
          return Op.Clo;
        case 63:
          return Op.Sdbbp;
        default:
          return Op.Fallback;
      }
    case 31:
      switch (w & 63) {
        case 0:
          return sh + rd + 1 > 32 ? Op.Fallback : Op.Ext;
        case 4:
          return rd < sh ? Op.Fallback : Op.Ins;
        case 32:
          return sh === 2 ? Op.Wsbh : sh === 16 ? Op.Seb : sh === 24 ? Op.Seh : Op.Fallback;
        case 59:
          return rd > 3 && rd !== 29 ? Op.Fallback : Op.Rdhwr;
        default:
          return Op.Fallback;
      }
    case 34:
    case 38:
      // As the emitters: a merge into $zero is no access at all.
      return rt === 0 ? Op.Nop : w >>> 26 === 34 ? Op.Lwl : Op.Lwr;
    default:
      return decodeTables().primary[w >>> 26] as Op;
  }
}

/** SPECIAL (opcode 0) by funct, except SRL/ROTR and SRLV/ROTRV, which decodeOp tells apart. */
function specialTable(): Op[] {
  const t = new Array<Op>(64).fill(Op.Fallback);
  const set: [number, Op][] = [
    [0, Op.Sll], [3, Op.Sra], [4, Op.Sllv], [7, Op.Srav], [8, Op.Jr], [9, Op.Jalr], [10, Op.Movz], [11, Op.Movn],
    [12, Op.Syscall], [13, Op.Break], [15, Op.Nop], [16, Op.Mfhi], [17, Op.Mthi], [18, Op.Mflo], [19, Op.Mtlo],
    [24, Op.Mult], [25, Op.Multu], [26, Op.Div], [27, Op.Divu], [32, Op.Add], [33, Op.Addu], [34, Op.Sub], [35, Op.Subu],
    [36, Op.And], [37, Op.Or], [38, Op.Xor], [39, Op.Nor], [42, Op.Slt], [43, Op.Sltu],
    [48, Op.Trap], [49, Op.Trap], [50, Op.Trap], [51, Op.Trap], [52, Op.Trap], [54, Op.Trap],
  ];
  for (const [f, op] of set) t[f] = op;
  return t;
}

/** Primary opcodes other than SPECIAL, REGIMM, SPECIAL2, SPECIAL3, LWL and LWR. */
function primaryTable(): Op[] {
  const t = new Array<Op>(64).fill(Op.Fallback);
  const set: [number, Op][] = [
    [2, Op.J], [3, Op.Jal], [4, Op.Beq], [5, Op.Bne], [6, Op.Blez], [7, Op.Bgtz], [8, Op.Addi], [9, Op.Addiu],
    [10, Op.Slti], [11, Op.Sltiu], [12, Op.Andi], [13, Op.Ori], [14, Op.Xori], [15, Op.Lui], [16, Op.Cop0],
    [20, Op.Beql], [21, Op.Bnel], [22, Op.Blezl], [23, Op.Bgtzl], [32, Op.Lb], [33, Op.Lh], [35, Op.Lw], [36, Op.Lbu],
    [37, Op.Lhu], [40, Op.Sb], [41, Op.Sh], [42, Op.Swl], [43, Op.Sw], [46, Op.Swr], [47, Op.Cache], [48, Op.Ll],
    [51, Op.Nop], [56, Op.Sc],
  ];
  for (const [o, op] of set) t[o] = op;
  return t;
}
