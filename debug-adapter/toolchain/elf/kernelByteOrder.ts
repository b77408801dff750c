// The byte order a kernel image runs in: the one its ELF header declares (e_ident[EI_DATA]), as
// every loader takes it. A user's explicit choice (`--EL`/`--EB`, a config's "endian") may only
// confirm it: a clash is a UserError naming both, never a silent reinterpretation of the bytes.

import type { Endian } from '../object';
import { UserError } from '../../util/diagnostic';
import { readIdent } from './elfFile';

/** A byte order the user asked for, and where they asked for it (shown in errors). */
export interface ByteOrderOverride {
  readonly endian: Endian;
  /** How the user said it: "--EL", "machine.endian in vm.disco.json"… */
  readonly source: string;
}

/** The byte order of the ELF file `bytes`, checked against `override` when one is given. */
export function kernelByteOrder(bytes: Uint8Array, fileName: string, override?: ByteOrderOverride): Endian {
  const endian = readIdent(bytes, fileName);
  if (override !== undefined && override.endian !== endian) {
    throw new UserError(`${fileName}: the ELF header says ${endian}-endian (e_ident[EI_DATA]), but ${override.source} asks for ${override.endian}-endian`);
  }
  return endian;
}
