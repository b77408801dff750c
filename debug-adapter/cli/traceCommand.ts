// `disco trace --user PROG.elf [--max N] [-- ARGS…]`: runs a static Linux o32 program one
// instruction at a time and prints one line per executed instruction (format in
// machine/instructionTrace.ts) on stdout; the program's own output goes to stderr.

import { InstructionTracer } from '../machine/instructionTrace';
import { UserError } from '../util/diagnostic';
import { parseArgs, parseNumberArg } from './args';
import type { CliIo, Command } from './command';
import { createUserProcess, splitGuestArgs } from './userProgram';

export const traceCommand: Command = {
  name: 'trace',
  summary: 'print every executed instruction of a Linux o32 program with the registers it changed',
  usage: `usage: disco trace --user PROG.elf [--max N] [-- ARGS...]

Runs PROG.elf like 'disco run --user' but instruction by instruction, printing on stdout

  <n> <pc> <word>[ ds][ <reg>=<value>...]

n counts from 0; pc, word and values are 8 hex digits; 'ds' marks a branch delay slot; the
registers listed are those the instruction changed: r1-r31, hi, lo, f0-f31 (FPR words), fcsr.
The program's own stdout is sent to stderr so that the trace stays clean.

  --max N    stop after N instructions
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { own, guest } = splitGuestArgs(argv);
    const args = parseArgs('trace', own, { values: ['user', 'max'] });
    const program = args.values.get('user');
    if (program === undefined) throw new UserError('disco trace: give --user PROG.elf');
    if (args.positional.length > 0) throw new UserError(`disco trace: unexpected argument '${args.positional[0]}'`);
    const maxText = args.values.get('max');
    const max = maxText === undefined ? Infinity : parseNumberArg('trace', '--max', maxText);
    const proc = createUserProcess(io, program, guest, { stdoutToStderr: true });
    const tracer = new InstructionTracer(proc.cpu);
    const lines: string[] = [];
    for (let n = 0; n < max && !proc.exited; n++) {
      lines.push(tracer.step());
      if (lines.length >= 4096) io.stdout(`${lines.splice(0).join('\n')}\n`);
    }
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    return proc.exited ? proc.exited.status : 0;
  },
};
