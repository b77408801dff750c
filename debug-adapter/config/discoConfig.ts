// The guest config (`*.disco.json`, ARCHITECTURE.md §6): its types, the field
// table that both validates a config and generates the shipped JSON Schema, and
// loadConfig, which reports every problem at once with its JSON path and line.

import { LINUX_MIN_MEMORY_MB } from '../machine/boards/linuxGeneric';
import { cacheShapeProblem } from '../machine/timing/cacheModel';
import { DEFAULT_WAYS } from '../machine/timing/timingParams';
import { DiagnosticError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { arrayOf, boolean, integer, object, oneOf, Problems, string } from './fields';
import type { JsonSchema } from './fields';
import { parseJsonSource } from './jsonSource';
import type { JsonValue } from './jsonSource';

export type Endian = 'big' | 'little';

export interface CacheConfig {
  readonly l1iKB: number;
  readonly l1dKB: number;
  readonly l2KB: number;
  readonly lineBytes: number;
}

export interface MachineConfig {
  readonly cpus: number;
  readonly nodes: number;
  readonly memoryMB: number;
  readonly endian: Endian;
  readonly tlbEntries: number;
  /** 'fast' skips the cache model; 'timing' charges cache and NUMA latencies in emulated cycles. */
  readonly mode: 'fast' | 'timing';
  readonly clockMHz: number;
  readonly caches: CacheConfig;
  readonly localMissNs: number;
  readonly remoteMissNs: number;
}

export interface NumaPolicyConfig {
  readonly migration: boolean;
  readonly replication: boolean;
}

export interface MonitorConfig {
  readonly l2tlbEntries: number;
  /** 'flush' as in the paper; 'asid-retag' keeps entries of other vCPUs tagged (a documented deviation). */
  readonly tlbOnSwitch: 'flush' | 'asid-retag';
  readonly timeSliceCycles: number;
  readonly numa: NumaPolicyConfig;
}

export interface DiskConfig {
  /** Absolute path of the disk image (resolved against the config file). */
  readonly image: string;
  readonly mode: 'shared-cow' | 'private' | 'persistent';
}

export interface VmConfig {
  readonly name: string;
  readonly vcpus: number;
  readonly memoryMB: number;
  /** Absolute path of the guest kernel (assembly source or ELF). */
  readonly kernel: string;
  readonly bootArgs: string;
  readonly disks: readonly DiskConfig[];
  readonly network: boolean;
  /** The NUMA node the VM's memory and vCPUs prefer; by default VMs are spread round-robin. */
  readonly homeNode?: number;
}

/** The board a bare kernel boots on: the Disco board, or the minimal board of Debian's generic MIPS Linux. */
export type BareBoard = 'disco' | 'linux-generic';

export interface BareConfig {
  readonly board: BareBoard;
  /** Absolute path of the kernel: ELF or assembly source; for linux-generic a raw image or `disco fetch linux`'s kernel.json. */
  readonly kernel: string;
  /** Kernel command line; for linux-generic an empty one means the manifest's. */
  readonly bootArgs: string;
  readonly initrd?: string;
  /** Link (kseg0) address of a raw image, "0x…". */
  readonly loadAddress?: string;
  /** Entry point of a raw image, "0x…". */
  readonly entry?: string;
  /** Absolute path of a System.map for symbols (the manifest's by default). */
  readonly symbols?: string;
}

export interface DiscoConfig {
  /** Absolute path of the config file itself. */
  readonly file: string;
  readonly machine: MachineConfig;
  readonly monitor: MonitorConfig;
  readonly vms: readonly VmConfig[];
  /** Present when the config boots one kernel on the bare machine instead of VMs under the monitor. */
  readonly bare?: BareConfig;
}

const MAX_CPUS = 32;
const MAX_MEMORY_MB = 2048;
const PATH_DOC = 'path relative to this config file';

const caches = object<CacheConfig>('Cache sizes of the timing model (defaults: the paper\'s setup).', {
  l1iKB: integer('On-chip instruction cache, KB.', 1, 1024, 32),
  l1dKB: integer('On-chip data cache, KB.', 1, 1024, 32),
  l2KB: integer('Board (second-level) cache, KB.', 16, 65536, 1024),
  lineBytes: integer('Cache line size, bytes.', 16, 256, 128),
});

const machine = object<MachineConfig>('The emulated FLASH-like multiprocessor.', {
  cpus: integer('Physical CPUs.', 1, MAX_CPUS, 1),
  nodes: integer('NUMA nodes; CPUs and memory are split evenly between them.', 1, MAX_CPUS, 1),
  memoryMB: integer('Machine memory in MB.', 1, MAX_MEMORY_MB, 64),
  endian: oneOf<Endian>('Byte order of the CPUs.', ['big', 'little'], 'big'),
  tlbEntries: integer('Entry pairs of each CPU\'s joint TLB.', 4, 64, 48),
  mode: oneOf('Execution mode: fast, or timing with caches and NUMA latencies.', ['fast', 'timing'] as const, 'fast'),
  clockMHz: integer('Modelled CPU clock, MHz.', 1, 10000, 200),
  caches,
  localMissNs: integer('Minimum latency of a miss served by local memory, ns.', 1, 100000, 300),
  remoteMissNs: integer('Minimum latency of a miss served by a remote node, ns.', 1, 100000, 900),
});

const monitor = object<MonitorConfig>('The Disco monitor.', {
  l2tlbEntries: integer('Entries of each vCPU\'s second-level software TLB.', 0, 1 << 20, 4096),
  tlbOnSwitch: oneOf('What happens to the hardware TLB when another vCPU runs on a CPU.', ['flush', 'asid-retag'] as const, 'flush'),
  timeSliceCycles: integer('vCPU scheduling quantum in emulated cycles.', 1000, 1e9, 2_000_000),
  numa: object<NumaPolicyConfig>('Dynamic page placement.', {
    migration: boolean('Migrate pages that one node uses heavily.', false),
    replication: boolean('Replicate read-shared hot pages.', false),
  }),
});

const disk = object<DiskConfig>(
  'A virtual disk.',
  {
    image: string(`Disk image, ${PATH_DOC}.`),
    mode: oneOf('shared-cow: shared copy-on-write (non-persistent); private: this VM only, non-persistent; persistent: written back.', ['shared-cow', 'private', 'persistent'] as const, 'shared-cow'),
  },
  ['image'],
);

const vm = object<VmConfig>(
  'A virtual machine.',
  {
    name: string('Unique name; prefixes the VM\'s console lines.', {
      pattern: /^[A-Za-z][A-Za-z0-9_-]{0,31}$/,
      patternDoc: 'must start with a letter and hold at most 32 letters, digits, _ or -',
    }),
    vcpus: integer('Virtual CPUs.', 1, MAX_CPUS, 1),
    memoryMB: integer('Guest-physical memory in MB.', 1, MAX_MEMORY_MB, 16),
    kernel: string(`Guest kernel (.s, .S or ELF), ${PATH_DOC}.`),
    bootArgs: string('Boot arguments passed to the guest kernel.', { default: '' }),
    disks: arrayOf('Virtual disks.', disk, 8),
    network: boolean('Attach the VM to the virtual subnet.', false),
    homeNode: integer('Preferred NUMA node.', 0, MAX_CPUS - 1),
  },
  ['name', 'kernel'],
);

const HEX_ADDRESS = { pattern: /^0x[0-9a-fA-F]{1,8}$/, patternDoc: 'must be a 32-bit address written as "0x…"' };

const bare = object<BareConfig>(
  'Boot one kernel on the bare machine, without the monitor.',
  {
    board: oneOf<BareBoard>('disco: the Disco board; linux-generic: the minimal board of Debian\'s MIPS generic Linux (little-endian, device tree, UHI hand-off).', ['disco', 'linux-generic'], 'disco'),
    kernel: string(`Kernel (.s, .S or ELF; for linux-generic a raw image or the kernel.json of 'disco fetch linux'), ${PATH_DOC}.`),
    bootArgs: string('Kernel command line (linux-generic: empty means the kernel.json\'s).', { default: '' }),
    initrd: string(`Initial RAM disk, ${PATH_DOC}.`),
    loadAddress: string('linux-generic raw image: its kseg0 link address, e.g. "0x80100000".', HEX_ADDRESS),
    entry: string('linux-generic raw image: its entry point.', HEX_ADDRESS),
    symbols: string(`System.map for symbols (default: the kernel.json's), ${PATH_DOC}.`),
  },
  ['kernel'],
);

const root = object<Omit<DiscoConfig, 'file'>>('A Disco Studio guest configuration.', {
  machine,
  monitor,
  vms: arrayOf('Virtual machines run under the monitor.', vm, 64),
  bare,
});

/** The JSON Schema shipped with the extension for `*.disco.json` (generated, see scripts/generate-schema.ts). */
export function discoConfigSchema(): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Disco Studio guest configuration', ...root.schema() };
}

