// Differential harness for the assembler: assembles a source with mips-linux-gnu-as (or
// mipsel-linux-gnu-as) and with ours, and lists every difference in section contents and
// relocations (offset, type, symbol). A missing oracle fails with the install hint.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { assemble } from '../../debug-adapter/toolchain/assembler/assembler';
import type { ObjectFile } from '../../debug-adapter/toolchain/object';
import { DiagnosticError } from '../../debug-adapter/util/diagnostic';
import { runOracle } from './disasmOracle';

export type Endian = 'big' | 'little';

const workDir = mkdtempSync(join(tmpdir(), 'disco-asm-'));
let counter = 0;

export interface Assembled {
  readonly sections: Map<string, Uint8Array>;
  /** "section offset type symbol", sorted. */
  readonly relocs: string[];
}

function prefix(endian: Endian): string {
  return endian === 'big' ? 'mips-linux-gnu-' : 'mipsel-linux-gnu-';
}

/** Writes source to a temporary file (unless a path is given) and returns the path. */
export function sourceFile(source: string, ext = '.s'): string {
  const p = join(workDir, `src${counter++}${ext}`);
  writeFileSync(p, source);
  return p;
}

/** GNU as' sections and relocations for the file at path (`.S` files go through gcc -E first). */
export function gasAssemble(path: string, endian: Endian, flags: readonly string[] = []): Assembled {
  const obj = join(workDir, `gas${counter++}.o`);
  if (path.endsWith('.S')) {
    const pre = join(workDir, `cpp${counter++}.s`);
    runOracle(`${prefix(endian)}gcc`, ['-E', '-x', 'assembler-with-cpp', endian === 'big' ? '-EB' : '-EL', '-march=mips32r2', '-I', dirname(path), '-o', pre, path]);
    writeFileSync(pre, readFileSync(pre, 'utf8').replace(/^# \d+ .*$/gm, ''));
    return gasAssemble(pre, endian, flags);
  }
  // Debian's mipsel-linux-gnu-as defaults to the Loongson 3 LL/SC workaround (a SYNC before LL);
  // the reference is plain MIPS32r2, so it is turned off.
  const fix = endian === 'little' ? ['-mno-fix-loongson3-llsc'] : [];
  runOracle(`${prefix(endian)}as`, ['-march=mips32r2', ...fix, '-I', dirname(path), ...flags, '-o', obj, path]);
  const sections = new Map<string, Uint8Array>();
  const headers = runOracle(`${prefix(endian)}readelf`, ['-SW', obj]);
  for (const m of headers.matchAll(/^\s*\[\s*\d+\]\s+(\S+)\s+(PROGBITS|NOBITS)\s/gm)) {
    const name = m[1] as string;
    if (m[2] === 'NOBITS' || name === '.pdr' || name.startsWith('.MIPS') || name === '.gnu.attributes') continue;
    const bin = join(workDir, `sec${counter++}.bin`);
    runOracle(`${prefix(endian)}objcopy`, ['-O', 'binary', '-j', name, obj, bin]);
    sections.set(name, new Uint8Array(readFileSync(bin)));
  }
  const relocs: string[] = [];
  let cur = '';
  for (const line of runOracle(`${prefix(endian)}readelf`, ['-rW', obj]).split('\n')) {
    const s = /Relocation section '\.rel(\S+)'/.exec(line);
    if (s) {
      cur = s[1] as string;
      continue;
    }
    const r = /^([0-9a-f]{8})\s+[0-9a-f]+\s+(R_MIPS_\w+)\s+[0-9a-f]+\s+(\S+)/.exec(line);
    if (r && cur !== '.pdr') relocs.push(`${cur} ${parseInt(r[1] as string, 16).toString(16)} ${r[2]} ${r[3]}`);
  }
  return { sections, relocs: relocs.sort() };
}

/** Our object for the file at path (throws DiagnosticError on assembly errors). */
export function ourObject(path: string, endian: Endian): ObjectFile {
  return assemble(path, { files: nodeIo().files, endian, includeDirs: [dirname(path)] }).object;
}

export function ourAssemble(path: string, endian: Endian): Assembled {
  const o = ourObject(path, endian);
  const sections = new Map<string, Uint8Array>();
  const relocs: string[] = [];
  for (const s of o.sections) {
    if (s.kind === 'progbits') sections.set(s.name, s.data);
    for (const f of s.fixups) relocs.push(`${s.name} ${f.offset.toString(16)} ${f.type} ${f.symbol}`);
  }
  return { sections, relocs: relocs.sort() };
}

/** Differences between two assemblies, as readable lines (empty when identical). */
export function differences(ours: Assembled, theirs: Assembled, lineOf?: (section: string, offset: number) => string): string[] {
  const out: string[] = [];
  for (const [name, ref] of theirs.sections) {
    const mine = ours.sections.get(name) ?? new Uint8Array(0);
    if (mine.length !== ref.length) out.push(`${name}: size ${mine.length}, gas ${ref.length}`);
    const hex = (b: Uint8Array, i: number): string => Buffer.from(b.subarray(i, i + 4)).toString('hex');
    for (let i = 0; i < Math.max(mine.length, ref.length) && out.length < 40; i += 4) {
      if (hex(mine, i) !== hex(ref, i)) out.push(`${name}+0x${i.toString(16)}: ours ${hex(mine, i)} gas ${hex(ref, i)}${lineOf ? ` (${lineOf(name, i)})` : ''}`);
    }
  }
  for (const [name, data] of ours.sections) if (!theirs.sections.has(name) && data.length > 0) out.push(`${name}: only in ours`);
  const a = new Set(ours.relocs);
  const b = new Set(theirs.relocs);
  for (const r of theirs.relocs) if (!a.has(r)) out.push(`missing relocation ${r}`);
  for (const r of ours.relocs) if (!b.has(r)) out.push(`extra relocation ${r}`);
  return out;
}

/** Assembles path with both and returns the differences. */
export function compareWithGas(path: string, endian: Endian, flags: readonly string[] = []): string[] {
  let ours: Assembled;
  try {
    ours = ourAssemble(path, endian);
  } catch (e) {
    if (e instanceof DiagnosticError) return [`our assembler rejected ${path}:\n${e.message}`];
    throw e;
  }
  const obj = ourObject(path, endian);
  const lineOf = (section: string, offset: number): string => {
    const row = obj.lines.find((l) => l.section === section && l.offset === offset);
    return row ? `${row.file.replace(/^.*\//, '')}:${row.line}` : '?';
  };
  return differences(ours, gasAssemble(path, endian, flags), lineOf);
}
