// `.set` and `.module`: assembler options (reorder/noreorder, at/noat, macro/nomacro, ISA level,
// float ABI, push/pop) or, with a comma, an equate. `.option pic0` and `.abicalls` select
// the code model: only non-PIC code is generated, and `.abicalls` also turns off $gp addressing.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { AsmError } from './errors';
import { parseEquate } from './symbolDirectives';

const ISA: Readonly<Record<string, 'mips32' | 'mips32r2'>> = { mips32: 'mips32', mips32r2: 'mips32r2', 'arch=mips32': 'mips32', 'arch=mips32r2': 'mips32r2' };
const ACCEPTED = /^(hardfloat|doublefloat|oddspreg|nooddspreg|fp=(32|xx|64)|gp=32|nomips16|nomicromips|mips0|dsp|nodsp|mt|nomt|virt|novirt|msa|nomsa|noinsn32|bopt|nobopt|autoextend|noautoextend|sym32|nosym32|nomips3d|nomdmx|nosmartmips|nomcu|noeva|noxpa|nocrc|noginv)$/;

export function setDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  if (args.includes(',')) {
    parseEquate(ctx, args, loc, false);
    return;
  }
  applyOption(ctx, args.trim(), loc, false);
}

export function moduleDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  applyOption(ctx, args.trim(), loc, true);
}

function applyOption(ctx: AsmContext, name: string, loc: SourceLocation, module: boolean): void {
  const o = ctx.opts;
  const e = ctx.emitter;
  switch (name) {
    case 'reorder':
      e.endNoreorder();
      return;
    case 'noreorder':
      ctx.anyNoreorder = true;
      e.startNoreorder();
      return;
    case 'at':
    case 'at=$1':
    case 'at=$at':
      o.at = true;
      return;
    case 'noat':
      o.at = false;
      return;
    case 'macro':
      o.macro = true;
      return;
    case 'nomacro':
      o.macro = false;
      return;
    case 'move':
    case 'novolatile':
      o.nomove = false;
      return;
    case 'nomove':
    case 'volatile':
      o.nomove = true;
      return;
    case 'softfloat':
      o.softFloat = true;
      return;
    case 'hardfloat':
      o.softFloat = false;
      o.singleFloat = false;
      return;
    case 'singlefloat':
      o.singleFloat = true;
      return;
    case 'doublefloat':
      o.singleFloat = false;
      return;
    case 'push':
      if (module) break;
      ctx.optStack.push({ opts: { ...o }, noreorder: e.noreorder });
      return;
    case 'pop': {
      if (module) break;
      const top = ctx.optStack.pop();
      if (!top) throw new AsmError('.set pop with no .set push', loc);
      ctx.opts = top.opts;
      while (e.noreorder > top.noreorder) e.endNoreorder();
      while (e.noreorder < top.noreorder) e.startNoreorder();
      return;
    }
    default:
      break;
  }
  const isa = ISA[name];
  if (isa) {
    o.isa = isa;
    return;
  }
  if (ACCEPTED.test(name)) return;
  if (/^(mips[1-5]|mips64.*|arch=.*|mips32r[3-6]|mips16|micromips|insn32)$/.test(name)) {
    throw new AsmError(`\`${name}' is not supported: this assembler generates MIPS32 Release 2 code`, loc);
  }
  if (module) throw new AsmError(`.module option \`${name}' not recognized`, loc);
  throw new AsmError(`tried to set unrecognized symbol: ${name}`, loc);
}

export function optionDirective(ctx: AsmContext, args: string, loc: SourceLocation): void {
  const a = args.trim();
  if (a === 'pic0') return;
  if (a === 'pic2') throw new AsmError('.option pic2 is not supported: this assembler generates non-PIC code', loc);
  if (a.startsWith('O')) return;
  ctx.warn(loc, `unrecognized option "${a}"`);
}

export function abicallsDirective(ctx: AsmContext): void {
  ctx.gpSize = 0;
}
