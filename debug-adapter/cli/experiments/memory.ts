// Figure 6: the memory footprint of 1, 2, 4 and 8 VMs each running pmake from one shared-cow
// disk image, as the monitor's footprint counts it (footprint.ts): virtual = the guest-physical
// pages the VMs touched; machine = the machine pages backing them once.

import { loadConfig } from '../../config/discoConfig';
import { FILE_SERVER_CONFIG, runFootprint } from '../../monitor/footprintRun';
import { findInCheckout } from '../checkout';
import { type Experiment, type ExperimentSize } from './experiment';
import { guestImage, type RunKit, runVms, WORKLOAD_BITS } from './guestRuns';
import { svgChart } from './svgChart';
import { textTable } from './textTable';

/** Figure 6, read off the paper's bars: virtual and machine MB. */
const PAPER: Record<number, readonly [number, number]> = { 1: [27, 27], 2: [36, 29], 4: [51, 33], 8: [77, 38] };
const SCALE: Record<ExperimentSize, number> = { tiny: 1, default: 2, full: 16 };
const VMS: Record<ExperimentSize, readonly number[]> = { tiny: [1, 2], default: [1, 2, 4, 8], full: [1, 2, 4, 8] };

const mb = (pages: number): number => Math.round((pages * 4096 * 10) / (1024 * 1024)) / 10;

export const memory: Experiment = {
  name: 'memory',
  run(kit: RunKit, size: ExperimentSize) {
    const image = guestImage(kit, WORKLOAD_BITS.pmake, SCALE[size]);
    const rows = VMS[size].map((n) => {
      const cpus = Math.max(n, 2);
      const r = runVms(kit, { cpus, memoryMB: 16 * n + 16 }, Array.from({ length: n }, () => ({ vcpus: cpus / n >= 1 ? Math.floor(cpus / n) : 1, memoryMB: 16, image })));
      const s = r.stats;
      if (s === undefined) throw new Error('a run under the monitor has statistics');
      const [pv, pm] = PAPER[n] ?? [0, 0];
      return { config: n === 1 ? '1 VM' : `${n} VMs`, vms: n, virtualMB: mb(s.footprint.virtualPages), machineMB: mb(s.footprint.machinePages), paperVirtualMB: pv, paperMachineMB: pm };
    });
    // The paper's "8 VMs + NFS": one file server and seven clients (examples/file-server).
    const serverConfig = findInCheckout(FILE_SERVER_CONFIG);
    const nfs = runFootprint(loadConfig(new TextDecoder().decode(kit.io.files.readFile(serverConfig)), serverConfig, kit.io.files), kit.io.files).footprint;
    rows.push({ config: '8 VMs + file server', vms: 8, virtualMB: mb(nfs.virtualPages), machineMB: mb(nfs.machinePages), paperVirtualMB: 81, paperMachineMB: 40 });
    const table = textTable(
      ['config', 'virtual MB', 'machine MB', 'paper virtual MB', 'paper machine MB'],
      rows.map((r) => ({ cells: [r.config, r.virtualMB, r.machineMB, r.paperVirtualMB, r.paperMachineMB] })),
    );
    const why = 'Our guest kernel and its programs are a few hundred KB, not IRIX\'s 23 MB, so the absolute sizes are far smaller; what carries over is the shape: virtual memory grows with every VM while machine memory grows only by each VM\'s private pages, because the monitor\'s kernel image cache maps one copy of each whole page of the kernel into every VM (a VM\'s write to its kernel data gets a private copy, the text stays shared) and the programs\' pages come from the global disk cache once. With the file server, the file pages the clients read are remapped from the server\'s cache, not copied.\n';
    const svg = svgChart({
      title: 'Memory footprint (Figure 6): virtual vs machine',
      yLabel: 'MB',
      segments: ['virtual', 'machine'],
      bars: rows.flatMap((r) => [
        { label: `${r.config.replace(' + file server', '+FS')} V`, values: [r.virtualMB, 0] },
        { label: `${r.config.replace(' + file server', '+FS')} M`, values: [0, r.machineMB] },
      ]),
    });
    return { name: 'memory', rows, table: table + why, svg };
  },
};
