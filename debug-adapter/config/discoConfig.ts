// The guest config (`*.disco.json`, ARCHITECTURE.md §6): its types, the field
// table that both validates a config and generates the shipped JSON Schema,
// analyzeConfig (the parsed tree, syntax errors and every validation problem with its
// source range, for an editor) and loadConfig built on it for the engine.

import { DiagnosticError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import { crossCheck, LINUX_ONLY, LINUX_VM_ONLY } from './configRules';
import { arrayOf, boolean, integer, object, oneOf, Problems, string } from './fields';
import type { JsonSchema } from './fields';
import { type ConfigDiagnostic, type JsonNode, parseJsonSource } from './jsonTree';

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
  /** The virtualization assist (guest mode, MIPS VZ in spirit) that Linux VMs run on; off, the machine is as before. */
  readonly virtualizationAssist: boolean;
}

/** Where a guest page's machine page is allocated: the touching CPU's node, or the VM's home node. */
export type PagePlacement = 'first-touch' | 'home-node';

/** NUMA page placement and the dynamic migration/replication policy (monitor/numa.ts). */
export interface NumaPolicyConfig {
  readonly placement: PagePlacement;
  readonly migration: boolean;
  readonly replication: boolean;
  /** Misses of one node to one page within an interval that make the page hot (the counters' trigger). */
  readonly hotThreshold: number;
  /** Misses within an interval from which another node counts as a user of the page too. */
  readonly sharingThreshold: number;
  /** Write requests within an interval from which a page counts as written: never replicated. */
  readonly writeThreshold: number;
  /** Migrations and replications of one page over the run. */
  readonly maxMovesPerPage: number;
  /** Migrations and replications per interval, machine-wide. */
  readonly maxMovesPerInterval: number;
  /** Cycles between resets of the miss counters (an interval). */
  readonly resetIntervalCycles: number;
}

/** Content-based page sharing (monitor/contentShare.ts). */
export interface ContentSharingConfig {
  readonly enabled: boolean;
  /** Guest pages hashed per scan. */
  readonly scanPagesPerInterval: number;
  /** Cycles between scans. */
  readonly intervalCycles: number;
}

export interface MonitorConfig {
  readonly l2tlbEntries: number;
  /** 'flush' as in the paper; 'asid-retag' keeps entries of other vCPUs tagged (a documented deviation). */
  readonly tlbOnSwitch: 'flush' | 'asid-retag';
  readonly timeSliceCycles: number;
  readonly numa: NumaPolicyConfig;
  readonly contentSharing: ContentSharingConfig;
}

/** How a virtual disk keeps writes and shares blocks (monitor/vdisk.ts). */
export type DiskMode = 'shared-cow' | 'private' | 'persistent';

export interface DiskConfig {
  /** Absolute path of the disk image (resolved against the config file). */
  readonly image: string;
  readonly mode: DiskMode;
}

/** What a VM runs: the guest OS built for the monitor, or Debian's unmodified Linux (on the virtualization assist). */
export type VmKind = 'disco' | 'linux';

export interface VmConfig {
  readonly name: string;
  readonly kind: VmKind;
  readonly vcpus: number;
  readonly memoryMB: number;
  /** Absolute path of the guest kernel (assembly source or ELF). */
  readonly kernel: string;
  readonly disks: readonly DiskConfig[];
  readonly network: boolean;
  /** The NUMA node the VM's memory and vCPUs prefer; by default VMs are spread round-robin. */
  readonly homeNode?: number;
  /** Linux VMs: the kernel command line (empty: the kernel.json's). */
  readonly bootArgs: string;
  /** Linux VMs: absolute path of an initial RAM disk (default: the kernel.json's). */
  readonly initrd?: string;
  /** Linux VMs: absolute path of a System.map (default: the kernel.json's). */
  readonly symbols?: string;
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
  virtualizationAssist: boolean('The virtualization assist (a guest mode in the spirit of MIPS VZ) that Linux VMs run on (docs/linux-vm.md).', false),
});

