// li.s and li.d: floating-point constants loaded through general registers, as gas builds them
// when the value is simple enough (a zero half-word in each 32-bit half, or any single-precision
// value bound for a GPR). Values gas would place in .lit4/.lit8/.rodata are not supported.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { splitArgs } from './cursor';
import { floatBytes, parseFloatLiteral } from './dataDirectives';
import { AsmError } from './errors';
import { Expander } from './expander';
import { parseRegister } from './registers';

/** The floating-point constant pseudo-instructions this file expands. */
export const LI_FLOAT_NAMES = ['li.s', 'li.d'] as const;

const simple = (w: number): boolean => (w & 0xffff) === 0 || (w >>> 16) === 0;

function wordsOf(v: number, double: boolean): number[] {
  const b = floatBytes(v, double, false);
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 4) out.push((((b[i] as number) << 24) | ((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number)) >>> 0);
  return out;
}

/** `li.s REG, FLOAT` / `li.d REG, FLOAT` with a GPR or an FPR destination. */
export function assembleLiFloat(ctx: AsmContext, name: 'li.s' | 'li.d', args: string, loc: SourceLocation, argLoc: SourceLocation): void {
  const parts = splitArgs(args);
  const [r, f] = parts;
  if (parts.length !== 2 || !r || !f) throw new AsmError(`invalid operands \`${name} ${args}'`, loc);
  const reg = parseRegister(r.text);
  if (!reg || (reg.cls !== 'gpr' && reg.cls !== 'fpr')) throw new AsmError(`invalid operands \`${name} ${args}'`, { ...argLoc, col: argLoc.col + r.at });
  const value = parseFloatLiteral(f.text, { ...argLoc, col: argLoc.col + f.at });
  const double = name === 'li.d';
  const [hi, lo = 0] = wordsOf(value, double) as [number, number?];
  const x = new Expander(ctx, loc);
  const unsupported = (): never => {
    throw new AsmError(`${name}: this constant needs a literal pool (.lit4/.lit8/.rodata), which is not supported; load it with la and l.s/l.d`, loc);
  };
  if (!double) {
    if (reg.cls === 'gpr') x.loadRegister(reg.num, BigInt(hi));
    else {
      if (!simple(hi) && ctx.gpSize >= 4) unsupported();
      const at = x.at();
      x.loadRegister(at, BigInt(hi));
      x.emit('mtc1', { t: at, S: reg.num });
    }
  } else {
    if (!simple(hi) || !simple(lo)) unsupported();
    if (reg.cls === 'gpr') {
      const big = ctx.endian === 'big';
      const hreg = big ? reg.num : reg.num + 1;
      const lreg = big ? reg.num + 1 : reg.num;
      if (hreg <= 31) x.loadRegister(hreg, BigInt(hi));
      if (lreg <= 31) {
        if (lo === 0) x.move(lreg, 0);
        else x.loadRegister(lreg, BigInt(lo));
      }
    } else {
      if (lo === 0) x.emit('mtc1', { t: 0, S: reg.num });
      else {
        x.loadRegister(x.at(), BigInt(lo));
        x.emit('mtc1', { t: 1, S: reg.num });
      }
      if (hi === 0) x.emit('mthc1', { t: 0, S: reg.num });
      else {
        x.loadRegister(x.at(), BigInt(hi));
        x.emit('mthc1', { t: 1, S: reg.num });
      }
    }
  }
  x.finish();
}
