// What each instruction does, in one line of pseudocode after the MIPS32 manual (Vol. II), for the
// instruction hovers. The ISA table gives encodings, operands and behaviour flags but no semantics;
// this table adds them. FPU formats (.s/.d/.ps/.w/.l) share one entry per operation.

const GPR: Readonly<Record<string, string>> = {
  sll: 'rd ← rt << sa', srl: 'rd ← rt >> sa (logical)', sra: 'rd ← rt >> sa (arithmetic)', rotr: 'rd ← rt rotated right by sa',
  sllv: 'rd ← rt << rs[4:0]', srlv: 'rd ← rt >> rs[4:0] (logical)', srav: 'rd ← rt >> rs[4:0] (arithmetic)', rotrv: 'rd ← rt rotated right by rs[4:0]',
  movz: 'if rt = 0 then rd ← rs', movn: 'if rt ≠ 0 then rd ← rs',
  movf: 'if FPU condition cc is false then rd ← rs', movt: 'if FPU condition cc is true then rd ← rs',
  mfhi: 'rd ← HI', mthi: 'HI ← rs', mflo: 'rd ← LO', mtlo: 'LO ← rs',
  mult: '(HI, LO) ← rs × rt (signed 64-bit product)', multu: '(HI, LO) ← rs × rt (unsigned 64-bit product)',
  div: 'LO ← rs ÷ rt, HI ← rs mod rt (signed; unpredictable when rt = 0)', divu: 'LO ← rs ÷ rt, HI ← rs mod rt (unsigned; unpredictable when rt = 0)',
  madd: '(HI, LO) ← (HI, LO) + rs × rt (signed)', maddu: '(HI, LO) ← (HI, LO) + rs × rt (unsigned)',
  msub: '(HI, LO) ← (HI, LO) − rs × rt (signed)', msubu: '(HI, LO) ← (HI, LO) − rs × rt (unsigned)',
  mul: 'rd ← low 32 bits of rs × rt (HI and LO unpredictable)',
  add: 'rd ← rs + rt, trapping on signed overflow', addu: 'rd ← rs + rt (no overflow trap)',
  sub: 'rd ← rs − rt, trapping on signed overflow', subu: 'rd ← rs − rt (no overflow trap)',
  and: 'rd ← rs AND rt', or: 'rd ← rs OR rt', xor: 'rd ← rs XOR rt', nor: 'rd ← NOT (rs OR rt)',
  slt: 'rd ← (rs < rt) ? 1 : 0 (signed)', sltu: 'rd ← (rs < rt) ? 1 : 0 (unsigned)',
  addi: 'rt ← rs + sign_extend(imm), trapping on signed overflow', addiu: 'rt ← rs + sign_extend(imm) (no overflow trap)',
  slti: 'rt ← (rs < sign_extend(imm)) ? 1 : 0 (signed)', sltiu: 'rt ← (rs < sign_extend(imm)) ? 1 : 0 (unsigned compare)',
  andi: 'rt ← rs AND zero_extend(imm)', ori: 'rt ← rs OR zero_extend(imm)', xori: 'rt ← rs XOR zero_extend(imm)', lui: 'rt ← imm << 16',
  clz: 'rd ← number of leading zero bits of rs', clo: 'rd ← number of leading one bits of rs',
  ext: 'rt ← rs[pos+size−1 : pos], zero-extended', ins: 'rt[pos+size−1 : pos] ← rs[size−1 : 0]',
  wsbh: 'rd ← rt with the bytes of each halfword swapped', seb: 'rd ← sign_extend(rt[7:0])', seh: 'rd ← sign_extend(rt[15:0])',
  j: 'jump to target within the current 256 MB region, after the delay slot', jal: 'ra ← pc + 8; jump to target, after the delay slot',
  jr: 'jump to the address in rs, after the delay slot', 'jr.hb': 'jump to rs after the delay slot, clearing execution and instruction hazards',
  jalr: 'rd ← pc + 8; jump to the address in rs, after the delay slot', 'jalr.hb': 'rd ← pc + 8; jump to rs, clearing hazards',
  beq: 'if rs = rt then branch to label (after the delay slot)', bne: 'if rs ≠ rt then branch to label (after the delay slot)',
  blez: 'if rs ≤ 0 then branch', bgtz: 'if rs > 0 then branch', bltz: 'if rs < 0 then branch', bgez: 'if rs ≥ 0 then branch',
  beql: 'if rs = rt then branch, else the delay slot is annulled', bnel: 'if rs ≠ rt then branch, else the delay slot is annulled',
  blezl: 'if rs ≤ 0 then branch, else annul the delay slot', bgtzl: 'if rs > 0 then branch, else annul the delay slot',
  bltzl: 'if rs < 0 then branch, else annul the delay slot', bgezl: 'if rs ≥ 0 then branch, else annul the delay slot',
  bltzal: 'ra ← pc + 8; if rs < 0 then branch', bgezal: 'ra ← pc + 8; if rs ≥ 0 then branch',
  bltzall: 'ra ← pc + 8; if rs < 0 then branch, else annul the delay slot', bgezall: 'ra ← pc + 8; if rs ≥ 0 then branch, else annul the delay slot',
  tge: 'trap if rs ≥ rt (signed)', tgeu: 'trap if rs ≥ rt (unsigned)', tlt: 'trap if rs < rt (signed)', tltu: 'trap if rs < rt (unsigned)',
  teq: 'trap if rs = rt', tne: 'trap if rs ≠ rt',
  tgei: 'trap if rs ≥ imm (signed)', tgeiu: 'trap if rs ≥ imm (unsigned)', tlti: 'trap if rs < imm (signed)', tltiu: 'trap if rs < imm (unsigned)',
  teqi: 'trap if rs = imm', tnei: 'trap if rs ≠ imm',
  syscall: 'raise a System Call exception', break: 'raise a Breakpoint exception', sdbbp: 'raise a Debug Breakpoint exception (EJTAG; UHI semihosting on the bare board)',
  sync: 'order loads and stores: those before complete before those after', synci: 'make instruction-cache lines for the address coherent with data writes',
  rdhwr: 'rt ← hardware register (CPUNum, SYNCI_Step, CC, CCRes, UserLocal) when HWREna allows it',
  lb: 'rt ← sign_extend(byte at base + offset)', lbu: 'rt ← zero_extend(byte at base + offset)',
  lh: 'rt ← sign_extend(halfword at base + offset)', lhu: 'rt ← zero_extend(halfword at base + offset)',
  lw: 'rt ← word at base + offset', sb: 'byte at base + offset ← rt[7:0]', sh: 'halfword at base + offset ← rt[15:0]', sw: 'word at base + offset ← rt',
  lwl: 'merge the most-significant part of an unaligned word into rt', lwr: 'merge the least-significant part of an unaligned word into rt',
  swl: 'store the most-significant part of rt to an unaligned word', swr: 'store the least-significant part of rt to an unaligned word',
  ll: 'rt ← word at base + offset, and start a read-modify-write sequence (LLbit ← 1)',
  sc: 'if LLbit then word at base + offset ← rt; rt ← LLbit (1 = stored, 0 = failed)',
  pref: 'prefetch hint for the data at base + offset (no architectural effect)', prefx: 'prefetch hint for the data at base + index',
  cache: 'cache operation op on the line holding base + offset',
  lwc1: 'ft ← word at base + offset', swc1: 'word at base + offset ← ft', ldc1: 'ft ← doubleword at base + offset', sdc1: 'doubleword at base + offset ← ft',
  lwxc1: 'fd ← word at base + index', swxc1: 'word at base + index ← fs', ldxc1: 'fd ← doubleword at base + index', sdxc1: 'doubleword at base + index ← fs',
  luxc1: 'fd ← doubleword at (base + index) with the low 3 bits cleared', suxc1: 'doubleword at (base + index) with the low 3 bits cleared ← fs',
  lwc2: 'CP2 register ← word at base + offset', swc2: 'word at base + offset ← CP2 register',
  ldc2: 'CP2 register ← doubleword at base + offset', sdc2: 'doubleword at base + offset ← CP2 register',
  mfc0: 'rt ← CP0 register (rd, sel)', mtc0: 'CP0 register (rd, sel) ← rt',
  di: 'rt ← Status; Status.IE ← 0 (disable interrupts)', ei: 'rt ← Status; Status.IE ← 1 (enable interrupts)',
  rdpgpr: 'rd ← rt of the previous shadow register set', wrpgpr: 'rd of the previous shadow register set ← rt',
  tlbr: 'EntryHi, EntryLo0, EntryLo1, PageMask ← TLB entry [Index]', tlbwi: 'TLB entry [Index] ← EntryHi, EntryLo0, EntryLo1, PageMask',
  tlbwr: 'TLB entry [Random] ← EntryHi, EntryLo0, EntryLo1, PageMask', tlbp: 'Index ← the TLB entry matching EntryHi (Index.P ← 1 when none does)',
  eret: 'return from exception: pc ← EPC (ErrorEPC when Status.ERL), clear EXL (or ERL) and LLbit; no delay slot',
  deret: 'return from debug exception: pc ← DEPC', wait: 'stop issuing instructions until an interrupt is pending',
  mfc1: 'rt ← fs (32 bits)', mtc1: 'fs ← rt (32 bits)', mfhc1: 'rt ← high 32 bits of fs', mthc1: 'high 32 bits of fs ← rt',
  cfc1: 'rt ← FPU control register fs', ctc1: 'FPU control register fs ← rt',
  bc1f: 'if FPU condition cc is false then branch', bc1t: 'if FPU condition cc is true then branch',
  bc1fl: 'if FPU condition cc is false then branch, else annul the delay slot', bc1tl: 'if FPU condition cc is true then branch, else annul the delay slot',
  mfc2: 'rt ← CP2 register', mtc2: 'CP2 register ← rt', mfhc2: 'rt ← high half of a CP2 register', mthc2: 'high half of a CP2 register ← rt',
  cfc2: 'rt ← CP2 control register', ctc2: 'CP2 control register ← rt',
  bc2f: 'if CP2 condition cc is false then branch', bc2t: 'if CP2 condition cc is true then branch',
  bc2fl: 'if CP2 condition cc is false then branch, else annul the delay slot', bc2tl: 'if CP2 condition cc is true then branch, else annul the delay slot',
  c2: 'coprocessor 2 operation cofun',
  // aliases and assembler pseudo-instructions
  nop: 'no operation (sll $0, $0, 0)', ssnop: 'superscalar no operation (one issue cycle)', ehb: 'execution hazard barrier',
  pause: 'wait until LLbit is cleared', li: 'rt ← a 32-bit constant (addiu, ori, or lui + ori)', la: 'rt ← the address of a symbol (lui + addiu)',
  move: 'rd ← rs', b: 'branch to label unconditionally', bal: 'ra ← pc + 8; branch to label', beqz: 'if rs = 0 then branch', bnez: 'if rs ≠ 0 then branch',
  beqzl: 'if rs = 0 then branch, else annul the delay slot', bnezl: 'if rs ≠ 0 then branch, else annul the delay slot',
  neg: 'rd ← −rs, trapping on overflow (sub rd, $0, rs)', negu: 'rd ← −rs (subu rd, $0, rs)', not: 'rd ← NOT rs (nor rd, rs, $0)',
  ror: 'rd ← rt rotated right', rorv: 'rd ← rt rotated right by rs', rol: 'rd ← rt rotated left',
  blt: 'if rs < rt then branch (slt + bne)', bgt: 'if rs > rt then branch (slt + bne)', ble: 'if rs ≤ rt then branch (slt + beq)', bge: 'if rs ≥ rt then branch (slt + beq)',
  bltu: 'if rs < rt (unsigned) then branch', bgtu: 'if rs > rt (unsigned) then branch', bleu: 'if rs ≤ rt (unsigned) then branch', bgeu: 'if rs ≥ rt (unsigned) then branch',
  abs: 'rd ← |rs|', rem: 'rd ← rs mod rt (signed)', remu: 'rd ← rs mod rt (unsigned)',
  seq: 'rd ← (rs = rt) ? 1 : 0', sne: 'rd ← (rs ≠ rt) ? 1 : 0', sgt: 'rd ← (rs > rt) ? 1 : 0', sge: 'rd ← (rs ≥ rt) ? 1 : 0', sle: 'rd ← (rs ≤ rt) ? 1 : 0',
  ulw: 'rt ← unaligned word at address (lwl + lwr)', usw: 'unaligned word at address ← rt (swl + swr)', ulh: 'rt ← unaligned halfword', ush: 'unaligned halfword ← rt',
};

