// Builds a Disco monitor from small guest kernels written in the tests (GNU as syntax, through
// our assembler, with monitor.h from the generator) and a config assembled from options, all in
// an in-memory file system (disk images by name, possibly kept for a later monitor); reads
// guest-physical words back through the VM's pmap.
import { loadConfig } from '../../../debug-adapter/config/discoConfig';
import type { CostModel } from '../../../debug-adapter/monitor/costModel';
import { DiscoMonitor, type MonitorStop } from '../../../debug-adapter/monitor/monitor';
import { monitorHeaderText } from '../../../debug-adapter/monitor/monitorHeader';
import { MemoryFileAccessor } from '../../../debug-adapter/util/fileAccessor';

/** Guest-physical address where the test kernels store their results. */
export const RESULTS_GPA = 0x700000;

/**
 * Common prologue: vectors at the start of .text (refill at +0, general at +0x180), EBase set
 * to them, then the test's `main`. Tests define `refill`, `general` and `main`. $s7 = special page.
 * Macros: HALT code; REFILL_LINEAR va, gpa, a refill handler's tail that maps BadVAddr's page pair
 * at va + n*8K onto guest-physical gpa + n*8K (dirty, valid), then TLBWR and ERET.
 */
export const PROLOGUE = `#include <disco/monitor.h>
	.set noreorder
	.text
vectors:
	j refill
	nop
	.org 0x180
	j general
	nop
	.globl __start
__start:
	la $t0, vectors
	mtc0 $t0, $15, 1
	li $s7, SPECIAL_PAGE_VADDR
	li $s6, GUEST_KSEG0_BASE + ${RESULTS_GPA}
	j main
	nop
	.macro HALT code
	li $a0, \\code
	li $v0, MC_HALT
	MONITOR_CALL
	.endm
	.macro REFILL_LINEAR va, gpa
	mfc0 $k0, $8
	li $k1, \\va
	subu $k0, $k0, $k1
	srl $k0, $k0, 13
	sll $k0, $k0, 13
	li $k1, \\gpa
	addu $k0, $k0, $k1
	srl $k0, $k0, 12
	sll $k0, $k0, 6
	ori $k0, $k0, 0x6
	mtc0 $k0, $2
	addiu $k0, $k0, 0x40
	mtc0 $k0, $3
	tlbwr
	eret
	.endm
`;

/** A disk naming an image of HarnessOptions.images (several VMs may name the same one). */
export interface DiskSpec {
  readonly image: string;
  readonly mode: 'shared-cow' | 'private' | 'persistent';
}

export interface VmOptions {
  readonly kernel: string;
  readonly vcpus?: number;
  readonly memoryMB?: number;
  readonly network?: boolean;
  /** Bytes (a shared-cow disk of its own) or a DiskSpec. */
  readonly disks?: readonly (Uint8Array | DiskSpec)[];
}

export interface HarnessOptions {
  readonly cpus?: number;
  readonly memoryMB?: number;
  readonly tlbEntries?: number;
  /** Further machine fields (mode, nodes, caches…). */
  readonly machine?: Record<string, unknown>;
  readonly monitor?: Record<string, unknown>;
  /** Cost model entries replacing the defaults. */
  readonly costs?: Partial<CostModel>;
  /** VMs that boot the same kernel share its pages (the monitor's default, true). */
  readonly kernelSharing?: boolean;
  /** Disk images by name, stored as /cfg/<name>. */
  readonly images?: Readonly<Record<string, Uint8Array>>;
  /** The file system to build in (a later monitor sees what an earlier one wrote); a fresh one by default. */
  readonly files?: MemoryFileAccessor;
}

export interface Harness {
  readonly monitor: DiscoMonitor;
  readonly lines: string[];
}

export function buildMonitor(vms: readonly VmOptions[], o: HarnessOptions = {}): Harness {
  const files: Record<string, string | Uint8Array> = { '/inc/disco/monitor.h': monitorHeaderText() };
  const vmJson = vms.map((v, i) => {
    files[`/cfg/k${i}.S`] = v.kernel;
    const disks = (v.disks ?? []).map((d, j) => {
      if (!(d instanceof Uint8Array)) return d;
      files[`/cfg/d${i}_${j}.img`] = d;
      return { image: `d${i}_${j}.img`, mode: 'shared-cow' };
    });
    return { name: `vm${i}`, vcpus: v.vcpus ?? 1, memoryMB: v.memoryMB ?? 8, kernel: `k${i}.S`, network: v.network ?? false, disks };
  });
  const cfg = {
    machine: { cpus: o.cpus ?? 1, memoryMB: o.memoryMB ?? 64, tlbEntries: o.tlbEntries ?? 16, ...o.machine },
    monitor: { timeSliceCycles: 20000, ...o.monitor },
    vms: vmJson,
  };
  files['/cfg/t.disco.json'] = JSON.stringify(cfg);
  const fs = o.files ?? new MemoryFileAccessor();
  for (const [path, content] of Object.entries(files)) fs.replaceFile(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  // An image already there is what an earlier monitor left: never replaced.
  for (const [name, bytes] of Object.entries(o.images ?? {})) if (!fs.exists(`/cfg/${name}`)) fs.replaceFile(`/cfg/${name}`, bytes);
  const config = loadConfig(JSON.stringify(cfg), '/cfg/t.disco.json', fs);
  const lines: string[] = [];
  const monitor = new DiscoMonitor({ config, files: fs, includeDirs: ['/inc'], console: (vm, line) => lines.push(`[${vm}] ${line}`), ...(o.costs === undefined ? {} : { costs: o.costs }), ...(o.kernelSharing === undefined ? {} : { kernelSharing: o.kernelSharing }) });
  return { monitor, lines };
}

/** Runs until every VM ended (or the budget ran out). */
export function runToEnd(h: Harness, budget = 5_000_000): MonitorStop {
  let stop: MonitorStop = { reason: 'limit' };
  for (let used = 0; used < budget && stop.reason === 'limit'; used += 100_000) stop = h.monitor.run(100_000);
  return stop;
}

/** Word `i` of the results area of VM `vm` (0 when the page was never touched). */
export function result(h: Harness, vm: number, i: number, base = RESULTS_GPA): number {
  const v = h.monitor.vms[vm];
  if (v === undefined) throw new Error(`no VM ${vm}`);
  const gpa = base + 4 * i;
  const m = v.pmap.mppn[gpa >>> 12] as number;
  return m < 0 ? 0 : h.monitor.machine.memory.read32(m * 4096 + (gpa & 4095)) >>> 0;
}
