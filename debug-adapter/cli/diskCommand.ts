// `disco disk make DIR -o IMAGE`: a guest OS disk image from a folder. Each regular file of DIR
// becomes one file of the program table: `NAME.S`/`NAME.s` assembled and linked as the user
// program NAME, any other file stored as it is under its own name (docs/guest-os.md).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildFlatProgram, diskNameProblem, type DiskFile, MAX_DISK_FILES, writeGuestDisk } from '../toolchain/guestDisk';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import { findInCheckout } from './checkout';
import type { CliIo, Command } from './command';

const USAGE = `usage: disco disk make DIR -o IMAGE [--init A0[,A1[,A2[,A3]]]] [--nics N] [-T user.ld] [--EL|--EB]

Writes a disk image for the guest OS from the regular files of DIR (at most ${MAX_DISK_FILES}).
NAME.S and NAME.s are assembled and linked as the user program NAME; other files are
stored as they are under their own name. Names have at most 15 bytes.
  -o IMAGE          output file (required)
  --init A0,...     $a0..$a3 of the first process, "init" (default 0,0,0,0)
  --nics N          network interfaces the kernel uses on the bare board (default 0)
  -T user.ld        link script of user programs (default guest/user/user.ld of the checkout)
  --EL / --EB       little- / big-endian image (default big-endian)
`;

const PROGRAM = /^(.*)\.[sS]$/;

/** The checkout's user-program link script. */
function findUserLinkScript(): string {
  try {
    return findInCheckout('guest/user/user.ld');
  } catch {
    throw new UserError('disco disk make: guest/user/user.ld not found (give -T user.ld or run inside a Disco Studio checkout)');
  }
}

/** DIR's regular files (symbolic links followed), sorted by name. */
function regularFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new UserError(`${dir}: cannot list the folder: ${(e as Error).message}`);
  }
  return names.filter((n) => fs.statSync(path.join(dir, n), { throwIfNoEntry: false })?.isFile() === true).sort();
}

function make(args: readonly string[], io: CliIo): number {
  const p = parseArgs('disk make', args, { values: ['o', 'init', 'nics', 'T'], switches: ['EL', 'EB'] });
  const dir = p.positional[0];
  if (dir === undefined || p.positional.length > 1) throw new UserError(`disco disk make: give one folder\n${USAGE}`);
  const out = p.values.get('o');
  if (out === undefined) throw new UserError('disco disk make: missing -o IMAGE');
  if (p.switches.has('EL') && p.switches.has('EB')) throw new UserError('disco disk make: --EL and --EB are exclusive');
  const endian = p.switches.has('EL') ? 'little' : 'big';
  const init = (p.values.get('init') ?? '0').split(',').map((t) => parseNumberArg('disk make', '--init', t));
  if (init.length > 4) throw new UserError('disco disk make: --init takes at most four numbers');
  const nics = parseNumberArg('disk make', '--nics', p.values.get('nics') ?? '0');
  if (nics > 2) throw new UserError(`disco disk make: --nics ${nics}: the kernel uses 0 to 2 interfaces`);
  const names = regularFiles(dir);
  if (names.length > MAX_DISK_FILES) {
    throw new UserError(`${path.join(dir, names[MAX_DISK_FILES] as string)}: the disk holds at most ${MAX_DISK_FILES} files, the folder has ${names.length}`);
  }
  const seen = new Map<string, string>();
  for (const n of names) {
    const file = path.join(dir, n);
    const name = PROGRAM.exec(n)?.[1] ?? n;
    const problem = diskNameProblem(name);
    if (problem !== undefined) throw new UserError(`${file}: ${problem}`);
    const other = seen.get(name);
    if (other !== undefined) throw new UserError(`${file}: the disk name '${name}' is also that of ${other}`);
    seen.set(name, file);
  }
  const linkScript = p.values.get('T') ?? findUserLinkScript();
  const diskFiles: DiskFile[] = [...seen].map(([name, file]) =>
    PROGRAM.test(file) ? buildFlatProgram(io.files, file, linkScript, endian, name) : { name, bytes: io.files.readFile(file), load: 0, entry: 0 },
  );
  const a = (i: number): number => init[i] ?? 0;
  io.writeFile(out, writeGuestDisk(diskFiles, { initArgs: [a(0), a(1), a(2), a(3)], nics, endian }));
  return 0;
}

export const diskCommand: Command = {
  name: 'disk',
  summary: 'make a guest OS disk image from a folder of programs and data files',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'make') throw new UserError(`disco disk: unknown sub-command '${sub ?? ''}' (try 'disco disk make DIR -o IMAGE')`);
    return make(rest, io);
  },
};
