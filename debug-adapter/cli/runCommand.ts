// `disco run`: runs guest code headless. `--user PROG.elf [-- args…]` runs a static Linux o32
// program in user mode (ARCHITECTURE.md §5) and exits with the program's exit status (128 +
// signal for a fatal signal, as a shell reports qemu-mips). Each way of running is one entry of
// RUN_MODES, chosen by its flag, so that bare-machine kernels and guest configs slot in beside it.

import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg, type ParsedArgs } from './args';
import type { CliIo, Command } from './command';
import { createUserProcess, splitGuestArgs } from './userProgram';
import { isConfigPath, runConfigFile } from './configRun';
import { runBareKernel } from './bareRun';
import { MemoryDiskImage } from '../machine/devices/diskImage';
import { DEFAULT_TIMING } from '../machine/timing/timingParams';
import type { ByteOrderOverride } from '../toolchain/elf/kernelByteOrder';

interface RunMode {
  /** The flag selecting this mode (takes the program as its value). */
  readonly flag: string;
  run(target: string, args: ParsedArgs, guestArgs: readonly string[], io: CliIo): number;
}

const userMode: RunMode = {
  flag: 'user',
  run(program, args, guestArgs, io) {
    const timing = args.switches.has('timing');
    const proc = createUserProcess(io, program, guestArgs, { timing });
    if (args.switches.has('interpret')) proc.cpu.useRegions = false;
    const report = (): void => {
      const s = proc.timing?.stats.snapshot()[0];
      if (s !== undefined) io.stderr(`disco run: timing: ${proc.cpu.state.icount} instructions, ${proc.cycles} cycles (${s.stallCycles} stalled; L1I ${s.l1iMisses} misses, L1D ${s.l1dMisses}, L2 ${s.l2Misses})\n`);
    };
    const max = args.values.get('max-instructions');
    if (max === undefined) {
      const status = proc.runToExit().status;
      report();
      return status;
    }
    proc.run(parseNumberArg('run', '--max-instructions', max));
    report();
    if (proc.exited) return proc.exited.status;
    io.stderr(`disco run: stopped after ${max} instructions\n`);
    return 124;
  },
};

/** `--EL`/`--EB`: the byte order the user insists on (the kernel's ELF header must agree). */
function byteOrderOverride(args: ParsedArgs): { endian?: ByteOrderOverride } {
  const el = args.switches.has('EL');
  if (el && args.switches.has('EB')) throw new UserError('disco run: --EL and --EB are exclusive');
  if (el) return { endian: { endian: 'little', source: '--EL' } };
  return args.switches.has('EB') ? { endian: { endian: 'big', source: '--EB' } } : {};
}

const bareMode: RunMode = {
  flag: 'bare',
  run(kernel, args, _guestArgs, io) {
    const num = (flag: string, dflt: number): number => {
      const v = args.values.get(flag);
      return v === undefined ? dflt : parseNumberArg('run', `--${flag}`, v);
    };
    const defines = new Map<string, string>();
    for (const d of args.lists.get('D') ?? []) {
      const eq = d.indexOf('=');
      defines.set(eq < 0 ? d : d.slice(0, eq), eq < 0 ? '1' : d.slice(eq + 1));
    }
    const max = args.values.get('max-instructions');
    return runBareKernel(
      kernel,
      {
        cpus: num('cpus', 1),
        nodes: num('nodes', 1),
        memoryMB: num('memory', 32),
        ...(args.switches.has('timing') ? { timing: DEFAULT_TIMING } : {}),
        ...byteOrderOverride(args),
        interpret: args.switches.has('interpret'),
        disks: (args.lists.get('disk') ?? []).map((p) => new MemoryDiskImage(io.files.readFile(p).slice())),
        nics: num('nics', 0),
        includeDirs: args.lists.get('I') ?? [],
        defines,
        ...(max === undefined ? {} : { maxInstructions: parseNumberArg('run', '--max-instructions', max) }),
      },
      io,
    );
  },
};

const RUN_MODES: readonly RunMode[] = [userMode, bareMode];

