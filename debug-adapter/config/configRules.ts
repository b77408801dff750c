// The guest config's rules that span several fields (machine shape, VM sizes and names, files
// that must exist, what each board takes), checked once every field is valid on its own. Each
// problem is located at the node of the config's tree it is about.

import { LINUX_MIN_MEMORY_MB } from '../machine/boards/linuxGeneric';
import { cacheShapeProblem } from '../machine/timing/cacheModel';
import { DEFAULT_WAYS } from '../machine/timing/timingParams';
import type { FileAccessor } from '../util/fileAccessor';
import type { BareConfig, DiscoConfig, MachineConfig, VmConfig } from './discoConfig';
import type { Problems } from './fields';
import { type JsonNode, members, nodeAt } from './jsonTree';

/** Fields of `bare` that only the linux-generic board reads. */
export const LINUX_ONLY = ['bootArgs', 'initrd', 'loadAddress', 'entry', 'symbols'] as const;

type At = (path: (string | number)[]) => JsonNode;

/** A Linux VM's memory lies below its board's device window (kseg0 reaches the low 512 MB; devices from 0x1f000000). */
export const LINUX_VM_MAX_MB = 496;

/** Why the disco board refuses each linux-generic field. */
const NOT_ON_DISCO_BOARD: Readonly<Record<(typeof LINUX_ONLY)[number], string>> = {
  bootArgs: 'the disco board has no way to hand a command line to its kernel yet (only linux-generic takes one)',
  initrd: 'the disco board has no way to hand an initial RAM disk to its kernel yet (only linux-generic takes one)',
  loadAddress: 'only a linux-generic raw image takes a load address and entry (an ELF names its own)',
  entry: 'only a linux-generic raw image takes a load address and entry (an ELF names its own)',
  symbols: 'a System.map serves --break, which only the linux-generic board offers',
};