const monitor = object<MonitorConfig>('The Disco monitor.', {
  l2tlbEntries: integer('Entries of each vCPU\'s second-level software TLB.', 0, 1 << 20, 4096),
  tlbOnSwitch: oneOf('What happens to the hardware TLB when another vCPU runs on a CPU.', ['flush', 'asid-retag'] as const, 'flush'),
  timeSliceCycles: integer('vCPU scheduling quantum in emulated cycles.', 1000, 1e9, 2_000_000),
  numa: object<NumaPolicyConfig>('NUMA page placement, migration and replication (migration and replication need machine.mode "timing": its miss counters drive them).', {
    placement: oneOf('first-touch: a guest page is allocated on the node of the CPU that touches it first; home-node: on the VM\'s home node.', ['first-touch', 'home-node'] as const, 'first-touch'),
    migration: boolean('Migrate a hot page that one remote node uses to that node.', false),
    replication: boolean('Replicate a hot read-shared page on each node that reads it.', false),
    hotThreshold: integer('Cache misses of one node to one page within an interval that make the page hot.', 1, 1e9, 128),
    sharingThreshold: integer('Misses within an interval from which another node also counts as a user of the page.', 1, 1e9, 32),
    writeThreshold: integer('Write requests within an interval from which a page counts as written (never replicated).', 1, 1e9, 1),
    maxMovesPerPage: integer('Migrations and replications of one page over the run.', 0, 1e6, 4),
    maxMovesPerInterval: integer('Migrations and replications per interval, machine-wide.', 0, 1e6, 64),
    resetIntervalCycles: integer('Cycles between resets of the miss counters.', 1000, 1e12, 2_000_000),
  }),
  contentSharing: object<ContentSharingConfig>('Content-based page sharing (beyond Disco, as in VMware ESX): identical guest pages share one read-only machine page, copy-on-write.', {
    enabled: boolean('Scan guest pages and share identical ones.', false),
    scanPagesPerInterval: integer('Guest pages hashed per scan.', 1, 1e6, 64),
    intervalCycles: integer('Cycles between scans.', 1000, 1e12, 1_000_000),
  }),
});

const disk = object<DiskConfig>(
  'A virtual disk.',
  {
    image: string(`Disk image, ${PATH_DOC}.`),
    mode: oneOf(
      'shared-cow: the image file is never written and several VMs may name it; unmodified blocks are read through the monitor\'s global disk cache, one machine page shared by every VM reading it; each VM\'s writes stay its own and are dropped when the run ends. private: the same without the cache (each VM copies what it reads). persistent: writes are kept in <image>.overlay (durable before the guest is told the write is done) and read back by the next run; the image itself is never written; one disk of one VM only.',
      ['shared-cow', 'private', 'persistent'] as const,
      'shared-cow',
    ),
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
    kind: oneOf('disco: the guest OS built for the monitor; linux: Debian\'s unmodified Linux on the virtualization assist.', ['disco', 'linux'] as const, 'disco'),
    vcpus: integer('Virtual CPUs.', 1, MAX_CPUS, 1),
    memoryMB: integer('Guest-physical memory in MB.', 1, MAX_MEMORY_MB, 16),
    kernel: string(`Guest kernel (.s, .S or ELF; for kind linux the kernel.json of 'disco fetch linux'), ${PATH_DOC}.`),
    disks: arrayOf('Virtual disks.', disk, 8),
    network: boolean('Attach the VM to the virtual subnet.', false),
    homeNode: integer('Preferred NUMA node.', 0, MAX_CPUS - 1),
    bootArgs: string('kind linux: kernel command line (empty means the kernel.json\'s).', { default: '' }),
    initrd: string(`kind linux: initial RAM disk (default: the kernel.json's), ${PATH_DOC}.`),
    symbols: string(`kind linux: System.map for breakpoints on kernel symbols (default: the kernel.json's), ${PATH_DOC}.`),
  },
  ['name', 'kernel'],
  { schemaRules: { if: { not: { required: ['kind'], properties: { kind: { const: 'linux' } } } }, then: { properties: Object.fromEntries(LINUX_VM_ONLY.map((k) => [k, false])) } } },
);

const HEX_ADDRESS = { pattern: /^0x[0-9a-fA-F]{1,8}$/, patternDoc: 'must be a 32-bit address written as "0x…"' };

