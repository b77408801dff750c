// One instruction statement: parse the operands, then try the spellings gas would try in
// its table order — table instructions and aliases, then pseudo-instructions — first strictly,
// then in gas' lax pass (symbolic 16-bit immediates become R_MIPS_LO16 fields). The best
// failure is reported when nothing matches.

import { ALIASES, type InsnSpec, findInstruction } from '../../isa';
import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { type ConstEval, type Encoded, type MatchFailure, encode } from './encode';
import { AsmError } from './errors';
import { type Operand, parseOperands } from './operands';
import { PSEUDO_FIRST, findPseudos, runPseudo } from './pseudo';
import { assembleLiFloat } from './pseudoFloat';

const realCache = new Map<string, InsnSpec[]>();

function reals(name: string): InsnSpec[] {
  let r = realCache.get(name);
  if (!r) {
    const base = findInstruction(name);
    r = [...(base ? [base] : []), ...ALIASES.filter((a) => a.name === name)];
    realCache.set(name, r);
  }
  return r;
}

/** Evaluates an operand expression now; undefined unless it is an absolute constant. */
export function constEvaluator(ctx: AsmContext): ConstEval {
  return (e, loc) => {
    const v = ctx.evaluate(e, loc);
    return v.pending || v.sym ? undefined : v.add;
  };
}

/** Assembles one instruction (or pseudo-instruction) statement. */
export function assembleInstruction(ctx: AsmContext, name: string, args: string, loc: SourceLocation, argLoc: SourceLocation): void {
  if (name === 'li.s' || name === 'li.d') return assembleLiFloat(ctx, name, args, loc, argLoc);
  let ops: Operand[];
  try {
    ops = parseOperands(args, argLoc, ctx);
  } catch (e) {
    if (!(e instanceof AsmError) || (reals(name).length === 0 && findPseudos(name).length === 0)) throw e;
    throw new AsmError(`${e.message}: invalid operands \`${echo(name, args)}'`, e.loc);
  }
  const real = reals(name);
  const pseudo = findPseudos(name);
  if (real.length === 0 && pseudo.length === 0) {
    throw new AsmError(`unrecognized opcode \`${echo(name, args)}'`, loc);
  }
  const evalConst = constEvaluator(ctx);
  let best: MatchFailure | undefined;
  const note = (f: MatchFailure): void => {
    if (!best || f.score > best.score) best = f;
  };
  for (const lax of [false, true]) {
    const tryReal = (): boolean => {
      for (const spec of real) {
        const r = encode(spec, ops, evalConst, lax);
        if ('message' in r) {
          note(r);
          continue;
        }
        checkIsa(ctx, r, loc);
        checkRegisters(r, loc);
        ctx.emitter.append(r);
        return true;
      }
      return false;
    };
    const tryPseudo = (): boolean => {
      for (const p of pseudo) {
        const r = runPseudo(ctx, p, ops, loc, lax);
        if (r === true) return true;
        note(r);
      }
      return false;
    };
    if (PSEUDO_FIRST.has(name) ? tryPseudo() || tryReal() : tryReal() || tryPseudo()) return;
  }
  const f = best as MatchFailure | undefined;
  const text = echo(name, args);
  throw new AsmError(f ? `${f.message} \`${text}'` : `invalid operands \`${text}'`, f?.loc ?? loc);
}

/** The statement as gas quotes it in messages (its scrubber drops blanks around commas). */
function echo(name: string, args: string): string {
  return `${name} ${args.replace(/\s*,\s*/g, ',')}`.trim();
}

const R2_ONLY = /^(rotr|rotrv|ror|rorv|seb|seh|wsbh|ext|ins|di|ei|rdhwr|rdpgpr|wrpgpr|mfhc1|mthc1|synci|jalr\.hb|jr\.hb|ehb)$/;

function checkIsa(ctx: AsmContext, r: Encoded, loc: SourceLocation): void {
  if (ctx.opts.isa === 'mips32' && R2_ONLY.test(r.spec.name)) {
    throw new AsmError(`opcode not supported on this processor: mips32 (mips32) \`${r.spec.name}'`, loc);
  }
}

/** Register combinations GNU as rejects although they encode. */
function checkRegisters(r: Encoded, loc: SourceLocation): void {
  const n = r.spec.name;
  const rs = (r.word >>> 21) & 31;
  const rd = (r.word >>> 11) & 31;
  if ((n === 'jalr' || n === 'jalr.hb') && rs === rd) {
    throw new AsmError(rd === 31 && r.spec.syntax === 's' ? 'a destination register must be supplied' : 'source and destination must be different', loc);
  }
  if (/^b(ltz|gez)all?$/.test(n) && rs === 31) throw new AsmError('the source register must not be $31', loc);
}