/** Checks the rules between fields of a config whose fields are each valid. */
export function crossCheck(c: Omit<DiscoConfig, 'file'>, tree: JsonNode, p: Problems, file: string, files: FileAccessor): void {
  const at: At = (path) => nodeAt(tree, path);
  const m = c.machine;
  if (m.cpus % m.nodes !== 0) p.add(at(['machine', 'nodes']), 'machine.nodes', `${m.nodes} nodes do not divide ${m.cpus} CPUs evenly`);
  if (m.memoryMB % m.nodes !== 0) p.add(at(['machine', 'nodes']), 'machine.nodes', `${m.nodes} nodes do not divide ${m.memoryMB} MB evenly`);
  for (const cache of ['l1iKB', 'l1dKB', 'l2KB'] as const) {
    const problem = cacheShapeProblem(m.caches[cache] * 1024, m.caches.lineBytes, DEFAULT_WAYS);
    if (problem !== undefined) p.add(at(['machine', 'caches', cache]), `machine.caches.${cache}`, problem);
  }
  if (m.remoteMissNs < m.localMissNs) p.add(at(['machine', 'remoteMissNs']), 'machine.remoteMissNs', 'must not be lower than machine.localMissNs');
  for (const k of ['migration', 'replication'] as const) {
    if (c.monitor.numa[k] && m.mode !== 'timing') p.add(at(['monitor', 'numa', k]), `monitor.numa.${k}`, 'is driven by the timing model\'s cache-miss counters: needs machine.mode "timing"');
  }
  if (c.bare && c.vms.length > 0) p.add(at(['bare']), 'bare', 'a config boots either one bare kernel or VMs under the monitor, not both');
  if (!c.bare && c.vms.length === 0) p.add(tree, '(top level)', 'nothing to run: give "vms" (VMs under the monitor) or "bare" (one kernel on the bare machine)');
  const names = new Set<string>();
  checkPersistentDisks(c, at, p);
  c.vms.forEach((v, i) => {
    if (names.has(v.name)) p.add(at(['vms', i, 'name']), `vms[${i}].name`, `"${v.name}" is used by another VM`);
    names.add(v.name);
    if (v.memoryMB > m.memoryMB) p.add(at(['vms', i, 'memoryMB']), `vms[${i}].memoryMB`, `${v.memoryMB} MB is more than the machine's ${m.memoryMB} MB`);
    if (v.homeNode !== undefined && v.homeNode >= m.nodes) p.add(at(['vms', i, 'homeNode']), `vms[${i}].homeNode`, `node ${v.homeNode} does not exist (the machine has ${m.nodes})`);
    mustExist(files, file, v.kernel, at(['vms', i, 'kernel']), `vms[${i}].kernel`, p);
    checkVmKind(v, i, m, files, file, at, p);
    v.disks.forEach((d, j) => mustExist(files, file, d.image, at(['vms', i, 'disks', j, 'image']), `vms[${i}].disks[${j}].image`, p));
  });
  if (c.bare && m.virtualizationAssist) p.add(at(['machine', 'virtualizationAssist']), 'machine.virtualizationAssist', 'only Linux VMs under the monitor run on the virtualization assist');
  if (c.bare) {
    if (members(tree).some((e) => e.key === 'monitor')) p.add(at(['monitor']), 'monitor', 'a bare kernel runs without the monitor, so monitor settings would do nothing');
    mustExist(files, file, c.bare.kernel, at(['bare', 'kernel']), 'bare.kernel', p);
    if (c.bare.board === 'linux-generic') {
      if (c.bare.initrd !== undefined) mustExist(files, file, c.bare.initrd, at(['bare', 'initrd']), 'bare.initrd', p);
      if (c.bare.symbols !== undefined) mustExist(files, file, c.bare.symbols, at(['bare', 'symbols']), 'bare.symbols', p);
      checkLinuxBoard(c.bare, m, at, p);
    } else {
      const given = new Set(members(at(['bare'])).map((e) => e.key));
      for (const k of LINUX_ONLY) if (given.has(k)) p.add(at(['bare', k]), `bare.${k}`, NOT_ON_DISCO_BOARD[k]);
    }
  }
}

/** Fields of a VM that only a Linux VM reads. */
export const LINUX_VM_ONLY = ['bootArgs', 'initrd', 'symbols'] as const;

/** Why a guest OS VM refuses a Linux VM's field. */
const NOT_ON_GUEST_OS: Readonly<Record<(typeof LINUX_VM_ONLY)[number], string>> = {
  bootArgs: 'the monitor\'s guest ABI has no place to hand a command line to the guest OS (only kind "linux" takes one)',
  initrd: 'the monitor\'s guest ABI has no place to hand an initial RAM disk to the guest OS (only kind "linux" takes one)',
  symbols: 'the guest OS kernel carries its own symbols (only kind "linux" takes a System.map)',
};

