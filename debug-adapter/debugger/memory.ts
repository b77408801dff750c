// Memory of a debug target in any of its three address spaces, read without side effects and
// written the way the monitor itself writes. A read translates page by page through translate.ts
// (no TLB refill, no pmap allocation), copies RAM, and reads device registers through the bus's
// side-effect-free peek; what cannot be read is listed with the reason and reads as zero. A write
// to a VM's memory goes through the pmap (allocating a page on first touch and breaking
// copy-on-write sharing, never writing into a page another VM shares); every write is noted so
// snapshots and compiled code see it.

import { writeGuest } from '../monitor/guestMemory';
import type { Vm } from '../monitor/vm';
import { UserError } from '../util/diagnostic';
import type { AddressSpace, DebugTarget, DebugThread } from './target';
import { guestPhysicalToMachine, translateVirtual } from './translate';

/** Largest single read or write. */
export const MAX_TRANSFER = 1 << 20;

/** A stretch of a read that returned no data (its bytes read as zero). */
export interface UnreadableRange {
  /** Offset from the start of the request. */
  readonly offset: number;
  readonly length: number;
  readonly reason: string;
}

export interface MemoryRead {
  readonly space: AddressSpace;
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly unreadable: readonly UnreadableRange[];
}

export interface MemoryWrite {
  /** Bytes written from the start (all of them unless `error` says why not). */
  readonly written: number;
  readonly error: string | undefined;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** Where the page holding an address lives: a machine address, a VM's guest-physical address, or nowhere. */
type Place = { readonly machine: number } | { readonly vm: Vm; readonly gpa: number } | { readonly reason: string };

function checkRequest(address: number, length: number): void {
  if (!Number.isInteger(address) || address < -0x80000000 || address > 0xffffffff) throw new UserError(`bad address ${address}`);
  if (!Number.isInteger(length) || length < 0 || length > MAX_TRANSFER) throw new UserError(`bad length ${length}: 0..${MAX_TRANSFER} bytes`);
}

function vmOf(target: DebugTarget, space: AddressSpace, thread: DebugThread | undefined): Vm | undefined {
  if (space !== 'guest-physical') return undefined;
  if (thread?.vm === undefined) throw new UserError(target.monitor === undefined ? 'the bare machine has no guest-physical addresses (use machine addresses)' : 'guest-physical addresses need a thread of the VM they belong to');
  return thread.vm;
}

/** Resolves the page of `a` (a 32-bit address of `space`) for a read or a write. */
function place(target: DebugTarget, space: AddressSpace, a: number, thread: DebugThread | undefined, vm: Vm | undefined, write: boolean): Place {
  if (space === 'machine') return { machine: a };
  if (space === 'guest-physical') {
    const v = vm as Vm;
    if (write) return a < v.memoryBytes ? { vm: v, gpa: a } : { reason: `guest-physical ${hex(a)} is beyond ${v.name}'s memory` };
    const m = guestPhysicalToMachine(v, a);
    return m.machine === undefined ? { reason: m.notMapped ?? 'not mapped' } : { machine: m.machine };
  }
  if (thread === undefined) throw new UserError('virtual addresses need a thread');
  const t = translateVirtual(target, thread, a);
  if (write && t.guestPhysical !== undefined && thread.vm !== undefined) return { vm: thread.vm, gpa: t.guestPhysical };
  if (t.machine === undefined) return { reason: t.notMapped ?? 'not mapped' };
  return { machine: t.machine };
}

function appendGap(gaps: UnreadableRange[], offset: number, length: number, reason: string): void {
  const last = gaps[gaps.length - 1];
  if (last !== undefined && last.offset + last.length === offset && last.reason === reason) gaps[gaps.length - 1] = { ...last, length: last.length + length };
  else gaps.push({ offset, length, reason });
}

/** Copies `n` bytes at machine address pa into out[at..]; returns the reason for bytes it could not read. */
function readMachine(target: DebugTarget, pa: number, n: number, out: Uint8Array, at: number, gaps: UnreadableRange[]): void {
  const m = target.machine;
  const mem = m.memory;
  if (mem.isRam(pa, n)) {
    out.set(mem.readBytes(pa, n), at);
    return;
  }
  for (let i = 0; i < n; i++) {
    const b = pa + i;
    if (mem.isRam(b, 1)) {
      out[at + i] = mem.read8(b);
      continue;
    }
    const word = m.peek(b & ~3, 4);
    if (word === undefined) {
      appendGap(gaps, at + i, 1, `nothing at machine ${hex(b & ~3)}: neither RAM nor a device register`);
      continue;
    }
    const shift = mem.bigEndian ? 24 - 8 * (b & 3) : 8 * (b & 3);
    out[at + i] = (word >>> shift) & 0xff;
  }
}

/**
 * Reads `length` bytes at `address` of `space`; virtual addresses translate through the thread's
 * view, guest-physical ones through its VM's pmap. Nothing in the target changes.
 */
export function readMemory(target: DebugTarget, space: AddressSpace, address: number, length: number, thread?: DebugThread): MemoryRead {
  checkRequest(address, length);
  const vm = vmOf(target, space, thread);
  const bytes = new Uint8Array(length);
  const gaps: UnreadableRange[] = [];
  let done = 0;
  while (done < length) {
    const a = (address + done) >>> 0;
    const n = Math.min(length - done, 4096 - (a & 0xfff), 0x100000000 - a);
    const p = place(target, space, a, thread, vm, false);
    if ('reason' in p) appendGap(gaps, done, n, p.reason);
    else if ('machine' in p) readMachine(target, p.machine, n, bytes, done, gaps);
    done += n;
  }
  return { space, address: address >>> 0, bytes, unreadable: gaps };
}

/** The word at `offset` of a read in the machine's byte order, or undefined when any of its bytes is unreadable. */
export function wordAt(target: DebugTarget, r: MemoryRead, offset: number): number | undefined {
  if (offset < 0 || offset + 4 > r.bytes.length || r.unreadable.some((u) => u.offset < offset + 4 && offset < u.offset + u.length)) return undefined;
  const b = r.bytes;
  const [b0, b1, b2, b3] = [b[offset] as number, b[offset + 1] as number, b[offset + 2] as number, b[offset + 3] as number];
  return (target.machine.memory.bigEndian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
}

function writeMachine(target: DebugTarget, pa: number, data: Uint8Array): string | undefined {
  const m = target.machine;
  if (!m.memory.isRam(pa, data.length)) return `machine ${hex(pa)} is not RAM (device registers are not written by the debugger)`;
  m.memory.writeBytes(pa, data);
  m.noteMemoryWritten(pa, data.length);
  return undefined;
}

/**
 * Writes `data` at `address` of `space`. A VM's pages are written through its pmap (first touch
 * allocates, copy-on-write sharing is broken); machine addresses are written as they are.
 */
export function writeMemory(target: DebugTarget, space: AddressSpace, address: number, data: Uint8Array, thread?: DebugThread): MemoryWrite {
  checkRequest(address, data.length);
  const vm = vmOf(target, space, thread);
  let done = 0;
  while (done < data.length) {
    const a = (address + done) >>> 0;
    const n = Math.min(data.length - done, 4096 - (a & 0xfff), 0x100000000 - a);
    const chunk = data.subarray(done, done + n);
    const p = place(target, space, a, thread, vm, true);
    let error: string | undefined;
    if ('reason' in p) error = p.reason;
    else if ('machine' in p) error = writeMachine(target, p.machine, chunk);
    else if (target.monitor === undefined || !writeGuest(target.monitor.core, p.vm, p.gpa, chunk)) error = `guest-physical ${hex(p.gpa)} of ${p.vm.name} cannot be written: machine memory is exhausted`;
    if (error !== undefined) return { written: done, error };
    done += n;
  }
  return { written: done, error: undefined };
}
