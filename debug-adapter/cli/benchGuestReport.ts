// The guest OS benchmark's result (bench/results/guest.json) and its section of bench/README.md
// (between marker comments, so the other benchmarks' sections stay untouched).

import { machineLine, replaceReadmeSection, type BenchMachine } from './benchRecord';

const BEGIN = '<!-- disco bench guest: begin -->';
const END = '<!-- disco bench guest: end -->';

/** Timed runs of one workload in one setting (bare or under the monitor, fast or timing mode). */
export interface GuestTimes {
  readonly instructions: number;
  readonly seconds: readonly number[];
  readonly median: number;
  readonly mips: number;
  /** Main-thread CPU seconds of each run and their median (null where unknown). */
  readonly cpuSeconds: readonly (number | null)[];
  readonly cpuMedian: number | null;
  /** Share of the median run's host time spent in the monitor's trap path (0 bare). */
  readonly monitorShare: number;
  /** Exceptions taken (traps into the monitor under it). */
  readonly exceptions: number;
}

export interface GuestWorkloadResult {
  readonly name: string;
  /** init's $a0 (the workload's bit) and $a1 (its scale). */
  readonly mask: number;
  readonly scale: number;
  readonly bare: GuestTimes;
  readonly monitor: GuestTimes;
  readonly bareTiming: GuestTimes | null;
  readonly monitorTiming: GuestTimes | null;
}

/** A figure of the whole run, with its target when it has one. */
export interface GuestFigure {
  readonly name: string;
  readonly value: string;
  readonly target: string | null;
  readonly met: boolean | null;
}

/** bench/guest/trap.S: one vCPU trapping on MFC0 in a loop, the round trip of one trap. */
export interface TrapRoundTrip {
  readonly traps: number;
  readonly seconds: readonly number[];
  /** Median wall microseconds per trap (guest instruction, machine exception, monitor, resume). */
  readonly usPerTrap: number;
  readonly monitorShare: number;
}

export interface GuestBenchResult {
  readonly benchmark: string;
  readonly size: string;
  readonly command: string;
  readonly date: string;
  readonly machine: BenchMachine;
  readonly cpus: number;
  readonly breakpoints: { readonly bare: readonly string[]; readonly monitor: readonly string[] };
  readonly workloads: readonly GuestWorkloadResult[];
  readonly trap: TrapRoundTrip;
  readonly figures: readonly GuestFigure[];
}

const fmtM = (n: number): string => `${(n / 1e6).toFixed(1)} M`;
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The result as the table the command prints and the README shows. */
export function guestTable(r: GuestBenchResult): string[] {
  const t = (g: GuestTimes | null): string => (g === null ? '' : `${g.median.toFixed(2)} s`);
  const cpu = (g: GuestTimes): string => (g.cpuMedian === null ? '' : ` (CPU ${g.cpuMedian.toFixed(2)} s)`);
  const rows = r.workloads.map((w) => {
    const speed = w.bare.median / w.monitor.median;
    return `| ${w.name} (scale ${w.scale}) | ${fmtM(w.bare.instructions)} | ${w.bare.median.toFixed(2)} s${cpu(w.bare)}, ${w.bare.mips} MIPS | ${fmtM(w.monitor.instructions)} | ${w.monitor.median.toFixed(2)} s${cpu(w.monitor)}, ${w.monitor.mips} MIPS | ${speed.toFixed(2)} | ${pct(w.monitor.monitorShare)} | ${w.monitor.exceptions} | ${t(w.bareTiming)} | ${t(w.monitorTiming)} |`;
  });
  return [
    '| workload | bare instructions | bare | monitor instructions | monitor | speed (bare s / monitor s) | host time in the monitor | traps | bare, timing mode | monitor, timing mode |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| figure | value | target | |',
    '|---|---|---|---|',
    `| trap round trip (bench/guest/trap.S: ${r.trap.traps} trapped MFC0) | ${r.trap.usPerTrap} µs, ${pct(r.trap.monitorShare)} in the monitor |  |  |`,
    ...r.figures.map((f) => `| ${f.name} | ${f.value} | ${f.target ?? ''} | ${f.met === null ? '' : f.met ? 'met' : '**missed**'} |`),
  ];
}

/** Replaces (or appends) the guest OS section of the benchmarks README. */
export function updateGuestReadme(file: string, r: GuestBenchResult): void {
  const section = [
    BEGIN,
    '## Guest OS, bare and under the monitor (`disco bench guest`)',
    '',
    '```sh',
    `node dist/cli.js ${r.command.replace(/^disco /, '')}`,
    '```',
    '',
    `The guest OS (\`guest/kernel\`) runs each workload of \`init\` (docs/guest-os.md) from a disk of its own, on ${r.cpus} CPUs:`,
    'bare on the Disco board (the bare kernel build), then as the one VM of the monitor with as many vCPUs (the guest',
    'build, 64 MB VM on a 128 MB machine; the bare board gets the VM\'s 64 MB), each with ten breakpoints it never reaches',
    '(eight just past the kernel\'s text, two in unused user pages), in fast mode and then in timing mode (the config\'s',
    'default caches). Both runs must print the same console lines and end with `init: done`. Times are in the bench',
    'process, from building the machine (kernels assembled and disks built beforehand) to the power-off, after one',
    'untimed run of each kind (the small pmake) warms the engine up; the median of the runs. "Host time in the',
    'monitor" is the time inside the machine\'s exception hook (`MonitorCore.handle` and the `resume` it ends with)',
    'measured with `performance.now()`; the totals sum instructions and median seconds. CPU is the main thread\'s',
    'CPU time (`/proc/self/task/PID/stat`), which other work on the machine disturbs far less than wall time. The trap round trip is',
    '`bench/guest/trap.S` (one vCPU reading Count with MFC0 10^6 times) under the monitor: wall time per trap.',
    '',
    `${r.date.slice(0, 10)}, ${machineLine(r.machine)}, size ${r.size}:`,
    '',
    ...guestTable(r),
    '',
    'Written by the command above: `bench/results/guest.json` (every run, breakpoints, machine).',
    END,
  ].join('\n');
  replaceReadmeSection(file, BEGIN, END, section);
}