const FPU: Readonly<Record<string, string>> = {
  add: 'fd ← fs + ft', sub: 'fd ← fs − ft', mul: 'fd ← fs × ft', div: 'fd ← fs ÷ ft', sqrt: 'fd ← √fs', abs: 'fd ← |fs|', neg: 'fd ← −fs', mov: 'fd ← fs',
  recip: 'fd ← 1 ÷ fs (approximate)', rsqrt: 'fd ← 1 ÷ √fs (approximate)',
  madd: 'fd ← fs × ft + fr', msub: 'fd ← fs × ft − fr', nmadd: 'fd ← −(fs × ft + fr)', nmsub: 'fd ← −(fs × ft − fr)',
  movz: 'if rt = 0 then fd ← fs', movn: 'if rt ≠ 0 then fd ← fs', movf: 'if FPU condition cc is false then fd ← fs', movt: 'if FPU condition cc is true then fd ← fs',
  round: 'fd ← fs rounded to the nearest integer', trunc: 'fd ← fs rounded toward zero', ceil: 'fd ← fs rounded up', floor: 'fd ← fs rounded down',
  cvt: 'fd ← fs converted', pll: 'fd ← lower halves of fs and ft', plu: 'fd ← lower of fs, upper of ft', pul: 'fd ← upper of fs, lower of ft', puu: 'fd ← upper halves of fs and ft',
  alnv: 'fd ← the paired single of fs:ft aligned by rs',
};

const FORMATS: Readonly<Record<string, string>> = { s: 'single', d: 'double', ps: 'paired single', pu: 'upper single of a pair', pl: 'lower single of a pair', w: 'word', l: 'long' };

/** The operation of `mnemonic` in one line, or undefined when it is not documented here. */
export function operationOf(mnemonic: string): string | undefined {
  const direct = GPR[mnemonic];
  if (direct !== undefined) return direct;
  const cond = /^c\.([a-z]+)\.(s|d|ps)$/.exec(mnemonic);
  if (cond) return `FPU condition cc ← compare fs, ft with predicate "${cond[1]}" (${FORMATS[cond[2] ?? '']})`;
  const parts = mnemonic.split('.');
  const fmt = parts[parts.length - 1] ?? '';
  const op = FPU[parts[0] ?? ''];
  if (op === undefined || FORMATS[fmt] === undefined || parts.length < 2) return undefined;
  if (parts.length === 3) return `${op} (${FORMATS[parts[2] ?? '']} → ${FORMATS[parts[1] ?? '']})`;
  return `${op} (${FORMATS[fmt]})`;
}
