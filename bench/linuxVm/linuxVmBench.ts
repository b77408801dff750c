// Debian's Linux as a VM on the virtualization assist against the bare linux-generic board, and
// the cost of one privileged instruction trapped and emulated (the paper's path, a guest OS VM)
// against executed by the assist (docs/linux-vm.md), with host times: the measurements of
// `disco experiments linux-vm` (debug-adapter/cli/linuxVmMeasure.ts) at bench sizes.
// Writes bench/results/linux-vm.json and the Linux VM section of bench/README.md.
// Run: npx tsx bench/linuxVm/linuxVmBench.ts   (after npm run fetch-linux)

import { join } from 'node:path';
import { benchMachine, replaceReadmeSection, scriptCommand, writeBenchResult } from '../../debug-adapter/cli/benchRecord';
import { assistedOp, bareLinuxBoot, PRIVILEGED_OPS, trappedOp, vmLinuxBoot } from '../../debug-adapter/cli/linuxVmMeasure';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';

const ROOT = join(import.meta.dirname, '..', '..');
const KERNEL = join(ROOT, '.cache/linux/kernel.json');
const MEMORY_MB = 48;
const ITERATIONS = 50_000;
const END = '<!-- end of the Linux VM section -->\n';
const env = { files: nodeIo().files, guestInclude: join(ROOT, 'guest/include') };

const date = new Date().toISOString();
const machine = benchMachine();
const ops = Object.fromEntries(PRIVILEGED_OPS.map((k) => [k, { trapped: trappedOp(env, k, ITERATIONS), assisted: assistedOp(env, k, ITERATIONS) }]));
const bare = bareLinuxBoot(env, KERNEL, MEMORY_MB);
const vm = vmLinuxBoot(env, KERNEL, MEMORY_MB);
const command = scriptCommand(ROOT);
writeBenchResult(join(ROOT, 'bench', 'results', 'linux-vm.json'), { command, date, machine, memoryMB: MEMORY_MB, iterations: ITERATIONS, boot: { bare, vm }, perPrivilegedInstruction: ops });

const r = (v: number, d = 1): string => v.toFixed(d);
const exits = Object.values(vm.exits).reduce((a, b) => a + b, 0);
const assisted = Object.values(vm.assisted).reduce((a, b) => a + b, 0);
const section = `## Linux VM (\`bench/linuxVm/\`)

Debian's kernel (kernel.json bootargs) to the busybox prompt on the bare linux-generic board of
${MEMORY_MB} MB and as one ${MEMORY_MB} MB VM under the monitor on the virtualization assist, both at
200 MHz; and one privileged instruction trapped and emulated (a guest OS VM) against executed by
the assist (guest mode, [docs/linux-vm.md](../docs/linux-vm.md)), ${ITERATIONS * 8} of each. Cycles are
the CPU's clock, monitor cycles included, the loops' own instructions subtracted. Recorded
${date.slice(0, 10)} by \`${command}\` on ${machine.cores} × ${machine.cpu} (Node ${machine.node}, load
average ${machine.load}); figures in [results/linux-vm.json](results/linux-vm.json).

| boot to "/ # " | M instructions | M cycles | wall s |
|---|---|---|---|
| bare board | ${r(bare.instructions / 1e6)} | ${r(bare.cycles / 1e6)} | ${r(bare.seconds)} |
| VM on the assist | ${r(vm.instructions / 1e6)} | ${r(vm.cycles / 1e6)} | ${r(vm.seconds)} |

The VM's boot took ${exits} guest exits (${Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ')}) and
${r(vm.monitorCycles / 1e6, 2)} M monitor cycles; the assist executed ${assisted} privileged instructions
without the monitor.

| instruction | trapped cycles | assisted cycles | trapped ns (host) | assisted ns (host) |
|---|---|---|---|---|
${Object.entries(ops).map(([k, v]) => `| ${k} | ${r(v.trapped.cyclesPerOp)} | ${r(v.assisted.cyclesPerOp)} | ${r(v.trapped.nsPerOp)} | ${r(v.assisted.nsPerOp)} |`).join('\n')}
${END}`;
replaceReadmeSection(join(ROOT, 'bench', 'README.md'), '## Linux VM (`bench/linuxVm/`)', END, section);
process.stdout.write(section);