/**
 * Parses and validates a guest config. Every problem is reported at once as a
 * DiagnosticError whose messages start with the JSON path (`vms[1].vcpus: …`).
 */
export function loadConfig(text: string, file: string, files: FileAccessor): DiscoConfig {
  const json = parseJsonSource(text, file);
  const p = new Problems();
  const raw = root.validate(json, '', p);
  if (raw) crossCheck(raw, json, p, file, files);
  if (p.list.length > 0 || !raw) throw new DiagnosticError(p.list);
  const resolve = (rel: string) => files.resolve(file, rel);
  const vms = raw.vms.map((v) => ({ ...v, kernel: resolve(v.kernel), disks: v.disks.map((d) => ({ ...d, image: resolve(d.image) })) }));
  const out: DiscoConfig = { file, machine: raw.machine, monitor: raw.monitor, vms };
  if (raw.bare) {
    const b = raw.bare;
    return {
      ...out,
      bare: {
        ...b,
        kernel: resolve(b.kernel),
        ...(b.initrd === undefined ? {} : { initrd: resolve(b.initrd) }),
        ...(b.symbols === undefined ? {} : { symbols: resolve(b.symbols) }),
      },
    };
  }
  return out;
}

/** Rules that span several fields: machine shape, VM sizes, names, files that must exist. */
function crossCheck(c: Omit<DiscoConfig, 'file'>, json: JsonValue, p: Problems, file: string, files: FileAccessor): void {
  const at = (path: (string | number)[]): JsonValue => {
    let v: JsonValue = json;
    for (const k of path) {
      const next: JsonValue | undefined = v.kind === 'object' && typeof k === 'string' ? v.entries.get(k)?.value : v.kind === 'array' && typeof k === 'number' ? v.items[k] : undefined;
      if (!next) break;
      v = next;
    }
    return v;
  };
  const m = c.machine;
  if (m.cpus % m.nodes !== 0) p.add(at(['machine', 'nodes']), 'machine.nodes', `${m.nodes} nodes do not divide ${m.cpus} CPUs evenly`);
  if (m.memoryMB % m.nodes !== 0) p.add(at(['machine', 'nodes']), 'machine.nodes', `${m.nodes} nodes do not divide ${m.memoryMB} MB evenly`);
  for (const cache of ['l1iKB', 'l1dKB', 'l2KB'] as const) {
    const problem = cacheShapeProblem(m.caches[cache] * 1024, m.caches.lineBytes, DEFAULT_WAYS);
    if (problem !== undefined) p.add(at(['machine', 'caches', cache]), `machine.caches.${cache}`, problem);
  }
  if (m.remoteMissNs < m.localMissNs) p.add(at(['machine', 'remoteMissNs']), 'machine.remoteMissNs', 'must not be lower than machine.localMissNs');
  if (c.bare && c.vms.length > 0) p.add(at(['bare']), 'bare', 'a config boots either one bare kernel or VMs under the monitor, not both');
  if (!c.bare && c.vms.length === 0) p.add(json, '(top level)', 'nothing to run: give "vms" (VMs under the monitor) or "bare" (one kernel on the bare machine)');
  const names = new Set<string>();
  c.vms.forEach((v, i) => {
    if (names.has(v.name)) p.add(at(['vms', i, 'name']), `vms[${i}].name`, `"${v.name}" is used by another VM`);
    names.add(v.name);
    if (v.memoryMB > m.memoryMB) p.add(at(['vms', i, 'memoryMB']), `vms[${i}].memoryMB`, `${v.memoryMB} MB is more than the machine's ${m.memoryMB} MB`);
    if (v.homeNode !== undefined && v.homeNode >= m.nodes) p.add(at(['vms', i, 'homeNode']), `vms[${i}].homeNode`, `node ${v.homeNode} does not exist (the machine has ${m.nodes})`);
    mustExist(files, file, v.kernel, at(['vms', i, 'kernel']), `vms[${i}].kernel`, p);
    v.disks.forEach((d, j) => mustExist(files, file, d.image, at(['vms', i, 'disks', j, 'image']), `vms[${i}].disks[${j}].image`, p));
  });
  if (c.bare) {
    mustExist(files, file, c.bare.kernel, at(['bare', 'kernel']), 'bare.kernel', p);
    if (c.bare.initrd !== undefined) mustExist(files, file, c.bare.initrd, at(['bare', 'initrd']), 'bare.initrd', p);
    if (c.bare.symbols !== undefined) mustExist(files, file, c.bare.symbols, at(['bare', 'symbols']), 'bare.symbols', p);
    if (c.bare.board === 'linux-generic') checkLinuxBoard(c.bare, m, at, p);
    else for (const k of ['loadAddress', 'entry'] as const) if (c.bare[k] !== undefined) p.add(at(['bare', k]), `bare.${k}`, 'only a linux-generic raw image takes a load address and entry (an ELF names its own)');
  }
}

