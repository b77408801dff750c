// The ELF reader against readelf on files gcc and GNU ld produced (a static glibc
// program, objects, both endians): every section header, program header and symbol
// must match; and the symbol service's file:line answers must match addr2line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { SymbolService, imageFromElf } from '../../debug-adapter/toolchain/symbols/symbolService';
import { oracle, readBytes, scratchDir, writeText } from './elfOracle';

const dir = scratchDir('elfread');
writeText(dir, 'hello.c', 'int counter = 3;\nstatic int z;\n__thread int tls_v;\nint add(int a, int b) { return a + b + counter + z + tls_v; }\nint main(void) { return add(1, 2); }\n');
writeText(
  dir,
  'lines.c',
  'static int sq(int x) {\n  return x * x;\n}\n\nint sum(int n) {\n  int s = 0;\n  for (int i = 0; i < n; i++)\n    s += sq(i);\n  return s;\n}\n\nvoid __start(void) {\n  sum(10);\n  for (;;) {}\n}\n',
);

const hex = (s: string) => Number.parseInt(s, 16);

function readelfSections(tool: string, path: string): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const line of oracle(tool, ['-S', '-W', path]).split('\n')) {
    const m = /^\s+\[\s*(\d+)\] (\S*)\s+\S+\s+([0-9a-f]{8}) ([0-9a-f]{6,}) ([0-9a-f]{6,}) ([0-9a-f]{2})\s+\S*\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line);
    if (m) out.push([Number(m[1]), m[2] ?? '', hex(m[3] ?? ''), hex(m[4] ?? ''), hex(m[5] ?? ''), hex(m[6] ?? ''), Number(m[7]), Number(m[8]), Number(m[9])]);
  }
  return out;
}

function readelfSegments(tool: string, path: string): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const line of oracle(tool, ['-l', '-W', path]).split('\n')) {
    const m = /^\s+\S+\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$/.exec(line);
    if (m) out.push([hex(m[1] ?? ''), hex(m[2] ?? ''), hex(m[3] ?? ''), hex(m[4] ?? ''), hex(m[5] ?? ''), (m[6] ?? '').replace(/ /g, ''), hex(m[7] ?? '')]);
  }
  return out;
}

function readelfSymbols(tool: string, path: string): string[] {
  const out: string[] = [];
  for (const line of oracle(tool, ['-s', '-W', path]).split('\n')) {
    const m = /^\s*(\d+): ([0-9a-f]{8})\s+(\d+|0x[0-9a-f]+) (\S+)\s+(\S+)\s+\S+(?: \[[^\]]*\])?\s+(\S+) ?(.*)$/.exec(line);
    if (m && m[1] !== '0') out.push([m[1], m[2], Number(m[3]), m[4], m[5], m[6], m[7]].join(' '));
  }
  return out;
}

const TYPE: Record<string, string> = { notype: 'NOTYPE', object: 'OBJECT', func: 'FUNC', section: 'SECTION', file: 'FILE', common: 'COMMON', tls: 'TLS' };
const NDX: Record<number, string> = { 0: 'UND', 0xfff1: 'ABS', 0xfff2: 'COM' };

function compareWithReadelf(prefix: string, path: string): void {
  const tool = `${prefix}-linux-gnu-readelf`;
  const elf = readElf(readBytes(path), path);
  const sections = readelfSections(tool, path);
  assert.equal(sections.length, elf.sections.length, 'section count');
  assert.deepEqual(
    elf.sections.map((s) => [s.index, s.name, s.addr, s.offset, s.size, s.entsize, s.link, s.info, s.addralign]),
    sections,
  );
  const flagLetters = (f: number) => `${f & 4 ? 'R' : ''}${f & 2 ? 'W' : ''}${f & 1 ? 'E' : ''}`;
  assert.deepEqual(
    elf.segments.map((p) => [p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, flagLetters(p.flags), p.align]),
    readelfSegments(tool, path),
  );
  const symbols = readelfSymbols(tool, path);
  assert.ok(symbols.length > 5);
  assert.deepEqual(
    elf.symbols.map((s) =>
      [s.index, s.value.toString(16).padStart(8, '0'), s.size, TYPE[s.type] ?? s.type, s.bind.toUpperCase(), NDX[s.sectionIndex] ?? String(s.sectionIndex), s.type === 'section' && s.name === '' ? s.sectionName : s.name].join(' '),
    ),
    symbols,
  );
}

for (const prefix of ['mips', 'mipsel']) {
  test(`${prefix}: a static glibc program and its object read exactly as readelf shows them`, () => {
    const exe = join(dir, `${prefix}-hello`);
    const obj = join(dir, `${prefix}-hello.o`);
    oracle(`${prefix}-linux-gnu-gcc`, ['-static', '-O1', '-g', '-o', exe, 'hello.c'], dir);
    oracle(`${prefix}-linux-gnu-gcc`, ['-c', '-O1', '-g', '-o', obj, 'hello.c'], dir);
    compareWithReadelf(prefix, exe);
    compareWithReadelf(prefix, obj);
    const elf = readElf(readBytes(exe), exe);
    assert.equal(elf.type, 'exec');
    assert.equal(elf.endian, prefix === 'mips' ? 'big' : 'little');
  });

  test(`${prefix}: symbol service file:line and function names agree with addr2line`, () => {
    const exe = join(dir, `${prefix}-lines`);
    oracle(`${prefix}-linux-gnu-gcc`, ['-O0', '-g', '-nostdlib', '-static', '-Wl,-Ttext=0x80020000', '-o', exe, 'lines.c'], dir);
    const elf = readElf(readBytes(exe), exe);
    const svc = new SymbolService();
    svc.add(imageFromElf(elf));
    const text = elf.sections.find((s) => s.name === '.text');
    assert.ok(text);
    const addrs: number[] = [];
    for (let a = text.addr; a < text.addr + text.size; a += 4) addrs.push(a);
    const out = oracle(`${prefix}-linux-gnu-addr2line`, ['-f', '-e', exe, ...addrs.map((a) => a.toString(16))]).trim().split('\n');
    assert.equal(out.length, addrs.length * 2);
    let known = 0;
    addrs.forEach((a, i) => {
      const fn = out[2 * i] ?? '';
      const [file = '', lineText = ''] = (out[2 * i + 1] ?? '').replace(/ \(discriminator \d+\)$/, '').split(':');
      const ours = svc.lineFor(a);
      if (file === '??') assert.equal(ours, undefined, `0x${a.toString(16)}`);
      else {
        known++;
        assert.deepEqual(ours && [basename(ours.file), ours.line], [basename(file), Number(lineText)], `line of 0x${a.toString(16)}`);
      }
      if (fn !== '??') assert.equal(svc.lookup(a)?.name, fn, `function of 0x${a.toString(16)}`);
    });
    assert.ok(known > addrs.length / 2, `addr2line knew only ${known} of ${addrs.length} addresses`);
    const bp = svc.addressesFor(join(dir, 'lines.c'), 8);
    assert.ok(bp.length >= 1, 'a breakpoint on line 8 has an address');
    for (const a of bp) assert.match(oracle(`${prefix}-linux-gnu-addr2line`, ['-e', exe, a.toString(16)]), /lines\.c:8\b/);
  });
}
