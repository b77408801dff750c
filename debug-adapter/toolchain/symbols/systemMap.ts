// Parser for `System.map` / `nm` style symbol tables: one `address type name` per
// line (type letters as nm(1) prints them; U lines carry no address and are skipped;
// 64-bit sign-extended kseg addresses, as nm prints them for MIPS32, are taken as 32-bit).
// Malformed lines are reported all at once as file:line:col diagnostics.

import { DiagnosticError, type Diagnostic } from '../../util/diagnostic';
import type { SymbolEntry, SymbolImage, SymbolKind } from './symbolImage';

function kindOf(type: string): SymbolKind | undefined {
  const t = type.toLowerCase();
  if (t === 't' || t === 'w') return 'func';
  if ('dbrgsv'.includes(t)) return 'object';
  if (t === 'a' || t === 'n' || t === '?') return 'label';
  return undefined;
}

/** The common line: eight hex digits, one type letter, a name (Linux's System.map is all such lines). */
const PLAIN_LINE = /^([0-9a-fA-F]{8}) ([A-Za-z?]) (\S+)\r?$/;

/** Parses a System.map; throws DiagnosticError listing every malformed line. */
export function parseSystemMap(text: string, fileName: string, space?: string): SymbolImage {
  const symbols: SymbolEntry[] = [];
  const errors: Diagnostic[] = [];
  let start = 0;
  for (let i = 0; start < text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    const plain = PLAIN_LINE.exec(raw);
    const kind = plain === null ? undefined : kindOf(plain[2] as string);
    if (plain !== null && kind !== undefined) {
      const type = plain[2] as string;
      symbols.push({ name: plain[3] as string, address: Number.parseInt(plain[1] as string, 16), size: 0, kind, global: type === type.toUpperCase() });
    } else parseLine(raw, i + 1, fileName, symbols, errors);
  }
  if (errors.length > 0) throw new DiagnosticError(errors);
  return { name: fileName, space, symbols, lines: [] };
}

/** Any other line (line number `n`): its symbol into `symbols`, or what is wrong with it into `errors`. */
function parseLine(raw: string, n: number, fileName: string, symbols: SymbolEntry[], errors: Diagnostic[]): void {
  const line = raw.replace(/\r$/, '');
  if (line.trim() === '') return;
  const m = /^(\s*)(\S+)(\s+)(\S+)(\s+)(\S+)(\s+\[\S+\])?\s*$/.exec(line);
  const fail = (col: number, message: string) => errors.push({ loc: { file: fileName, line: n, col }, severity: 'error', message });
  if (!m) {
    if (/^\s*U\s+\S+\s*$/.test(line)) return;
    fail(1, "expected 'address type name'");
    return;
  }
  const [, lead = '', addr = '', sp1 = '', type = '', , name = ''] = m;
  if (!/^[0-9a-fA-F]{1,16}$/.test(addr)) return void fail(lead.length + 1, `'${addr}' is not a hexadecimal address`);
  const wide = BigInt(`0x${addr}`);
  // GNU nm prints MIPS32 addresses sign-extended to 64 bits (ffffffff80100000).
  const narrow = wide >= 0xffffffff80000000n && wide <= 0xffffffffffffffffn ? wide - 0xffffffff00000000n : wide;
  if (narrow > 0xffffffffn) return void fail(lead.length + 1, `address 0x${addr} does not fit in 32 bits`);
  const value = Number(narrow);
  const kind = type.length === 1 ? kindOf(type) : undefined;
  if (!kind) return void fail(lead.length + addr.length + sp1.length + 1, `unknown symbol type '${type}'`);
  symbols.push({ name, address: value, size: 0, kind, global: type === type.toUpperCase() });
}
