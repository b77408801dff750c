// Boot speed of Debian's Linux on the linux-generic board: guest instructions and wall seconds
// from reset to the first console byte, to "Run /init" and to the busybox prompt, on our machine
// (the engine directly, no CLI) and, for the wall time to the prompt, on qemu-system-mipsel
// with the same image, device tree and initramfs (test/integration/linuxQemu.ts).
// Run: npx tsx bench/linux/linuxBootBench.ts [--no-qemu]   (after npm run fetch-linux)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootLinux } from '../../debug-adapter/machine/boards/linuxGeneric';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { parseKernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { bootLinuxInQemu, LINUX_CACHE } from '../../test/integration/linuxQemu';

const CLOCK_HZ = 200_000_000;
const m = parseKernelManifest(readFileSync(join(LINUX_CACHE, 'kernel.json'), 'utf8'), 'kernel.json');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(LINUX_CACHE, name)));

const marks: { what: string; instructions: number; seconds: number }[] = [];
let console = '';
const t0 = performance.now();
const machine = new Machine({
  cpus: 1,
  memoryMB: 128,
  endianness: 'little',
  clockHz: CLOCK_HZ,
  console: (t) => {
    const before = console;
    console += t;
    const mark = (what: string, seen: (s: string) => boolean): void => {
      if (!seen(before) && seen(console)) marks.push({ what, instructions: machine.retired, seconds: (performance.now() - t0) / 1000 });
    };
    mark('first console byte', (s) => s.length > 0);
    mark('Run /init', (s) => s.includes('Run /init'));
    mark('prompt "/ # "', (s) => s.includes('\n/ # '));
  },
});
bootLinux(machine, { image: file(m.image.file), loadAddress: m.image.loadAddress, entry: m.image.entry, bssEnd: m.image.bssEnd, initrd: file(m.initramfs.file), bootArgs: m.bootargs }, CLOCK_HZ);
while (!console.includes('\n/ # ')) {
  const stop = machine.run(10_000_000);
  if (stop.reason !== 'limit') throw new Error(`the guest stopped before its prompt: ${JSON.stringify(stop)}`);
}
process.stdout.write(`${m.kernel.package} ${m.kernel.version}, bootargs "${m.bootargs}", 128 MB, ${CLOCK_HZ / 1e6} MHz\n`);
for (const k of marks) process.stdout.write(`disco  ${k.what.padEnd(20)} ${(k.instructions / 1e6).toFixed(1).padStart(7)} M instructions  ${k.seconds.toFixed(1).padStart(6)} s  (${(k.instructions / 1e6 / Math.max(k.seconds, 1e-3)).toFixed(1)} MIPS)\n`);

async function qemu(): Promise<void> {
  const q0 = performance.now();
  await bootLinuxInQemu(m, 'echo bench-done', /\nbench-done/, 120_000);
  process.stdout.write(`qemu   prompt + one command                             ${((performance.now() - q0) / 1000).toFixed(1).padStart(6)} s  (qemu-system-mipsel -M malta, TCG)\n`);
}
if (!process.argv.includes('--no-qemu')) void qemu();
