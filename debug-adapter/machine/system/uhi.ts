// MIPS UHI semihosting (Unified Hosting Interface, MD01069): `sdbbp 1` with the operation number
// in $t9 (r25), arguments in $a0..$a3, results in $v0 and errno in $v1 — the calls QEMU's
// `-semihosting` serves. Implemented: exit (1), open (2, fails: no host files), close (3), read
// (4, fd 0 reads the machine's console input), write (5, fds 1 and 2 go to the console), lseek
// (6) and fstat (8) fail with EBADF, argc (9) = 0, plog (13, printf with at most one %d/%x/%s…
// conversion) and assert (14, stops the machine with the message). Guest buffers are reached
// through the CPU's side-effect-free translation; read stores into them as a device's DMA would.

import type { MachineCpu } from './machineCpu';
import type { ConsoleInput } from './consoleInput';
import { ACCESS_LOAD, ACCESS_STORE } from '../softTlb';

/** UHI operation numbers. */
export const UHI_EXIT = 1;
export const UHI_OPEN = 2;
export const UHI_CLOSE = 3;
export const UHI_READ = 4;
export const UHI_WRITE = 5;
export const UHI_LSEEK = 6;
export const UHI_FSTAT = 8;
export const UHI_ARGC = 9;
export const UHI_PLOG = 13;
export const UHI_ASSERT = 14;

const EBADF = 9;
const ENOENT = 2;
const ENOSYS = 88;
const EFAULT = 14;
/** Largest transfer of one read or write call. */
const MAX_TRANSFER = 1 << 20;

/** What a UHI call asks of the machine; 'wait': a read found no input yet, run the call again later. */
export type UhiOutcome =
  | { readonly kind: 'continue' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'fatal'; readonly message: string };

/** The machine's side of UHI calls: console output, standard input, stores into guest memory. */
export interface UhiHost {
  console(text: string): void;
  /** Standard input (fd 0). */
  readonly input: ConsoleInput;
  /** Stores bytes at machine address pa as a device's DMA does; false when the range leaves RAM. */
  writeMemory(pa: number, bytes: Uint8Array): boolean;
}

/** The SDBBP code field of an instruction word, or -1 when the word is not SDBBP. */
export function sdbbpCode(word: number): number {
  return (word >>> 26) === 0x1c && (word & 63) === 0x3f ? (word >>> 6) & 0xfffff : -1;
}

function readBytes(cpu: MachineCpu, va: number, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const pa = cpu.mmu.probe((va + i) | 0, ACCESS_LOAD);
    if (!cpu.memory.isRam(pa, 1)) return undefined;
    out[i] = cpu.memory.read8(pa);
  }
  return out;
}

function readString(cpu: MachineCpu, va: number, max = 4096): string | undefined {
  let s = '';
  for (let i = 0; i < max; i++) {
    const b = readBytes(cpu, (va + i) | 0, 1);
    if (b === undefined) return undefined;
    if (b[0] === 0) return s;
    s += String.fromCharCode(b[0] as number);
  }
  return s;
}

/** The machine address of each page-bounded piece of the guest buffer [va, va+len), or undefined if any byte is not writable RAM. */
function storePieces(cpu: MachineCpu, va: number, len: number): { pa: number; len: number }[] | undefined {
  const pieces: { pa: number; len: number }[] = [];
  for (let done = 0; done < len; ) {
    const at = (va + done) | 0;
    const n = Math.min(len - done, 4096 - (at & 0xfff));
    const pa = cpu.mmu.probe(at, ACCESS_STORE);
    if (pa < 0 || !cpu.memory.isRam(pa, n)) return undefined;
    pieces.push({ pa, len: n });
    done += n;
  }
  return pieces;
}

/** UHI read of fd 0: up to len bytes of console input into the guest buffer at va. */
function readInput(cpu: MachineCpu, host: UhiHost, va: number, len: number): { bytes: number } | { errno: number } | 'wait' {
  if (len <= 0) return { bytes: 0 };
  const pieces = storePieces(cpu, va, Math.min(len, MAX_TRANSFER));
  if (pieces === undefined) return { errno: EFAULT };
  const data = host.input.read(Math.min(len, MAX_TRANSFER));
  if (data === undefined) return 'wait';
  let from = 0;
  for (const p of pieces) {
    if (from >= data.length) break;
    const chunk = data.subarray(from, from + p.len);
    if (!host.writeMemory(p.pa, chunk)) return { errno: EFAULT };
    from += chunk.length;
  }
  return { bytes: data.length };
}

/** Bytes as a string of the same char codes. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** printf-style formatting of UHI plog: the first conversion takes the integer argument. */
function formatPlog(fmt: string, arg: number): string {
  return fmt.replace(/%[-0-9]*([diuxXcs%])/, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 'x') return (arg >>> 0).toString(16);
    if (c === 'X') return (arg >>> 0).toString(16).toUpperCase();
    if (c === 'u') return String(arg >>> 0);
    if (c === 'c') return String.fromCharCode(arg & 0xff);
    return String(arg | 0);
  });
}

/** Performs the UHI call the registers of `cpu` describe. */
export function uhiCall(cpu: MachineCpu, host: UhiHost): UhiOutcome {
  const r = cpu.state.gpr;
  const op = r[25] as number;
  const a0 = r[4] as number;
  const a1 = r[5] as number;
  const a2 = r[6] as number;
  const ret = (v: number, errno = 0): UhiOutcome => {
    r[2] = v | 0;
    r[3] = errno;
    return { kind: 'continue' };
  };
  switch (op) {
    case UHI_EXIT:
      return { kind: 'exit', code: a0 | 0 };
    case UHI_OPEN:
      return ret(-1, ENOENT);
    case UHI_CLOSE:
      return a0 >= 0 && a0 <= 2 ? ret(0) : ret(-1, EBADF);
    case UHI_READ: {
      if (a0 !== 0) return ret(-1, EBADF);
      const r = readInput(cpu, host, a1, a2);
      if (r === 'wait') return { kind: 'wait' };
      return 'errno' in r ? ret(-1, r.errno) : ret(r.bytes);
    }
    case UHI_WRITE: {
      if (a0 !== 1 && a0 !== 2) return ret(-1, EBADF);
      const len = Math.max(0, Math.min(a2, MAX_TRANSFER));
      const bytes = readBytes(cpu, a1, len);
      if (bytes === undefined) return ret(-1, EFAULT);
      host.console(latin1(bytes));
      return ret(len);
    }
    case UHI_LSEEK:
    case UHI_FSTAT:
      return ret(-1, EBADF);
    case UHI_ARGC:
      return ret(0);
    case UHI_PLOG: {
      const fmt = readString(cpu, a0);
      if (fmt === undefined) return ret(-1, EFAULT);
      const text = formatPlog(fmt, a1);
      host.console(text);
      return ret(text.length);
    }
    case UHI_ASSERT: {
      const msg = readString(cpu, a0) ?? '?';
      const file = readString(cpu, a1) ?? '?';
      return { kind: 'fatal', message: `UHI assert failed: ${msg} at ${file}:${a2}` };
    }
    default:
      return ret(-1, ENOSYS);
  }
}
