// Boot speed of Debian's Linux on the linux-generic board: guest instructions and wall seconds
// from reset to the first console byte, to "Run /init" and to the busybox prompt, on our machine
// (the engine directly, no CLI) and, for the wall time to the prompt, on qemu-system-mipsel
// with the same image, device tree, initramfs and memory size (test/integration/linuxQemuCommand.ts).
// Writes bench/results/linux-boot.json (command line, date, machine, package versions, figures).
// Run: npx tsx bench/linux/linuxBootBench.ts [--no-qemu]   (after npm run fetch-linux)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMachine, scriptCommand, writeBenchResult } from '../../debug-adapter/cli/benchRecord';
import { manifestHasPackages, PINNED_LINUX_PACKAGES } from '../../debug-adapter/cli/fetch/linuxPackages';
import { bootLinux } from '../../debug-adapter/machine/boards/linuxGeneric';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { parseKernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { bootLinuxInQemu, LINUX_CACHE } from '../../test/integration/linuxQemu';
import { LINUX_BOARD_CLOCK_HZ as CLOCK_HZ, LINUX_BOARD_MEMORY_MB } from '../../test/integration/linuxQemuCommand';

const ROOT = join(import.meta.dirname, '..', '..');
const machineInfo = benchMachine();
const date = new Date().toISOString();
const m = parseKernelManifest(readFileSync(join(LINUX_CACHE, 'kernel.json'), 'utf8'), 'kernel.json');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(LINUX_CACHE, name)));

const marks: { what: string; instructions: number; seconds: number }[] = [];
let console = '';
const t0 = performance.now();
const machine = new Machine({
  cpus: 1,
  memoryMB: LINUX_BOARD_MEMORY_MB,
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
process.stdout.write(`${m.kernel.package} ${m.kernel.version}, bootargs "${m.bootargs}", ${LINUX_BOARD_MEMORY_MB} MB, ${CLOCK_HZ / 1e6} MHz\n`);
for (const k of marks) process.stdout.write(`disco  ${k.what.padEnd(20)} ${(k.instructions / 1e6).toFixed(1).padStart(7)} M instructions  ${k.seconds.toFixed(1).padStart(6)} s  (${(k.instructions / 1e6 / Math.max(k.seconds, 1e-3)).toFixed(1)} MIPS)\n`);

/** Wall seconds for QEMU to boot the same files to the prompt and run one command. */
async function qemu(): Promise<number> {
  const q0 = performance.now();
  await bootLinuxInQemu(m, 'echo bench-done', /\nbench-done/, 120_000);
  const seconds = (performance.now() - q0) / 1000;
  process.stdout.write(`qemu   prompt + one command                             ${seconds.toFixed(1).padStart(6)} s  (qemu-system-mipsel -M malta, TCG)\n`);
  return seconds;
}

async function main(): Promise<void> {
  const qemuSeconds = process.argv.includes('--no-qemu') ? null : await qemu();
  const file = join(ROOT, 'bench', 'results', 'linux-boot.json');
  writeBenchResult(file, {
    command: scriptCommand(ROOT),
    date,
    machine: machineInfo,
    kernel: m.kernel,
    busybox: m.busybox,
    pinnedPackages: manifestHasPackages(m, PINNED_LINUX_PACKAGES),
    board: { memoryMB: LINUX_BOARD_MEMORY_MB, clockHz: CLOCK_HZ, bootargs: m.bootargs },
    disco: marks.map((k) => ({ mark: k.what, instructions: k.instructions, seconds: Number(k.seconds.toFixed(2)) })),
    qemuSecondsToPromptAndOneCommand: qemuSeconds === null ? null : Number(qemuSeconds.toFixed(2)),
  });
  process.stdout.write(`recorded in ${file}\n`);
}
main().catch((e: unknown) => {
  process.stderr.write(`linuxBootBench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
