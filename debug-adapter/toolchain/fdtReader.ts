// Flattened device tree (DTB) reader, Devicetree Specification v0.4 chapter 5: the inverse
// of fdt.ts, for checking blobs (the ones we write, or a board's) in tests and tools.
// Every offset is bounds-checked; malformed input is a UserError with the byte offset.

import { UserError } from '../util/diagnostic';
import { FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_MAGIC, FDT_PROP, type FdtNode, type FdtProperty, type FdtReservation } from './fdt';

/** A decoded blob: header fields, reservations and the tree. */
export interface FdtBlob {
  readonly version: number;
  readonly lastCompatibleVersion: number;
  readonly bootCpuidPhys: number;
  readonly reservations: readonly FdtReservation[];
  readonly root: FdtNode;
}

const FDT_NOP = 4;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes a DTB of version 16 or later. */
export function readFdt(bytes: Uint8Array, fileName: string): FdtBlob {
  const fail = (offset: number, message: string): UserError => new UserError(`${fileName}: byte 0x${offset.toString(16)}: ${message}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => {
    if (at < 0 || at + 4 > bytes.length) throw fail(at, 'unexpected end of the device tree blob');
    return dv.getUint32(at);
  };
  if (u32(0) !== FDT_MAGIC) throw fail(0, 'not a device tree blob (magic is not d00dfeed)');
  const [total = 0, offStruct = 0, offStrings = 0, offRsv = 0, version = 0, lastComp = 0, bootCpuidPhys = 0, stringsSize = 0, structSize = 0] = Array.from(
    { length: 9 },
    (_, i) => u32(4 + i * 4),
  );
  if (total > bytes.length) throw fail(4, `totalsize ${total} exceeds the ${bytes.length}-byte file`);
  if (version < 16) throw fail(20, `version ${version} is older than 16`);
  if (offStruct + structSize > total || offStrings + stringsSize > total) throw fail(8, 'structure or strings block lies outside totalsize');

  const reservations: FdtReservation[] = [];
  for (let at = offRsv; ; at += 16) {
    if (at + 16 > total) throw fail(at, 'memory reservation block has no terminating entry');
    const address = dv.getBigUint64(at);
    const size = dv.getBigUint64(at + 8);
    if (address === 0n && size === 0n) break;
    reservations.push({ address, size });
  }

  const cString = (start: number, end: number): [string, number] => {
    const nul = bytes.indexOf(0, start);
    if (nul < 0 || nul >= end) throw fail(start, 'unterminated string');
    return [utf8.decode(bytes.subarray(start, nul)), nul + 1];
  };
  const structEnd = offStruct + structSize;
  let at = offStruct;
  const token = (): number => {
    let t = u32(at);
    while (t === FDT_NOP) t = u32((at += 4));
    return t;
  };
  const parseNode = (): FdtNode => {
    const [name, afterName] = cString(at + 4, structEnd);
    at = (afterName + 3) & ~3;
    const properties: FdtProperty[] = [];
    const children: FdtNode[] = [];
    for (;;) {
      const t = token();
      if (t === FDT_PROP) {
        const len = u32(at + 4);
        const nameOff = u32(at + 8);
        if (at + 12 + len > structEnd) throw fail(at, `property of ${len} bytes runs past the structure block`);
        if (nameOff >= stringsSize) throw fail(at + 8, `property name offset ${nameOff} is outside the strings block`);
        const [propName] = cString(offStrings + nameOff, offStrings + stringsSize);
        properties.push({ name: propName, value: bytes.slice(at + 12, at + 12 + len) });
        at = (at + 12 + len + 3) & ~3;
      } else if (t === FDT_BEGIN_NODE) children.push(parseNode());
      else if (t === FDT_END_NODE) {
        at += 4;
        return { name, properties, children };
      } else throw fail(at, `unexpected token 0x${t.toString(16)} inside node '${name}'`);
    }
  };
  if (token() !== FDT_BEGIN_NODE) throw fail(at, 'structure block does not start with FDT_BEGIN_NODE');
  const root = parseNode();
  if (token() !== FDT_END) throw fail(at, 'structure block does not end with FDT_END');
  return { version, lastCompatibleVersion: lastComp, bootCpuidPhys, reservations, root };
}
