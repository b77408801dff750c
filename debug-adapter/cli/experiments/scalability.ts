// Figure 7: the pmake workload on 8 CPUs, bare, then under the monitor as 1 VM of 8 vCPUs, 2 of
// 4, 4 of 2 and 8 of 1, the same total number of jobs split among the VMs; time normalized to
// bare = 100 (each configuration's boot subtracted).

import { type Experiment, type ExperimentSize, minusBoot } from './experiment';
import { guestImage, runBare, type RunKit, runVms, WORKLOAD_BITS } from './guestRuns';
import { svgChart } from './svgChart';
import { textTable } from './textTable';

/** Figure 7, Pmake, bare IRIX = 100. */
const PAPER: Record<string, number> = { bare: 100, '1 VM': 136, '2 VMs': 92, '4 VMs': 64, '8 VMs': 60 };
/** Jobs scale for the whole machine (divided among the VMs). */
const SCALE: Record<ExperimentSize, number> = { tiny: 2, default: 16, full: 64 };
const CPUS: Record<ExperimentSize, number> = { tiny: 2, default: 8, full: 8 };

const WHY = 'Our guest kernel has one big kernel lock around few, short critical sections and no memlock-like hot spot, so one large VM loses less to contention than IRIX did (136); several VMs still win because each runs its own kernel, without the shared lock and the cache lines it bounces between CPUs.';

export const scalability: Experiment = {
  name: 'scalability',
  run(kit: RunKit, size: ExperimentSize) {
    const cpus = CPUS[size];
    const scale = SCALE[size];
    const machine = { cpus, memoryMB: 160 };
    const bare = minusBoot(runBare(kit, machine, guestImage(kit, WORKLOAD_BITS.pmake, scale)), runBare(kit, machine, guestImage(kit, 0, scale)));
    const counts = [1, 2, 4, 8].filter((n) => n <= cpus);
    const configs = counts.map((n) => {
      const each = Math.max(1, Math.floor(scale / n));
      const vms = (mask: number): { vcpus: number; memoryMB: number; image: string }[] =>
        Array.from({ length: n }, () => ({ vcpus: cpus / n, memoryMB: Math.floor(128 / n), image: guestImage(kit, mask, each) }));
      const run = minusBoot(runVms(kit, machine, vms(WORKLOAD_BITS.pmake)), runVms(kit, machine, vms(0)));
      return { config: n === 1 ? '1 VM' : `${n} VMs`, cycles: run.cycles };
    });
    const rows = [{ config: 'bare', cycles: bare.cycles }, ...configs].map((c) => ({
      config: c.config,
      normalizedTime: Math.round((1000 * c.cycles) / bare.cycles) / 10,
      paperNormalizedTime: PAPER[c.config] ?? 0,
    }));
    const table = textTable(['config', 'normalized time', 'paper'], rows.map((r) => ({ cells: [r.config, r.normalizedTime, r.paperNormalizedTime] })));
    const svg = svgChart({
      title: `Scalability (Figure 7): pmake on ${cpus} CPUs, bare = 100`,
      yLabel: 'normalized time',
      segments: ['time'],
      bars: rows.map((r) => ({ label: r.config, values: [r.normalizedTime], paper: r.paperNormalizedTime })),
    });
    return { name: 'scalability', rows, table: `${table}${WHY}\n`, svg };
  },
};
