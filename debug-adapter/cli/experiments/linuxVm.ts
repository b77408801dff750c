// Linux VMs on the virtualization assist against the paper's trap-and-emulate path
// (docs/linux-vm.md): the cost of one privileged instruction trapped and emulated (a guest OS
// VM) against executed by the assist (guest mode), in emulated cycles (host times, which do not
// repeat, are bench/linuxVm's); and, when
// Debian's kernel has been fetched (disco fetch linux) and the size is not tiny, its boot to the
// busybox prompt as a VM against the bare linux-generic board. The paper has no such figure: its
// IRIX ran only trap-and-emulate.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { assistedOp, bareLinuxBoot, PRIVILEGED_OPS, trappedOp, vmLinuxBoot } from '../linuxVmMeasure';
import type { Experiment, ExperimentSize } from './experiment';
import type { RunKit } from './guestRuns';
import { svgChart } from './svgChart';
import { textTable } from './textTable';

const ITERATIONS: Record<ExperimentSize, number> = { tiny: 500, default: 20_000, full: 100_000 };
/** The Linux VM's memory, and the bare board's. */
const LINUX_MB = 48;

const WHY = 'Trapped: Coprocessor Unusable, the monitor decodes and emulates the instruction against the virtual CP0, and returns (the cost model charges its path). Assisted: the CPU executes it against the guest CP0 copy in guest mode, one cycle, no monitor.';

export const linuxVm: Experiment = {
  name: 'linux-vm',
  run(kit: RunKit, size: ExperimentSize) {
    const guest = path.dirname(path.dirname(kit.kernel));
    const env = { files: kit.io.files, guestInclude: path.join(guest, 'include') };
    const n = ITERATIONS[size];
    const ops = PRIVILEGED_OPS.map((k) => ({ k, trapped: trappedOp(env, k, n), assisted: assistedOp(env, k, n) }));
    const rows = ops.map((o) => ({ instruction: o.k, trappedCycles: Number(o.trapped.cyclesPerOp.toFixed(2)), assistedCycles: Number(o.assisted.cyclesPerOp.toFixed(2)) }));
    const table = [textTable(['instruction', 'trapped cycles', 'assisted cycles'], rows.map((r) => ({ cells: [r.instruction, r.trappedCycles, r.assistedCycles] })))];
    const kernelJson = path.join(guest, '..', '.cache', 'linux', 'kernel.json');
    if (size !== 'tiny' && fs.existsSync(kernelJson)) {
      const bare = bareLinuxBoot(env, kernelJson, LINUX_MB);
      const vm = vmLinuxBoot(env, kernelJson, LINUX_MB);
      const exits = Object.values(vm.exits).reduce((a, b) => a + b, 0);
      table.push(textTable(['boot to "/ # "', 'M instructions', 'M cycles'], [bare, vm].map((b, i) => ({ cells: [i === 0 ? 'bare board' : 'VM on the assist', b.instructions / 1e6, b.cycles / 1e6] }))));
      table.push(`The VM took ${exits} guest exits (${Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ')}) and ${(vm.monitorCycles / 1e6).toFixed(2)} M monitor cycles.\n`);
    } else table.push(size === 'tiny' ? 'Linux boot: not at the tiny size.\n' : `Linux boot: ${kernelJson} not found (disco fetch linux).\n`);
    const svg = svgChart({
      title: 'One privileged instruction: trapped and emulated vs. executed by the assist',
      yLabel: 'cycles',
      segments: ['cycles'],
      bars: ops.flatMap((o) => [{ label: `${o.k} trapped`, values: [o.trapped.cyclesPerOp] }, { label: `${o.k} assisted`, values: [o.assisted.cyclesPerOp] }]),
    });
    return { name: 'linux-vm', rows, table: `${table.join('')}${WHY}\n`, svg };
  },
};
