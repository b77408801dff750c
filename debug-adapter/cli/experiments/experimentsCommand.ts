// `disco experiments [overhead|memory|scalability|numa] [--out DIR] [--full]`: the paper's
// experiments on the project's own guest workloads in timing mode. Each prints its table beside
// the paper's numbers and writes its figure as DIR/NAME.svg; all write DIR/results.json.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/diagnostic';
import { parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import type { Experiment, ExperimentOutput, ExperimentSize } from './experiment';
import { runKit } from './guestRuns';
import { linuxVm } from './linuxVm';
import { memory } from './memory';
import { numa } from './numaPlacement';
import { overhead } from './overhead';
import { scalability } from './scalability';

export const EXPERIMENTS: readonly Experiment[] = [overhead, memory, scalability, numa, linuxVm];

const USAGE = `usage: disco experiments [overhead|memory|scalability|numa|linux-vm] [--out DIR] [--full]

Runs the Disco paper's experiments on the guest OS's workloads in timing mode and prints each
table beside the paper's numbers (docs/experiments.md); linux-vm compares a privileged
instruction trapped and emulated with one executed by the virtualization assist, and boots
Debian's Linux as a VM and on the bare board when fetched (docs/linux-vm.md). Without a name,
runs them all.
  --out DIR   where the figures (NAME.svg), results.json and the disk images go (default experiments-out)
  --full      the paper's sizes (slow); the default sizes run in a few minutes
`;

/** Runs the named experiments (all when empty) and writes their outputs into outDir. */
export function runExperiments(io: CliIo, names: readonly string[], outDir: string, size: ExperimentSize): ExperimentOutput[] {
  const chosen = names.length === 0 ? EXPERIMENTS : names.map((n) => EXPERIMENTS.find((e) => e.name === n) ?? unknown(n));
  fs.mkdirSync(outDir, { recursive: true });
  const kit = runKit(io, outDir);
  const outputs = chosen.map((e) => {
    const out = e.run(kit, size);
    io.stdout(`== ${out.name}\n${out.table}\n`);
    io.writeFile(path.join(outDir, `${out.name}.svg`), out.svg);
    return out;
  });
  const results = Object.fromEntries(outputs.map((o) => [o.name, o.rows]));
  io.writeFile(path.join(outDir, 'results.json'), `${JSON.stringify({ size, ...results }, null, 2)}\n`);
  return outputs;
}

function unknown(name: string): never {
  throw new UserError(`disco experiments: unknown experiment '${name}' (one of ${EXPERIMENTS.map((e) => e.name).join(', ')})`);
}

export const experimentsCommand: Command = {
  name: 'experiments',
  summary: 'the paper\'s experiments: tables beside the paper\'s numbers, SVG figures and results.json',
  usage: USAGE,
  async run(args, io) {
    const p = parseArgs('experiments', args, { values: ['out', 'size'], switches: ['full'] });
    const hidden = p.values.get('size');
    if (hidden !== undefined && hidden !== 'tiny' && hidden !== 'default') throw new UserError(`disco experiments: --size ${hidden}: tiny or default`);
    const size: ExperimentSize = p.switches.has('full') ? 'full' : (hidden ?? 'default');
    runExperiments(io, p.positional, path.resolve(p.values.get('out') ?? 'experiments-out'), size);
    return 0;
  },
};
