// kallsyms decoding: synthetic kernel images whose tables are encoded here the way
// scripts/kallsyms.c lays them out (Linux 6.1 with and without kallsyms_seqs_of_names,
// the 6.4 order, kallsyms_addresses, big-endian) decode back exactly; broken, truncated
// and corrupted tables are UserErrors, never another exception.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractKallsyms, formatSystemMap, type KallsymsSymbol } from '../../../debug-adapter/toolchain/kallsyms';
import { SymbolService, parseSystemMap } from '../../../debug-adapter/toolchain/symbols/symbolService';
import { UserError } from '../../../debug-adapter/util/diagnostic';

const LOAD = 0x80100000;
const TEXT_BYTES = 0x4000;

interface Layout {
  readonly endian: 'little' | 'big';
  /** Bytes per kallsyms_seqs_of_names entry (0: no such table, as in Linux 6.1). */
  readonly seqs: 0 | 3 | 4;
  readonly relative: boolean;
  /** Address table after the token index (Linux 6.4) instead of before kallsyms_num_syms. */
  readonly addressesLast: boolean;
}

const LINUX_6_1: Layout = { endian: 'little', seqs: 0, relative: true, addressesLast: false };

/** Multi-character tokens placed in byte values no name uses (scripts/kallsyms.c finds them by profit). */
const TOKENS = ['_ker', 'nel_', 'start', 'de', 'ta', 'ir', 'q_', 'ch', 'ule'];

function sampleSymbols(count: number): KallsymsSymbol[] {
  const out: KallsymsSymbol[] = [
    { address: LOAD, type: 'T', name: '_stext' },
    { address: LOAD, type: 'T', name: '_text' },
    { address: LOAD + 0x40, type: 'T', name: 'kernel_entry' },
    { address: LOAD + 0x80, type: 't', name: 'x'.repeat(150) },
  ];
  for (let i = 0; out.length < count - 2; i++) {
    const name = ['start_kernel', 'do_page_fault', 'schedule', `irq_handler_${i}`, `__de${i}ta`, `chule${i * 7}`][i % 6] ?? '';
    out.push({ address: LOAD + 0x100 + i * 8, type: i % 5 === 0 ? 't' : i % 7 === 0 ? 'W' : 'T', name: i < 3 ? name : `${name}_${i}` });
  }
  out.push({ address: LOAD + TEXT_BYTES - 8, type: 'D', name: '_gp' });
  out.push({ address: LOAD + TEXT_BYTES - 4, type: 'T', name: '_etext' });
  return out;
}

/** Appends aligned little/big-endian data to a byte list. */
class Writer {
  readonly bytes: number[] = [];
  constructor(private readonly endian: 'little' | 'big') {}
  get pos(): number {
    return this.bytes.length;
  }
  align(): void {
    while (this.bytes.length % 4) this.bytes.push(0);
  }
  u8(...v: number[]): void {
    this.bytes.push(...v);
  }
  u16(v: number): void {
    this.u8(...(this.endian === 'little' ? [v & 0xff, v >>> 8] : [v >>> 8, v & 0xff]));
  }
  u32(v: number): void {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
    this.u8(...(this.endian === 'little' ? b : b.reverse()));
  }
}

function tokenTable(symbols: readonly KallsymsSymbol[]): string[] {
  const table: string[] = new Array<string>(256).fill('');
  for (const s of symbols) for (const c of s.type + s.name) table[c.charCodeAt(0)] = c;
  let free = 255;
  for (const t of TOKENS) {
    while (table[free] !== '') free--;
    table[free] = t;
  }
  return table;
}

/** Greedy longest-token compression of one `type+name` string. */
function compress(text: string, table: readonly string[]): number[] {
  const out: number[] = [];
  for (let p = 0; p < text.length; ) {
    let best = text.charCodeAt(p);
    for (const [i, t] of table.entries()) if (t.length > 1 && text.startsWith(t, p) && t.length > (table[best] ?? '').length) best = i;
    out.push(best);
    p += (table[best] ?? ' ').length;
  }
  return out;
}

interface Built {
  readonly image: Uint8Array;
  readonly offsets: { readonly tokenTable: number; readonly markers: number; readonly names: number; readonly addresses: number };
}

/** A raw image: TEXT_BYTES of filler "code", then the kallsyms tables, then some trailing data. */
function buildImage(symbols: readonly KallsymsSymbol[], layout: Layout, decoy = false): Built {
  const w = new Writer(layout.endian);
  for (let i = 0; i < TEXT_BYTES / 4; i++) w.u32((0x27bdffe0 + i * 0x10001) >>> 0);
  if (decoy) for (const c of '0123456789ABCDEF') w.u8(c.charCodeAt(0), 0);
  w.align();
  const table = tokenTable(symbols);
  const writeAddresses = (): number => {
    w.align();
    const at = w.pos;
    const base = symbols[0]?.address ?? 0;
    for (const s of symbols) w.u32(layout.relative ? s.address - base : s.address);
    if (layout.relative) w.u32(base);
    return at;
  };
  let addresses = layout.addressesLast ? -1 : writeAddresses();
  w.u32(symbols.length);
  const names = w.pos;
  const markers: number[] = [];
  symbols.forEach((s, i) => {
    if (i % 256 === 0) markers.push(w.pos - names);
    const c = compress(s.type + s.name, table);
    w.u8(...(c.length < 0x80 ? [c.length] : [(c.length & 0x7f) | 0x80, c.length >> 7]), ...c);
  });
  w.align();
  const markersAt = w.pos;
  for (const m of markers) w.u32(m);
  for (let i = 0; i < symbols.length * layout.seqs; i++) w.u8((i * 37) & 0xff);
  w.align();
  const tokenAt = w.pos;
  const index: number[] = [];
  for (const t of table) {
    index.push(w.pos - tokenAt);
    w.u8(...[...t].map((c) => c.charCodeAt(0)), 0);
  }
  w.align();
  for (const i of index) w.u16(i);
  if (layout.addressesLast) addresses = writeAddresses();
  for (let i = 0; i < 64; i++) w.u32(i);
  return { image: new Uint8Array(w.bytes), offsets: { tokenTable: tokenAt, markers: markersAt, names, addresses } };
}

