// Speed of the privileged machine (docs/machine.md), beside the user-mode figure of `disco bench
// cpu`: (1) the peer benchmark bench/cpu/bench.S built with -DUHI and run bare in kernel mode
// (kseg0, no TLB) against the same benchmark as a Linux o32 program in user mode; (2) a TLB- and
// interrupt-heavy case: the guest OS (guest/kernel) running its workloads as user processes mapped
// through the TLB (demand-zero paging, TLB refills, a timer interrupt every tick, system calls and
// context switches) on 1 and 4 CPUs. Needs cpp and mips-linux-gnu-{as,ld} (scripts/install-oracles.sh).
// Writes bench/results/privileged.json (command line, date, machine, figures).
// Run: npx tsx bench/privileged/privilegedBench.ts [--small]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBareKernel } from '../../debug-adapter/cli/bareRun';
import { benchMachine, scriptCommand, writeBenchResult } from '../../debug-adapter/cli/benchRecord';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { MemoryDiskImage } from '../../debug-adapter/machine/devices/diskImage';
import { LinuxProcess } from '../../debug-adapter/machine/linuxUser/linuxProcess';
import { bootElf } from '../../debug-adapter/machine/system/bareBoot';
import { Machine } from '../../debug-adapter/machine/system/machine';
import { readElf } from '../../debug-adapter/toolchain/elf/elfFile';
import { buildGuestDisk, GUEST_PROGRAMS } from '../../guest/tools/guestDisk';

const ROOT = join(import.meta.dirname, '..', '..');
const small = process.argv.includes('--small');
const SMALL = ['-DSIEVE_REPS=8', '-DMM_REPS=100', '-DCRC_REPS=20', '-DGCD_PAIRS_HI=0', '-DGCD_PAIRS_LO=40000'];
const dir = mkdtempSync(join(tmpdir(), 'disco-privbench-'));

/** bench.S preprocessed with `defines`, assembled and linked (Linux, or bare with the Malta script). */
function build(name: string, defines: readonly string[], bare: boolean): string {
  const s = join(dir, `${name}.s`);
  writeFileSync(s, execFileSync('cpp', ['-P', '-undef', '-nostdinc', ...defines, ...(small ? SMALL : []), join(ROOT, 'bench', 'cpu', 'bench.S')], { maxBuffer: 1 << 24 }));
  execFileSync('mips-linux-gnu-as', ['-march=mips32', '-o', `${s}.o`, s]);
  const out = join(dir, name);
  const link = bare ? ['-T', join(ROOT, 'test', 'fixtures', 'bare', 'malta.ld')] : ['-e', '__start'];
  execFileSync('mips-linux-gnu-ld', ['-static', ...link, '-o', out, `${s}.o`]);
  return out;
}

const machineInfo = benchMachine();
const date = new Date().toISOString();
const rows: { what: string; instructions: number; seconds: number; mips: number; extra: string }[] = [];
const line = (what: string, instructions: number, seconds: number, extra = ''): void => {
  rows.push({ what, instructions, seconds: Number(seconds.toFixed(3)), mips: Number((instructions / seconds / 1e6).toFixed(1)), extra: extra.trim() });
  process.stdout.write(`${what.padEnd(34)} ${(instructions / 1e6).toFixed(1).padStart(8)} M instr ${seconds.toFixed(2).padStart(7)} s ${(instructions / seconds / 1e6).toFixed(1).padStart(7)} MIPS${extra}\n`);
};

function userMode(path: string): void {
  let out = '';
  const t0 = performance.now();
  const proc = new LinuxProcess({
    elf: readElf(readFileSync(path), path),
    argv: [path],
    envp: [],
    execPath: path,
    host: { write: (_fd, d) => (out += Buffer.from(d).toString('latin1')), readStdin: () => new Uint8Array(0), readFile: () => undefined, note: () => {} },
  });
  proc.runToExit();
  line('bench.S, Linux user mode', proc.cpu.state.icount, (performance.now() - t0) / 1000, `  (checksum ${out.trim()})`);
}

function kernelMode(path: string): void {
  let out = '';
  const t0 = performance.now();
  const m = new Machine({ cpus: 1, memoryMB: 32, endianness: 'big', console: (t) => (out += t) });
  bootElf(m, readElf(readFileSync(path), path));
  let stop = m.run(100_000_000);
  while (stop.reason === 'limit') stop = m.run(100_000_000);
  if (stop.reason !== 'exit') throw new Error(`the UHI benchmark stopped: ${JSON.stringify(stop)}`);
  line('bench.S -DUHI, bare, kernel mode', m.retired, (performance.now() - t0) / 1000, `  (checksum ${out.trim()})`);
}

function guestOs(cpus: number, scale: number): void {
  const io = nodeIo();
  const guest = join(ROOT, 'guest');
  const kernel = loadBareKernel(join(guest, 'kernel', 'kernel.S'), undefined, io);
  const image = buildGuestDisk(io.files, {
    programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(guest, p.source) })),
    linkScript: join(guest, 'user', 'user.ld'),
    initArgs: [2 | 4 | 8 | 16, scale, 0, 0],
    nics: 0,
  });
  let exceptions = 0;
  const t0 = performance.now();
  const m = new Machine({ cpus, memoryMB: 16, endianness: 'big', disks: [new MemoryDiskImage(image)] });
  m.onException = () => {
    exceptions++;
    return 'deliver';
  };
  bootElf(m, kernel);
  let stop = m.run(100_000_000);
  while (stop.reason === 'limit') stop = m.run(100_000_000);
  if (stop.reason !== 'poweroff' && stop.reason !== 'exit') throw new Error(`the guest OS stopped: ${JSON.stringify(stop)}`);
  line(`guest OS workloads, ${cpus} CPU${cpus > 1 ? 's' : ''}, scale ${scale}`, m.retired, (performance.now() - t0) / 1000, `  (${exceptions} exceptions)`);
}

userMode(build('bench-be', [], false));
kernelMode(build('bench-uhi', ['-DUHI'], true));
const scale = small ? 4 : 16;
guestOs(1, scale);
guestOs(4, scale);
const file = join(ROOT, 'bench', 'results', 'privileged.json');
writeBenchResult(file, { command: scriptCommand(ROOT), date, machine: machineInfo, size: small ? 'small' : 'full', runs: rows });
process.stdout.write(`recorded in ${file}\n`);