export const runCommand: Command = {
  name: 'run',
  summary: 'run a program on the emulated machine (--user PROG.elf: static Linux o32 program)',
  usage: `usage: disco run --user PROG.elf [--max-instructions N] [--interpret] [--timing] [-- ARGS...]
       disco run --bare KERNEL(.elf|.s|.S) [--cpus N] [--nodes N] [--memory MB] [--EL|--EB] [--timing] [--disk IMAGE]...
                 [--nics N] [-I DIR]... [-D NAME[=VALUE]]... [--max-instructions N]
       disco run CONFIG.disco.json [--timing] [--break SYMBOL|ADDRESS]... [--trace N] [--max-instructions N]
                 [--max-cycles N] [--stats FILE] [--net-log FILE] [--console VM] [-I DIR]...

Runs a statically linked Linux o32 MIPS program (big- or little-endian) in user mode, like
qemu-mips: its stdin, stdout and stderr are this process's, it may read host files, and disco
exits with the program's exit status (128 + N when it dies of signal N).

  --user PROG.elf          the program; ARGS after -- become its argv[1...]
  --max-instructions N     stop (exit status 124) after N instructions
  --interpret              execute instruction by instruction (no compiled blocks)
  --timing                 timing mode (docs/timing.md): caches and NUMA latency in emulated
                           cycles, with the config defaults; a summary goes to stderr

The clock the program sees starts at 2024-01-01T00:00:00Z and advances 1 ns per instruction.

--bare boots a kernel on the bare machine (docs/machine.md): an ELF as it is, in the byte order
its header declares (--EL/--EB must agree with it), a source assembled and linked at 0x80100000
(-I, -D as for disco asm; big-endian unless --EL). UHI reads of fd 0 read this process's stdin.
--disk attaches disk0, disk1… (writes stay in memory), --nics N adds network interfaces on one
switch. The exit status is the kernel's power-off code.

With a guest config whose "bare" section names a kernel, boots it on the bare machine. On the
linux-generic board (docs/linux-guest.md) the console is this terminal: keys go to the guest
(raw mode; Ctrl-] quits, status 130), piped input is typed once the guest reads the UART, and
the run ends when the guest powers off, reboots or halts (poweroff -f: status 0).

With a guest config that lists "vms", runs them under the Disco monitor (docs/monitor.md): each
VM's console lines appear prefixed with [name]; the exit status is 0 when every VM halted with
code 0, else the first non-zero code (1 for a VM the monitor stopped). Guest kernel sources are
assembled with DISCO_GUEST=1 and the nearest guest/include (and -I DIRs) on the include path.
Linux VMs (docs/linux-vm.md) boot Debian's kernel; stdin is typed into one VM's console (raw
mode on a terminal, Ctrl-] quits) and that VM's prompt shows before its line ends. The run ends
when every VM has halted or powered off.

  --timing                 as machine.mode "timing" in the config (checked by its rules)
  --max-cycles N           stop (exit status 124) once a CPU's clock reaches N cycles
  --stats FILE             write the monitor's counters as JSON
  --net-log FILE           write the virtual subnet's log: a JSON line per message and
                           destination (cycles, VMs, length, pages remapped, bytes copied)
  --console VM             the VM stdin is typed into (default: the first Linux VM)

  --break SYM|ADDR         stop there (repeatable), print the CPU state and exit
  --trace N                at the stop (or from the entry without --break) print N
                           instructions in 'disco trace' format with their symbols
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { own, guest } = splitGuestArgs(argv);
    const args = parseArgs('run', own, { values: [...RUN_MODES.map((m) => m.flag), 'max-instructions', 'trace', 'cpus', 'memory', 'nics', 'nodes', 'max-cycles', 'stats', 'net-log', 'console'], switches: ['interpret', 'EL', 'EB', 'timing'], lists: ['break', 'disk', 'I', 'D'] });
    const chosen = RUN_MODES.filter((m) => args.values.has(m.flag));
    const config = args.positional[0];
    if (chosen.length === 0 && args.positional.length === 1 && config !== undefined && isConfigPath(config)) {
      const max = args.values.get('max-instructions');
      const trace = args.values.get('trace');
      const maxCycles = args.values.get('max-cycles');
      const stats = args.values.get('stats');
      const netLog = args.values.get('net-log');
      const consoleVm = args.values.get('console');
      return runConfigFile(config, {
        ...(maxCycles === undefined ? {} : { maxCycles: parseNumberArg('run', '--max-cycles', maxCycles) }),
        ...(stats === undefined ? {} : { stats }),
        ...(netLog === undefined ? {} : { netLog }),
        ...(consoleVm === undefined ? {} : { console: consoleVm }),
        includeDirs: args.lists.get('I') ?? [],
        timing: args.switches.has('timing'),
        breaks: args.lists.get('break') ?? [],
        ...(max === undefined ? {} : { maxInstructions: parseNumberArg('run', '--max-instructions', max) }),
        ...(trace === undefined ? {} : { trace: parseNumberArg('run', '--trace', trace) }),
      }, io);
    }
    const mode = chosen[0];
    if (chosen.length !== 1 || mode === undefined) throw new UserError(`disco run: give exactly one of ${RUN_MODES.map((m) => `--${m.flag} PROG`).join(', ')}`);
    if (args.positional.length > 0) throw new UserError(`disco run: unexpected argument '${args.positional[0]}' (program arguments go after --)`);
    return mode.run(args.values.get(mode.flag) as string, args, guest, io);
  },
};
