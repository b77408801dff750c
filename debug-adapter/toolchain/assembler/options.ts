// Options of one assembly run (the `disco asm` flags) and the `.set`/`.module` state that
// directives change while assembling, with its push/pop stack.

import type { FileAccessor } from '../../util/fileAccessor';
import type { Endian } from '../object';

export interface AssembleOptions {
  readonly files: FileAccessor;
  /** Byte order of the output; big-endian like mips-linux-gnu-as unless `--EL`. */
  readonly endian?: Endian;
  /** Directories searched by `.include` and `#include`. */
  readonly includeDirs?: readonly string[];
  /** Preprocessor macros (`-D NAME[=VAL]`), used for `.S` files. */
  readonly defines?: ReadonlyMap<string, string>;
}

/** The settings `.set` changes (gas struct mips_set_options, the parts MIPS32 code uses). */
export interface SetOptions {
  /** `.set at` (true) / `.set noat`: expansions may use $at. */
  at: boolean;
  /** `.set macro` / `.set nomacro`: warn when a pseudo-instruction becomes several instructions. */
  macro: boolean;
  /** `.set mips32` / `.set mips32r2`: the ISA level. */
  isa: 'mips32' | 'mips32r2';
  /** `.set nomove`/`.set volatile`: never fill delay slots by moving instructions. */
  nomove: boolean;
  /** `.set softfloat`: FPU instructions are rejected. */
  softFloat: boolean;
  /** `.set singlefloat`: double-precision FPU instructions are rejected. */
  singleFloat: boolean;
}

export function defaultSetOptions(): SetOptions {
  return { at: true, macro: true, isa: 'mips32r2', nomove: false, softFloat: false, singleFloat: false };
}
