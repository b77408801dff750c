// Writes a guest OS disk image: `npx tsx guest/tools/mkdisk.ts -o IMAGE [--init MASK[,SCALE[,A2[,A3]]]]
// [--nics N] [--exports] [--EL]`. The image holds the user programs init, cc and fsum (guest/user/)
// behind the program table, and with --exports the file server example's files; --init gives
// init's $a0..$a3 (MASK selects the workloads, see guest/user/init.S).
// `--examples` rewrites the images of examples/ instead.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { parseArgs, parseNumberArg } from '../../debug-adapter/cli/args';
import { buildGuestDisk, EXAMPLE_DISKS, EXPORTED_FILES, GUEST_PROGRAMS } from './guestDisk';

const GUEST = join(import.meta.dirname, '..');
const args = parseArgs('mkdisk', process.argv.slice(2), { values: ['o', 'init', 'nics'], switches: ['EL', 'examples', 'exports'] });
const ROOT = join(GUEST, '..');

function build(initArgs: [number, number, number, number], nics: number, little: boolean, data: readonly string[]): Uint8Array {
  return buildGuestDisk(nodeIo().files, {
    programs: GUEST_PROGRAMS.map((p) => ({ name: p.name, source: join(GUEST, p.source) })),
    linkScript: join(GUEST, 'user', 'user.ld'),
    initArgs,
    nics,
    endian: little ? 'little' : 'big',
    data: data.map((p) => join(ROOT, p)),
  });
}

const out = args.values.get('o');
if (args.switches.has('examples')) {
  for (const e of EXAMPLE_DISKS) writeFileSync(join(ROOT, e.path), build([e.init[0], e.init[1], e.init[2] ?? 0, 0], e.nics, e.endian === 'little', e.data ?? []));
} else if (out === undefined) {
  process.stderr.write('usage: mkdisk -o IMAGE [--init MASK[,SCALE[,A2[,A3]]]] [--nics N] [--exports] [--EL] | mkdisk --examples\n');
  process.exit(2);
} else {
  const nums = (args.values.get('init') ?? '511,1').split(',').map((t) => parseNumberArg('mkdisk', '--init', t));
  const nics = parseNumberArg('mkdisk', '--nics', args.values.get('nics') ?? '0');
  writeFileSync(out, build([nums[0] ?? 0, nums[1] ?? 1, nums[2] ?? 0, nums[3] ?? 0], nics, args.switches.has('EL'), args.switches.has('exports') ? EXPORTED_FILES : []));
}
