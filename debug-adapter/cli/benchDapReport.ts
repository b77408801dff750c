// The debug adapter benchmark's result (bench/results/dap.json) and its section of
// bench/README.md (between marker comments, so the other benchmarks' sections stay untouched).

import { machineLine, replaceReadmeSection, type BenchMachine } from './benchRecord';

const BEGIN = '<!-- disco bench dap: begin -->';
const END = '<!-- disco bench dap: end -->';

/** One measured figure: every sample, the median, and the target when it has one. */
export interface DapFigure {
  readonly name: string;
  readonly unit: 'ms' | '%';
  readonly samples: readonly number[];
  readonly median: number;
  readonly target: number | null;
  readonly met: boolean | null;
}

export interface DapBenchResult {
  readonly benchmark: string;
  readonly command: string;
  readonly date: string;
  readonly machine: BenchMachine;
  readonly figures: readonly DapFigure[];
}

/** Replaces (or appends) the DAP section of the benchmarks README. */
export function updateDapReadme(file: string, r: DapBenchResult): void {
  const rows = r.figures.map((f) => `| ${f.name} | ${f.median} ${f.unit} | ${f.target === null ? '' : `≤ ${f.target} ${f.unit}`} | ${f.met === null ? '' : f.met ? 'met' : '**missed**'} |`);
  const section = [
    BEGIN,
    '## Debug adapter (`disco bench dap`)',
    '',
    '```sh',
    `node dist/cli.js ${r.command.replace(/^disco /, '')}`,
    '```',
    '',
    'A DebugClient (`@vscode/debugadapter-testsupport`) drives `dist/debugAdapter.js` as a separate',
    'process over stdio and times what a user waits for, from the request to the event that ends it:',
    'launch (spawn, initialize, launch, configurationDone) to the first stop of `examples/multi-vm`;',
    'an instruction step; a reverse instruction step after `bench/dap/loop.S` ran 10^8 instructions',
    '(snapshots every 10^6, the default); `disco/pmap` and `disco/memmap` on `bench/dap/big.disco.json`',
    '(1 GiB machine, one 511 MB VM whose kernel touched every page). Debian\'s Linux (`examples/linux`)',
    'booting to a breakpoint at `init_IRQ` (about 160 M instructions), alternately with and without 20',
    'more function breakpoints on functions it has not reached yet, each in a page of its own; the same',
    'boot and `examples/multi-vm` run to its end through the adapter (spawn, launch, continue) against',
    '`disco run` (spawn to exit). Medians of every sample.',
    '',
    `${r.date.slice(0, 10)}, ${machineLine(r.machine)}:`,
    '',
    '| figure | median | target | |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Written by the command above: `bench/results/dap.json` (every sample, command line, machine).',
    END,
  ].join('\n');
  replaceReadmeSection(file, BEGIN, END, section);
}
