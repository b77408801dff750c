// `disco run CONFIG` for a bare config on the linux-generic board: reads the kernel (the
// kernel.json manifest of `disco fetch linux`, or a raw image with its load address and entry),
// the initramfs and System.map, boots the machine and connects the console: output to stdout,
// keyboard from stdin (raw mode on a terminal, Ctrl-] quits), guest input held back until the
// guest enables the UART's receive interrupt. Ends on power-off/reboot (the code's low 8 bits),
// on the kernel's final halt (0), at a --break address (state dump), or at --max-instructions or
// --max-cycles (124; the cycle limit also ends a guest that idles forever).

import { bootLinux, linuxHalted } from '../machine/boards/linuxGeneric';
import { UART_BASE, UART_REG_SHIFT } from '../machine/devices/boardMap';
import { Machine } from '../machine/system/machine';
import type { MachineStop } from '../machine/system/machineTypes';
import { formatCpuState, traceMachine } from '../machine/system/stateDump';
import type { BareConfig, DiscoConfig } from '../config/discoConfig';
import { type LinuxGuest, readLinuxGuest } from '../toolchain/linuxGuestFiles';
import type { SymbolService } from '../toolchain/symbols/symbolService';
import { UserError } from '../util/diagnostic';
import { parseNumberArg } from './args';
import type { CliIo } from './command';
import { timingParamsOf } from '../machine/timing/timingParams';

/** Options of a Linux run beyond the config. */
export interface LinuxRunOptions {
  /** Stop at these symbols or addresses ("start_kernel", "0x80ee79b8"). */
  readonly breaks?: readonly string[];
  /** Stop (status 124) after this many instructions. */
  readonly maxInstructions?: number;
  /** Stop (status 124) once a CPU's clock reaches this many cycles (checked between slices). */
  readonly maxCycles?: number;
  /** Print this many instructions in trace format at the stop (or from the entry without --break). */
  readonly trace?: number;
}

/** The byte that ends an interactive session: Ctrl-] (as telnet). */
export const QUIT_KEY = 0x1d;
/** Instructions between console flushes and input checks. */
const SLICE = 2_000_000;

/** Reads what a linux-generic bare config names (manifest or raw image, initrd, System.map). */
export function loadLinuxGuest(bare: BareConfig, io: CliIo): LinuxGuest {
  return readLinuxGuest(bare, io.files, 'bare');
}

/** Resolves --break values: symbols through the symbol service, numbers as addresses. */
export function resolveBreaks(breaks: readonly string[], symbols: SymbolService): number[] {
  return breaks.map((b) => {
    if (/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(b)) return parseNumberArg('run', '--break', b) | 0;
    const a = symbols.addressOf(b);
    if (a === undefined) throw new UserError(`disco run: --break ${b}: no such symbol (System.map has none by that name)`);
    return a | 0;
  });
}

/** Boots the Linux guest of `config` and runs it; resolves to the exit status. */
export async function runLinuxConfig(config: DiscoConfig, bare: BareConfig, o: LinuxRunOptions, io: CliIo): Promise<number> {
  let pending = '';
  const flush = (): void => {
    if (pending !== '') io.stdout(pending);
    pending = '';
  };
  const clockHz = config.machine.clockMHz * 1e6;
  // The machine first: V8 optimizes the interpreter its warm-up ran (Machine) on another thread
  // while this one reads the kernel and its symbols.
  const machine = new Machine({
    cpus: config.machine.cpus,
    memoryMB: config.machine.memoryMB,
    endianness: 'little',
    tlbEntries: config.machine.tlbEntries,
    clockHz,
    ...(config.machine.mode === 'timing' ? { timing: timingParamsOf(config.machine) } : {}),
    console: (t) => {
      pending += t;
      if (pending.length >= 4096) flush();
    },
  });
  const guest = loadLinuxGuest(bare, io);
  const names = { formatAddress: (a: number): string => guest.symbols.formatAddress(a) };
  bootLinux(machine, guest.boot, clockHz);
  const breaks = resolveBreaks(o.breaks ?? [], guest.symbols);
  machine.setBreakpoints(breaks);

  const report = (title: string): number => {
    flush();
    const cpu = machine.cpus[0];
    if (cpu === undefined) return 1;
    const out = [`\n${title}`];
    if (o.trace !== undefined && o.trace > 0) {
      machine.setBreakpoints([]);
      const t = traceMachine(machine, 0, o.trace, names);
      flush();
      out.push(...t.lines);
    }
    out.push(formatCpuState(cpu, names));
    io.stdout(`${out.join('\n')}`);
    return 0;
  };
  if (breaks.length === 0 && o.trace !== undefined) return report(`trace from the entry ${names.formatAddress(guest.boot.entry)}:`);

  const term = io.terminal;
  let input: number[] = [];
  let quit = false;
  let session: { close(): void } | undefined;
  if (term !== undefined) {
    session = term.open(
      (bytes) => {
        for (const b of bytes) {
          if (term.isTTY && b === QUIT_KEY) quit = true;
          else input.push(b);
        }
      },
      () => undefined,
    );
  }
  const ierOffset = UART_BASE + (1 << UART_REG_SHIFT);
  const wall0 = performance.now();
  try {
    for (;;) {
      const left = o.maxInstructions === undefined ? SLICE : Math.min(SLICE, o.maxInstructions - machine.retired);
      const stop: MachineStop = left > 0 ? machine.run(left) : { reason: 'limit' };
      flush();
      if (stop.reason !== 'limit') return finish(stop);
      if (o.maxInstructions !== undefined && machine.retired >= o.maxInstructions) {
        io.stderr(`disco run: stopped after ${o.maxInstructions} instructions\n`);
        return 124;
      }
      if (o.maxCycles !== undefined && machine.cpus.some((c) => c.cycle >= (o.maxCycles as number))) {
        io.stderr(`disco run: stopped at the cycle limit (${o.maxCycles})\n`);
        return 124;
      }
      if (session === undefined) continue;
      if (input.length > 0 && ((machine.peek(ierOffset, 1) ?? 0) & 1) !== 0) {
        machine.board.uart.input(input);
        input = [];
      }
      if (quit) {
        io.stderr('\r\ndisco run: quit (Ctrl-])\r\n');
        return 130;
      }
      // An idle guest runs no faster than real time on a terminal; otherwise just let input in.
      const ahead = machine.now / clockHz - (performance.now() - wall0) / 1000;
      await new Promise<void>((resolve) => (term?.isTTY && ahead > 0.02 ? setTimeout(resolve, Math.min(50, ahead * 1000)) : setImmediate(resolve)));
    }
  } finally {
    session?.close();
  }

  function finish(stop: MachineStop): number {
    switch (stop.reason) {
      case 'poweroff':
        return stop.code & 0xff;
      case 'exit':
        return stop.code & 0xff;
      case 'breakpoint':
        return report(`breakpoint at ${names.formatAddress(stop.pc)} (0x${(stop.pc >>> 0).toString(16).padStart(8, '0')}) after ${machine.retired} instructions`);
      case 'fatal':
        if (linuxHalted(machine)) {
          io.stderr('disco run: the guest halted the machine\n');
          return 0;
        }
        io.stderr(`disco run: ${stop.message}\n`);
        for (const c of machine.cpus) if (c.index === (stop.cpu ?? 0)) io.stdout(formatCpuState(c, names));
        return 1;
      default:
        io.stderr(`disco run: stopped (${stop.reason})\n`);
        return 1;
    }
  }
}