/** The linux-generic board: one little-endian CPU, enough RAM, and a raw image's addresses. */
function checkLinuxBoard(b: BareConfig, m: MachineConfig, at: (path: (string | number)[]) => JsonValue, p: Problems): void {
  if (m.endian !== 'little') p.add(at(['machine', 'endian']), 'machine.endian', 'the linux-generic board is little-endian: set "endian": "little"');
  if (m.cpus !== 1) p.add(at(['machine', 'cpus']), 'machine.cpus', 'the linux-generic board has one CPU (SMP needs a MIPS CM, which it does not have)');
  if (m.memoryMB < LINUX_MIN_MEMORY_MB) p.add(at(['machine', 'memoryMB']), 'machine.memoryMB', `Linux needs at least ${LINUX_MIN_MEMORY_MB} MB`);
  if (/\.json$/i.test(b.kernel)) {
    for (const k of ['loadAddress', 'entry'] as const) if (b[k] !== undefined) p.add(at(['bare', k]), `bare.${k}`, 'comes from the kernel.json; give it only with a raw image');
  } else {
    for (const k of ['loadAddress', 'entry'] as const) if (b[k] === undefined) p.add(at(['bare']), 'bare', `a raw kernel image needs "${k}" (or name the kernel.json of 'disco fetch linux' as the kernel)`);
  }
}

function mustExist(files: FileAccessor, configFile: string, rel: string, v: JsonValue, path: string, p: Problems): void {
  const abs = files.resolve(configFile, rel);
  if (!files.exists(abs)) p.add(v, path, `file not found: ${rel} (looked for ${abs})`);
}
