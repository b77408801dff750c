// The kernel's own symbol table on the real Debian kernel: the System.map `disco fetch linux`
// decodes from kallsyms has a plausible count, the well-known symbols at addresses that agree
// with the image's code (kernel_entry as the zboot jumps to it), loads into the symbol service,
// and matches — line for line, at the same positions — the /proc/kallsyms of that same kernel
// booted in QEMU (nokaslr, so addresses are the link-time ones).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractKallsyms, formatSystemMap, type KallsymsSymbol } from '../../debug-adapter/toolchain/kallsyms';
import type { KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { SymbolService, parseSystemMap } from '../../debug-adapter/toolchain/symbols/symbolService';
import { bootLinuxInQemu, fetchManifest, LINUX_CACHE } from './linuxQemu';
import { testTimeout } from '../support/boundedRun';

/** QEMU boots to the prompt in seconds; it is killed after this. */
const QEMU_WALL_MS = 50_000;

let fetched: { manifest: KernelManifest; symbols: KallsymsSymbol[]; systemMap: string } | undefined;
function kernel(): NonNullable<typeof fetched> {
  if (fetched) return fetched;
  const manifest = fetchManifest();
  const image = new Uint8Array(readFileSync(join(LINUX_CACHE, manifest.image.file)));
  const symbols = extractKallsyms(image, manifest.image.loadAddress, 'little', manifest.image.file);
  fetched = { manifest, symbols, systemMap: readFileSync(join(LINUX_CACHE, manifest.systemMap.file), 'utf8') };
  return fetched;
}

const hex8 = (v: number): string => v.toString(16).padStart(8, '0');

test('the fetched System.map is the decoded kallsyms, with the kernel symbols where its code says', () => {
  const { manifest: m, symbols, systemMap } = kernel();
  assert.equal(createHash('sha256').update(systemMap).digest('hex'), m.sha256[m.systemMap.file]);
  assert.equal(systemMap, formatSystemMap(symbols));
  assert.equal(symbols.length, m.systemMap.symbols);
  assert.ok(symbols.length > 20_000 && symbols.length < 200_000, `${symbols.length} symbols`);
  const at = (name: string): number | undefined => symbols.find((s) => s.name === name)?.address;
  assert.equal(at('_text'), m.image.loadAddress);
  assert.equal(at('kernel_entry'), m.image.entry, 'kernel_entry is where the zboot jumps');
  for (const name of ['start_kernel', 'do_page_fault', 'schedule', '_etext']) assert.ok(at(name) !== undefined, name);
  const end = m.image.loadAddress + m.image.size;
  symbols.forEach((s, i) => {
    assert.ok(s.address >= m.image.loadAddress && s.address < end, `${s.name} at ${hex8(s.address)} lies in the image`);
    assert.ok(i === 0 || s.address >= (symbols[i - 1]?.address ?? 0), `${s.name} is in address order`);
    assert.match(s.type, /^[TtWwDdRrBbAa]$/, s.name);
  });
});

test('the symbol service names addresses inside kernel functions', () => {
  const { symbols, systemMap } = kernel();
  const svc = new SymbolService();
  svc.add(parseSystemMap(systemMap, 'System.map'));
  const start = symbols.find((s) => s.name === 'start_kernel')?.address ?? 0;
  assert.equal(svc.addressOf('start_kernel'), start);
  assert.equal(svc.formatAddress(start), 'start_kernel');
  assert.equal(svc.formatAddress(start + 0x24), 'start_kernel+0x24');
  assert.match(svc.formatAddress(kernel().manifest.image.entry + 8), /^kernel_entry\+0x8$/);
});

test('/proc/kallsyms of the same kernel booted in QEMU agrees line for line', testTimeout(QEMU_WALL_MS), async () => {
  const { manifest: m, symbols } = kernel();
  // $((…)) keeps the markers out of the echoed command line.
  const command = "echo KS-$((6*6)); grep -E ' (start_kernel|do_page_fault|schedule|kernel_entry|_text)$' /proc/kallsyms; awk 'NR % 97 == 1 { print NR, $0 }' /proc/kallsyms; echo KS-$((6*7))";
  const console = await bootLinuxInQemu(m, command, /KS-42\r?\n/, QEMU_WALL_MS);
  const body = /KS-36\r?\n([\s\S]*)KS-42/.exec(console)?.[1] ?? '';
  const lines = body.split(/\r?\n/).filter((l) => l !== '');
  const named = lines.filter((l) => /^[0-9a-f]{8} \S /.test(l));
  assert.equal(named.length, 5, `the guest lists the five named symbols:\n${body.slice(0, 2000)}`);
  for (const line of named) {
    const [address, type, name] = line.split(' ');
    const ours = symbols.find((s) => s.name === name);
    assert.deepEqual(ours && [hex8(ours.address), ours.type], [address, type], line);
  }
  const sampled = lines.filter((l) => /^\d+ /.test(l));
  assert.ok(sampled.length >= Math.floor(symbols.length / 97), `${sampled.length} sampled lines`);
  let compared = 0;
  for (const line of sampled) {
    const [nr = '', ...rest] = line.split(' ');
    const ours = symbols[Number(nr) - 1];
    if (!ours) continue; // past the kernel's own table: ftrace and BPF trampolines follow it
    assert.equal(rest.join(' '), `${hex8(ours.address)} ${ours.type} ${ours.name}`, `/proc/kallsyms line ${nr}`);
    compared++;
  }
  assert.equal(compared, Math.ceil(symbols.length / 97), 'every sampled line of the kernel table compared');
});