const bare = object<BareConfig>(
  'Boot one kernel on the bare machine, without the monitor.',
  {
    board: oneOf<BareBoard>('disco: the Disco board; linux-generic: the minimal board of Debian\'s MIPS generic Linux (little-endian, device tree, UHI hand-off).', ['disco', 'linux-generic'], 'disco'),
    kernel: string(`Kernel (.s, .S or ELF; for linux-generic a raw image or the kernel.json of 'disco fetch linux'), ${PATH_DOC}.`),
    bootArgs: string('linux-generic: kernel command line (empty means the kernel.json\'s).', { default: '' }),
    initrd: string(`linux-generic: initial RAM disk (default: the kernel.json's), ${PATH_DOC}.`),
    loadAddress: string('linux-generic raw image: its kseg0 link address, e.g. "0x80100000".', HEX_ADDRESS),
    entry: string('linux-generic raw image: its entry point.', HEX_ADDRESS),
    symbols: string(`linux-generic: System.map for --break and symbolic addresses (default: the kernel.json's), ${PATH_DOC}.`),
  },
  ['kernel'],
  // The disco board (the default) takes none of the linux-generic board's hand-over fields.
  { schemaRules: { if: { properties: { board: { const: 'disco' } } }, then: { properties: Object.fromEntries(LINUX_ONLY.map((k) => [k, false])) } } },
);

const root = object<Omit<DiscoConfig, 'file'>>(
  'A Disco Studio guest configuration.',
  {
    machine,
    monitor,
    vms: arrayOf('Virtual machines run under the monitor.', vm, 64),
    bare,
  },
  [],
  // A bare kernel runs without the monitor, so monitor settings would do nothing.
  { schemaRules: { dependencies: { bare: { properties: { monitor: false } } } } },
);

/** The JSON Schema shipped with the extension for `*.disco.json` (generated, see scripts/generate-schema.ts). */
export function discoConfigSchema(): JsonSchema {
  // allowComments/allowTrailingCommas: VS Code's JSON editor then accepts what jsonc-parser accepts here.
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Disco Studio guest configuration', allowComments: true, allowTrailingCommas: true, ...root.schema() };
}

/** A config's text checked: what an editor shows (tree, ranges) and, when nothing is wrong, the config. */
export interface ConfigAnalysis {
  /** jsonc-parser's tree, with offsets; undefined for empty text. */
  readonly tree: JsonNode | undefined;
  readonly syntaxErrors: readonly ConfigDiagnostic[];
  /** Validation problems, each with its JSON path first (`vms[1].vcpus: …`). */
  readonly problems: readonly ConfigDiagnostic[];
  /** The validated config with absolute paths; undefined when there is any error. */
  readonly config: DiscoConfig | undefined;
}

/** Parses and validates a guest config's text, collecting every problem (validation runs on the recovered tree). */
export function analyzeConfig(text: string, file: string, files: FileAccessor): ConfigAnalysis {
  const source = parseJsonSource(text, file);
  const p = new Problems(source);
  const tree = source.tree;
  const raw = tree === undefined ? undefined : root.validate(tree, '', p);
  if (raw !== undefined && tree !== undefined) crossCheck(raw, tree, p, file, files);
  const ok = raw !== undefined && p.list.length === 0 && source.syntaxErrors.length === 0;
  return { tree, syntaxErrors: source.syntaxErrors, problems: p.list, config: ok ? resolvePaths(raw, file, files) : undefined };
}

/** Parses and validates a guest config; throws a DiagnosticError carrying every problem at once. */
export function loadConfig(text: string, file: string, files: FileAccessor): DiscoConfig {
  const a = analyzeConfig(text, file, files);
  if (a.config === undefined) throw new DiagnosticError([...a.syntaxErrors, ...a.problems]);
  return a.config;
}

/** The config with every file path made absolute (relative to the config file). */
function resolvePaths(raw: Omit<DiscoConfig, 'file'>, file: string, files: FileAccessor): DiscoConfig {
  const resolve = (rel: string) => files.resolve(file, rel);
  const vms = raw.vms.map((v) => ({
    ...v,
    kernel: resolve(v.kernel),
    disks: v.disks.map((d) => ({ ...d, image: resolve(d.image) })),
    ...(v.initrd === undefined ? {} : { initrd: resolve(v.initrd) }),
    ...(v.symbols === undefined ? {} : { symbols: resolve(v.symbols) }),
  }));
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
