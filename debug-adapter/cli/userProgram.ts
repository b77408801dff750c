// Shared by `disco run --user` and `disco trace --user`: splits the guest's own arguments off
// after `--`, reads the ELF, and creates the LinuxProcess with the host's environment (as
// qemu-mips passes it) and real standard streams.

import * as path from 'node:path';
import { readElf } from '../toolchain/elf/elfFile';
import { LinuxProcess } from '../machine/linuxUser/linuxProcess';
import { DEFAULT_TIMING } from '../machine/timing/timingParams';
import type { CliIo } from './command';
import { nodeLinuxHost } from './nodeLinuxHost';

/** Splits `[options...] -- [guest args...]`. */
export function splitGuestArgs(args: readonly string[]): { own: string[]; guest: string[] } {
  const i = args.indexOf('--');
  return i < 0 ? { own: [...args], guest: [] } : { own: args.slice(0, i), guest: args.slice(i + 1) };
}

/** Loads PROG.elf as a Linux user process with argv = [prog, ...guestArgs]. */
export function createUserProcess(io: CliIo, program: string, guestArgs: readonly string[], options: { stdoutToStderr?: boolean; timing?: boolean } = {}): LinuxProcess {
  const elf = readElf(io.files.readFile(program), program);
  const envp = Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
  return new LinuxProcess({
    elf,
    argv: [program, ...guestArgs],
    envp,
    execPath: path.resolve(program),
    host: nodeLinuxHost(options.stdoutToStderr ?? false),
    uid: process.getuid?.() ?? 0,
    gid: process.getgid?.() ?? 0,
    ...(options.timing === true ? { timing: DEFAULT_TIMING } : {}),
  });
}
