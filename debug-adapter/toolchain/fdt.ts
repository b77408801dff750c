// Flattened device tree (DTB) writer, Devicetree Specification v0.4 chapter 5: a 40-byte
// big-endian header (version 17, last compatible 16), the memory reservation block, the
// structure block (FDT_BEGIN_NODE / FDT_PROP / FDT_END_NODE / FDT_END tokens) and the
// strings block, where each property name is stored once. Property values are built with
// the fdt* helpers below; the tree itself is plain data.

import { UserError } from '../util/diagnostic';

/** One property: its name and its raw (big-endian) value bytes. */
export interface FdtProperty {
  readonly name: string;
  readonly value: Uint8Array;
}

/** One node; the root node's name is the empty string. */
export interface FdtNode {
  readonly name: string;
  readonly properties: readonly FdtProperty[];
  readonly children: readonly FdtNode[];
}

/** One /memreserve/ entry of the memory reservation block. */
export interface FdtReservation {
  readonly address: bigint;
  readonly size: bigint;
}

export interface FdtWriteOptions {
  readonly reservations?: readonly FdtReservation[];
  /** boot_cpuid_phys: the reg value of the CPU that boots; 0 by default. */
  readonly bootCpuidPhys?: number;
}

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_END = 9;
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
const HEADER_SIZE = 40;
const MAX_NAME = 31;

const utf8 = new TextEncoder();

/** A node built from properties in insertion order and child nodes. */
export function fdtNode(name: string, properties: Readonly<Record<string, Uint8Array>>, children: readonly FdtNode[] = []): FdtNode {
  return { name, properties: Object.entries(properties).map(([n, value]) => ({ name: n, value })), children };
}

/** A property value of 32-bit cells (`<a b c>`); phandle references are cells too. */
export function fdtCells(...cells: readonly number[]): Uint8Array {
  const out = new Uint8Array(cells.length * 4);
  const dv = new DataView(out.buffer);
  cells.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c > 0xffffffff) throw new UserError(`device tree: cell value ${c} is not a 32-bit unsigned integer`);
    dv.setUint32(i * 4, c);
  });
  return out;
}