const isUserError = (e: unknown): boolean => e instanceof UserError;

test('Linux 6.1 tables (base-relative, no seqs_of_names) decode back exactly', () => {
  const symbols = sampleSymbols(700);
  const { image } = buildImage(symbols, LINUX_6_1);
  assert.deepEqual(extractKallsyms(image, LOAD, 'little'), symbols);
});

test('every layout variant decodes back exactly', () => {
  const symbols = sampleSymbols(300);
  for (const endian of ['little', 'big'] as const) {
    for (const seqs of [0, 3, 4] as const) {
      for (const relative of [true, false]) {
        for (const addressesLast of [false, true]) {
          const layout = { endian, seqs, relative, addressesLast };
          const { image } = buildImage(symbols, layout);
          assert.deepEqual(extractKallsyms(image, LOAD, endian), symbols, JSON.stringify(layout));
        }
      }
    }
  }
});

test('a table of one symbol, a count that fills the markers exactly, and a decoy digit string', () => {
  const one: KallsymsSymbol[] = [{ address: LOAD, type: 'T', name: '_text0123456789' }];
  assert.deepEqual(extractKallsyms(buildImage(one, LINUX_6_1).image, LOAD, 'little'), one);
  const full = sampleSymbols(512);
  assert.deepEqual(extractKallsyms(buildImage(full, { ...LINUX_6_1, seqs: 3 }, true).image, LOAD, 'little'), full);
});

test('System.map text is sorted by address, loads in the symbol service, and names addresses inside functions', () => {
  const symbols = sampleSymbols(40);
  const text = formatSystemMap([...symbols].reverse());
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, symbols.length);
  assert.deepEqual(lines.slice(0, 2), ['80100000 T _text', '80100000 T _stext'], 'equal addresses keep their order');
  assert.match(text, /^80100040 T kernel_entry$/m);
  assert.match(text, /\n80103ffc T _etext\n$/, 'ends with a newline');
  const addresses = lines.map((l) => parseInt(l.slice(0, 8), 16));
  assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
  const svc = new SymbolService();
  svc.add(parseSystemMap(text, 'System.map'));
  const start = symbols.find((s) => s.name === 'start_kernel');
  assert.ok(start);
  assert.equal(svc.formatAddress(start.address + 4), 'start_kernel+0x4');
  assert.equal(svc.addressOf('kernel_entry'), LOAD + 0x40);
});

test('no tables, or tables that do not fit together, are UserErrors saying what is missing', () => {
  const symbols = sampleSymbols(600);
  const built = buildImage(symbols, LINUX_6_1);
  const { image, offsets } = built;
  const edited = (edit: (b: Uint8Array) => void): Uint8Array => {
    const b = image.slice();
    edit(b);
    return b;
  };
  const fails = (bytes: Uint8Array, pattern: RegExp, load = LOAD): void =>
    assert.throws(() => extractKallsyms(bytes, load, 'little', 'vmlinux.bin'), (e: unknown) => isUserError(e) && pattern.test((e as Error).message));
  fails(new Uint8Array(4096), /vmlinux\.bin: byte 0x0: no kallsyms token table/);
  fails(image.subarray(0, offsets.tokenTable + 600), /no kallsyms token table/);
  fails(edited((b) => (b[offsets.markers + 4] = 0x55)), /kallsyms_token_table found, but no kallsyms_names/);
  fails(edited((b) => (b[offsets.names] = 0x7f)), /kallsyms_token_table found, but no kallsyms_names/);
  fails(edited((b) => b.fill(0xff, offsets.addresses + 40, offsets.addresses + 44)), /kallsyms_names \(600 symbols\) found, but no kallsyms_offsets/);
  fails(image.subarray(offsets.addresses + 8), /but no kallsyms_offsets or kallsyms_addresses/);
  fails(image, /starts inside the image at 0x90000000/, 0x90000000);
  fails(image, /not word-aligned/, LOAD + 2);
  assert.throws(() => extractKallsyms(image, LOAD, 'big'), isUserError, 'the wrong byte order finds no token index');
});

test('random corruption and truncation give a result or a UserError, never another exception', () => {
  const { image, offsets } = buildImage(sampleSymbols(400), { ...LINUX_6_1, seqs: 3 });
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const b = image.slice(0, round % 3 === 0 ? offsets.addresses + rand(image.length - offsets.addresses) : image.length);
    for (let k = 0; k < 1 + rand(4); k++) {
      const p = offsets.addresses + rand(b.length - offsets.addresses);
      b[p] = rand(256);
    }
    try {
      extractKallsyms(b, LOAD, 'little');
    } catch (e) {
      assert.ok(isUserError(e), `round ${round}: ${String(e)}`);
    }
  }
});