/** A Linux VM: the assist, a little-endian machine, one vCPU, enough memory, the kernel.json, no disks or network yet. */
function checkVmKind(v: VmConfig, i: number, m: MachineConfig, files: FileAccessor, file: string, at: At, p: Problems): void {
  const path = (k: string): string => `vms[${i}].${k}`;
  if (v.kind !== 'linux') {
    const given = new Set(members(at(['vms', i])).map((e) => e.key));
    for (const k of LINUX_VM_ONLY) if (given.has(k)) p.add(at(['vms', i, k]), path(k), NOT_ON_GUEST_OS[k]);
    return;
  }
  if (!m.virtualizationAssist) p.add(at(['vms', i, 'kind']), path('kind'), 'a Linux VM runs on the virtualization assist: set machine.virtualizationAssist to true');
  if (m.endian !== 'little') p.add(at(['vms', i, 'kind']), path('kind'), 'Debian\'s MIPS kernels are little-endian: set machine.endian to "little"');
  if (m.mode !== 'fast') p.add(at(['vms', i, 'kind']), path('kind'), 'a Linux VM does not run in timing mode yet (machine.mode "fast")');
  if (v.vcpus !== 1) p.add(at(['vms', i, 'vcpus']), path('vcpus'), 'a Linux VM has one vCPU (its kernel runs uniprocessor on this board)');
  if (v.memoryMB < LINUX_MIN_MEMORY_MB) p.add(at(['vms', i, 'memoryMB']), path('memoryMB'), `Linux needs at least ${LINUX_MIN_MEMORY_MB} MB`);
  if (v.memoryMB > LINUX_VM_MAX_MB) p.add(at(['vms', i, 'memoryMB']), path('memoryMB'), `a Linux VM's memory must sit below its device window at 0x1f000000 (at most ${LINUX_VM_MAX_MB} MB)`);
  if (!/\.json$/i.test(v.kernel)) p.add(at(['vms', i, 'kernel']), path('kernel'), 'a Linux VM boots the kernel.json of \'disco fetch linux\'');
  if (v.disks.length > 0) p.add(at(['vms', i, 'disks']), path('disks'), 'a Linux VM has no virtual disk device yet (its root file system is the initramfs)');
  if (v.network) p.add(at(['vms', i, 'network']), path('network'), 'a Linux VM has no virtual network device yet');
  if (v.initrd !== undefined) mustExist(files, file, v.initrd, at(['vms', i, 'initrd']), path('initrd'), p);
  if (v.symbols !== undefined) mustExist(files, file, v.symbols, at(['vms', i, 'symbols']), path('symbols'), p);
}

/** A persistent disk's image is named by that disk only (its overlay has one writer, Disco §4.2.2). */
function checkPersistentDisks(c: Omit<DiscoConfig, 'file'>, at: At, p: Problems): void {
  const named = new Map<string, number>();
  for (const v of c.vms) for (const d of v.disks) named.set(d.image, (named.get(d.image) ?? 0) + 1);
  c.vms.forEach((v, i) =>
    v.disks.forEach((d, j) => {
      if (d.mode === 'persistent' && (named.get(d.image) ?? 0) > 1) p.add(at(['vms', i, 'disks', j, 'mode']), `vms[${i}].disks[${j}].mode`, 'a persistent disk belongs to one VM: no other disk may name its image');
    }),
  );
}

/** The linux-generic board: one little-endian CPU, enough RAM, and a raw image's addresses. */
function checkLinuxBoard(b: BareConfig, m: MachineConfig, at: At, p: Problems): void {
  if (m.endian !== 'little') p.add(at(['machine', 'endian']), 'machine.endian', 'the linux-generic board is little-endian: set "endian": "little"');
  if (m.cpus !== 1) p.add(at(['machine', 'cpus']), 'machine.cpus', 'the linux-generic board has one CPU (SMP needs a MIPS CM, which it does not have)');
  if (m.memoryMB < LINUX_MIN_MEMORY_MB) p.add(at(['machine', 'memoryMB']), 'machine.memoryMB', `Linux needs at least ${LINUX_MIN_MEMORY_MB} MB`);
  if (/\.json$/i.test(b.kernel)) {
    for (const k of ['loadAddress', 'entry'] as const) if (b[k] !== undefined) p.add(at(['bare', k]), `bare.${k}`, 'comes from the kernel.json; give it only with a raw image');
  } else {
    for (const k of ['loadAddress', 'entry'] as const) if (b[k] === undefined) p.add(at(['bare']), 'bare', `a raw kernel image needs "${k}" (or name the kernel.json of 'disco fetch linux' as the kernel)`);
  }
}

function mustExist(files: FileAccessor, configFile: string, rel: string, node: JsonNode, path: string, p: Problems): void {
  const abs = files.resolve(configFile, rel);
  if (!files.exists(abs)) p.add(node, path, `file not found: ${rel} (looked for ${abs})`);
}