/** A 64-bit value as two cells (`/bits/ 64 <v>`). */
export function fdtU64(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffffffffffffffffn) throw new UserError(`device tree: ${value} is not a 64-bit unsigned integer`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

/** A NUL-terminated string value. */
export function fdtString(s: string): Uint8Array {
  return fdtStrings([s]);
}

/** A string list (`"a", "b"`): each string NUL-terminated, back to back. */
export function fdtStrings(list: readonly string[]): Uint8Array {
  for (const s of list) if (s.includes('\0')) throw new UserError(`device tree: string '${s.replace(/\0/g, '\\0')}' contains NUL`);
  return utf8.encode(list.map((s) => `${s}\0`).join(''));
}

/** An empty (boolean) property such as `interrupt-controller;`. */
export function fdtEmpty(): Uint8Array {
  return new Uint8Array(0);
}

/** Node names: node-name[@unit-address] (Devicetree Specification §2.2.1). */
function checkNodeName(name: string, path: string): void {
  const [base = '', unit, ...rest] = name.split('@');
  if (rest.length > 0 || !/^[A-Za-z0-9,._+-]{1,31}$/.test(base) || (unit !== undefined && !/^[A-Za-z0-9,._+-]+$/.test(unit))) {
    throw new UserError(`device tree: ${path}: bad node name '${name}' (node-name[@unit-address], node-name 1..31 of A-Z a-z 0-9 , . _ + -)`);
  }
}

/** Property names (Devicetree Specification §2.2.4). */
function checkPropertyName(name: string, path: string): void {
  if (!/^[A-Za-z0-9,._+?#-]+$/.test(name) || name.length > MAX_NAME) {
    throw new UserError(`device tree: ${path}: bad property name '${name}' (1..31 of A-Z a-z 0-9 , . _ + ? # -)`);
  }
}

/** Grows a big-endian byte buffer 4-byte word by word. */
class StructBlock {
  private bytes = new Uint8Array(1024);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  u32(v: number): void {
    this.ensure(4);
    new DataView(this.bytes.buffer).setUint32(this.length, v);
    this.length += 4;
  }

  /** Raw bytes followed by zero padding to the next 4-byte boundary. */
  raw(b: Uint8Array): void {
    const padded = (b.length + 3) & ~3;
    this.ensure(padded);
    this.bytes.set(b, this.length);
    this.bytes.fill(0, this.length + b.length, this.length + padded);
    this.length += padded;
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Serialises a tree into a DTB. Names are checked, a node may not repeat a property or
 * child name, and `phandle` values must be unique; violations are UserErrors naming the node.
 */
export function writeFdt(root: FdtNode, options: FdtWriteOptions = {}): Uint8Array {
  if (root.name !== '') throw new UserError(`device tree: the root node's name must be empty, got '${root.name}'`);
  const strings: string[] = [];
  const stringOffsets = new Map<string, number>();
  let stringsSize = 0;
  const nameOffset = (name: string): number => {
    let off = stringOffsets.get(name);
    if (off === undefined) {
      off = stringsSize;
      stringOffsets.set(name, off);
      strings.push(name);
      stringsSize += utf8.encode(name).length + 1;
    }
    return off;
  };
  const phandles = new Map<number, string>();
  const struct = new StructBlock();

  const emit = (node: FdtNode, path: string): void => {
    struct.u32(FDT_BEGIN_NODE);
    struct.raw(utf8.encode(`${node.name}\0`));
    const propNames = new Set<string>();
    for (const p of node.properties) {
      checkPropertyName(p.name, path);
      if (propNames.has(p.name)) throw new UserError(`device tree: ${path}: property '${p.name}' appears twice`);
      propNames.add(p.name);
      if (p.name === 'phandle' || p.name === 'linux,phandle') checkPhandle(p, path, phandles);
      struct.u32(FDT_PROP);
      struct.u32(p.value.length);
      struct.u32(nameOffset(p.name));
      struct.raw(p.value);
    }
    const childNames = new Set<string>();
    for (const c of node.children) {
      const childPath = `${path === '/' ? '' : path}/${c.name}`;
      checkNodeName(c.name, childPath);
      if (childNames.has(c.name)) throw new UserError(`device tree: ${path}: child node '${c.name}' appears twice`);
      childNames.add(c.name);
      emit(c, childPath);
    }
    struct.u32(FDT_END_NODE);
  };
  emit(root, '/');
  struct.u32(FDT_END);

  const reservations = options.reservations ?? [];
  const rsvSize = (reservations.length + 1) * 16;
  const structBytes = struct.result();
  const stringsBytes = utf8.encode(strings.map((s) => `${s}\0`).join(''));
  const offRsv = HEADER_SIZE; // already 8-byte aligned
  const offStruct = offRsv + rsvSize;
  const offStrings = offStruct + structBytes.length;
  const total = offStrings + stringsBytes.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  [FDT_MAGIC, total, offStruct, offStrings, offRsv, FDT_VERSION, FDT_LAST_COMP_VERSION, options.bootCpuidPhys ?? 0, stringsBytes.length, structBytes.length].forEach(
    (v, i) => dv.setUint32(i * 4, v),
  );
  reservations.forEach((r, i) => {
    out.set(fdtU64(r.address), offRsv + i * 16);
    out.set(fdtU64(r.size), offRsv + i * 16 + 8);
  });
  out.set(structBytes, offStruct);
  out.set(stringsBytes, offStrings);
  return out;
}

function checkPhandle(p: FdtProperty, path: string, seen: Map<number, string>): void {
  if (p.value.length !== 4) throw new UserError(`device tree: ${path}: ${p.name} must be one 32-bit cell`);
  const v = new DataView(p.value.buffer, p.value.byteOffset, 4).getUint32(0);
  if (v === 0 || v === 0xffffffff) throw new UserError(`device tree: ${path}: ${p.name} ${v} is reserved`);
  const other = seen.get(v);
  if (other !== undefined && other !== path) throw new UserError(`device tree: ${path}: phandle ${v} is already used by ${other}`);
  seen.set(v, path);
}
