// The initial user stack of a new process, laid out byte for byte as qemu-mips 7.2 does
// (linux-user/elfload.c create_elf_tables): strings at the top (execfn, environment, arguments),
// the platform string, 16 AT_RANDOM bytes, then argc, argv[], envp[] and the auxiliary vector at
// a 16-byte aligned $sp. The stack occupies the 8 MiB below STACK_TOP.

import type { LoadedProgram } from './programLoader';
import { PROT_READ, PROT_WRITE, type UserAddressSpace } from './userAddressSpace';

export const STACK_TOP = 0x40801000;
export const STACK_SIZE = 8 << 20;
/** The guard page below the stack makes QEMU's stack mapping start here. */
export const STACK_MAPPING = STACK_TOP - STACK_SIZE - 0x2000;
const PLATFORM = 'mips32r2';

const AT_NULL = 0;
const AT_PHDR = 3;
const AT_PHENT = 4;
const AT_PHNUM = 5;
const AT_PAGESZ = 6;
const AT_BASE = 7;
const AT_FLAGS = 8;
const AT_ENTRY = 9;
const AT_UID = 11;
const AT_EUID = 12;
const AT_GID = 13;
const AT_EGID = 14;
const AT_BASE_PLATFORM = 24;
const AT_HWCAP = 16;
const AT_CLKTCK = 17;
const AT_SECURE = 23;
const AT_RANDOM = 25;
const AT_EXECFN = 31;

export interface StackInputs {
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  /** The path the program was started as (AT_EXECFN). */
  readonly execfn: string;
  readonly uid: number;
  readonly gid: number;
  /** The 16 AT_RANDOM bytes (deterministic in this emulator). */
  readonly random: Uint8Array;
}

/** Builds the stack; returns the initial $sp. */
export function buildInitialStack(space: UserAddressSpace, prog: LoadedProgram, inputs: StackInputs): number {
  const big = space.memory.bigEndian;
  space.map(STACK_MAPPING + 0x1000, STACK_TOP - STACK_MAPPING - 0x1000, PROT_READ | PROT_WRITE);
  const enc = new TextEncoder();
  let p = STACK_TOP - 8;
  const putString = (s: string): number => {
    const b = enc.encode(s);
    p -= b.length + 1;
    space.poke(p, new Uint8Array([...b, 0]));
    return p;
  };
  const execfn = putString(inputs.execfn);
  const envAddrs = inputs.envp.map(() => 0);
  for (let i = inputs.envp.length - 1; i >= 0; i--) envAddrs[i] = putString(inputs.envp[i] as string);
  const argAddrs = inputs.argv.map(() => 0);
  for (let i = inputs.argv.length - 1; i >= 0; i--) argAddrs[i] = putString(inputs.argv[i] as string);
  // The platform string takes a multiple of 4 bytes below the arguments (QEMU's rounding).
  const platformBytes = enc.encode(PLATFORM);
  p -= (platformBytes.length + 1 + 3) & ~3;
  const platform = p;
  space.poke(platform, new Uint8Array([...platformBytes, 0]));
  p = (p & ~15) - 16;
  const random = p;
  space.poke(random, inputs.random.subarray(0, 16));
  const aux: [number, number][] = [
    [AT_PHDR, prog.phdr],
    [AT_PHENT, prog.phent],
    [AT_PHNUM, prog.phnum],
    [AT_PAGESZ, 4096],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, prog.entry],
    [AT_UID, inputs.uid],
    [AT_EUID, inputs.uid],
    [AT_GID, inputs.gid],
    [AT_EGID, inputs.gid],
    [AT_HWCAP, 0],
    [AT_CLKTCK, 100],
    [AT_RANDOM, random],
    [AT_SECURE, 0],
    [AT_EXECFN, execfn],
    [AT_BASE_PLATFORM, platform],
    [AT_NULL, 0],
  ];
  const words = [inputs.argv.length, ...argAddrs, 0, ...envAddrs, 0, ...aux.flat()];
  const sp = (random - words.length * 4) & ~15;
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, !big));
  space.poke(sp, bytes);
  return sp;
}
