// Debug Console commands for the monitor (`help`, `vms`, `pmap`, `tlb`, `vtlb`, `l2tlb`,
// `memmap`, `translate`, `stats`/`counters`) and completions for a partly typed line. A line
// whose first word is a command runs it; anything else is an expression (expression.ts).
// Numeric arguments are expressions too (`pmap server 0x120000`, `translate client $sp + 8`),
// written without spaces except for the last argument of `translate`.
// Mistakes give one line: the reason and the command's usage.

import { UserError } from '../util/diagnostic';
import { evaluateExpression, ExpressionError } from './expression';
import { GPR_ABI_NAMES } from '../isa';
import { l2tlbLines, memmapLines, pmapLines, statsLines, tlbLines, translateLines, vcpuThread, vmsLines, vtlbLines } from './monitorTables';
import type { DebugTarget, DebugThread } from './target';
import { monitorOf } from './views';

/** Pages `pmap` shows when no count is given. */
export const PMAP_DEFAULT_PAGES = 32;

export interface ConsoleOutput {
  readonly lines: readonly string[];
  /** True when the line was a mistake (lines then hold one message). */
  readonly error: boolean;
}

/** A completion for the Debug Console: replace `length` characters at `start` (0-based) by `text`. */
export interface ConsoleCompletion {
  readonly label: string;
  readonly text: string;
  readonly start: number;
  readonly length: number;
  readonly type: 'keyword' | 'module' | 'variable' | 'function';
}

interface Command {
  readonly usage: string;
  readonly summary: string;
  /** Completion kinds of the arguments, by position. */
  readonly args: readonly ('vm' | 'vcpu' | 'cpu' | 'command')[];
  run(target: DebugTarget, args: readonly string[], thread: DebugThread | undefined): string[];
}

/** Evaluates a numeric argument for a thread (symbols in its VM), or fails with the argument named. */
function number(target: DebugTarget, text: string | undefined, what: string, thread?: DebugThread): number {
  if (text === undefined) throw new UserError(`missing ${what}`);
  const t = thread ?? target.threads[0];
  if (t === undefined) throw new UserError('the target has no threads');
  try {
    const v = evaluateExpression(target, t, text);
    if (v.kind !== 'number') throw new UserError(`${what} '${text}' is a string`);
    return v.value >>> 0;
  } catch (e) {
    if (e instanceof ExpressionError) throw new UserError(`${what} '${text}': ${e.message}`);
    throw e;
  }
}

function noExtra(args: readonly string[], max: number): void {
  if (args.length > max) throw new UserError(`unexpected '${args[max]}'`);
}

const COMMANDS: Readonly<Record<string, Command>> = {
  help: {
    usage: 'help [COMMAND]', summary: 'list the commands, or describe one', args: ['command'],
    run: (_t, args) => {
      noExtra(args, 1);
      const name = args[0];
      if (name !== undefined) {
        const c = COMMANDS[name];
        if (c === undefined) throw new UserError(`no command '${name}'`);
        return [`${c.usage}: ${c.summary}`];
      }
      const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
      return [
        ...Object.values(COMMANDS).map((c) => `${c.usage.padEnd(width)}  ${c.summary}`),
        'Anything else is an expression: $a0 + 4, *(u32*)$sp, vm == "server", $a0 = 5.',
      ];
    },
  },
  vms: {
    usage: 'vms', summary: 'the VMs, their vCPUs and the CPU each runs or waits on', args: [],
    run: (t, args) => (noExtra(args, 0), vmsLines(t)),
  },
  pmap: {
    usage: 'pmap VM [GPA] [PAGES]', summary: `a VM's pmap from guest-physical GPA (default 0), ${PMAP_DEFAULT_PAGES} pages`, args: ['vm'],
    run: (t, args) => {
      noExtra(args, 3);
      const vm = args[0];
      if (vm === undefined) throw new UserError('missing VM');
      const gpa = args[1] === undefined ? 0 : number(t, args[1], 'guest-physical address', vcpuThread(t, vm));
      const pages = args[2] === undefined ? PMAP_DEFAULT_PAGES : number(t, args[2], 'page count');
      return pmapLines(t, vm, Math.floor(gpa / 4096), pages);
    },
  },
  tlb: {
    usage: 'tlb cpuN', summary: "a physical CPU's hardware TLB (machine PFNs)", args: ['cpu'],
    run: (t, args) => {
      noExtra(args, 1);
      const m = /^(?:cpu)?([0-9]+)$/.exec(args[0] ?? '');
      const cpu = m === null ? undefined : t.machine.cpus[Number(m[1])];
      if (cpu === undefined) throw new UserError(args[0] === undefined ? 'missing CPU' : `no CPU '${args[0]}' (cpu0..cpu${t.machine.cpus.length - 1})`);
      return tlbLines(t, cpu);
    },
  },
  vtlb: {
    usage: 'vtlb VM.vcpuN', summary: 'the virtual TLB the guest wrote (guest-physical PFNs) and its last miss', args: ['vcpu'],
    run: (t, args) => (noExtra(args, 1), vtlbLines(t, vcpuThread(t, args[0] ?? missing('vCPU')))),
  },
  l2tlb: {
    usage: 'l2tlb VM.vcpuN', summary: "a vCPU's second-level software TLB", args: ['vcpu'],
    run: (t, args) => (noExtra(args, 1), l2tlbLines(t, vcpuThread(t, args[0] ?? missing('vCPU')))),
  },
  memmap: {
    usage: 'memmap ADDRESS [PAGES]', summary: 'machine pages from machine ADDRESS: owners, sharing, node', args: [],
    run: (t, args) => {
      noExtra(args, 2);
      monitorOf(t);
      const a = number(t, args[0], 'machine address');
      return memmapLines(t, Math.floor(a / 4096), args[1] === undefined ? 1 : number(t, args[1], 'page count'));
    },
  },
  translate: {
    usage: 'translate VM[.vcpuN] ADDRESS', summary: 'guest-virtual → guest-physical → machine, with the TLB entry or pmap slot of each step', args: ['vcpu'],
    run: (t, args) => {
      const thread = vcpuThread(t, args[0] ?? missing('VM'));
      return translateLines(t, thread, number(t, args.length > 1 ? args.slice(1).join(' ') : undefined, 'address', thread));
    },
  },
  stats: {
    usage: 'stats', summary: 'cycles, traps, TLB misses and monitor calls per VM and CPU', args: [],
    run: (t, args) => (noExtra(args, 0), statsLines(t)),
  },
  counters: {
    usage: 'counters', summary: 'the same as stats', args: [],
    run: (t, args) => (noExtra(args, 0), statsLines(t)),
  },
};

function missing(what: string): never {
  throw new UserError(`missing ${what}`);
}

const words = (line: string): string[] => line.trim().split(/\s+/).filter((w) => w !== '');

/** True when the line's first word is a console command (else it is an expression). */
export function isConsoleCommand(line: string): boolean {
  const w = words(line)[0];
  return w !== undefined && Object.hasOwn(COMMANDS, w);
}

/** Runs a console command line. */
export function runConsoleCommand(target: DebugTarget, line: string, thread?: DebugThread): ConsoleOutput {
  const [name, ...args] = words(line);
  const c = name === undefined ? undefined : COMMANDS[name];
  if (name === undefined || c === undefined || !isConsoleCommand(name)) {
    return { lines: [`unknown command '${name ?? ''}' (help lists the commands)`], error: true };
  }
  try {
    return { lines: c.run(target, args, thread), error: false };
  } catch (e) {
    if (e instanceof UserError) return { lines: [`${name}: ${e.message} — usage: ${c.usage}`], error: true };
    throw e;
  }
}

function candidates(target: DebugTarget, kind: Command['args'][number]): string[] {
  const vms = target.monitor?.vms ?? [];
  switch (kind) {
    case 'vm': return vms.map((v) => v.name);
    case 'vcpu': return vms.flatMap((v) => v.vcpus.map((c) => `${v.name}.vcpu${c.id}`));
    case 'cpu': return target.machine.cpus.map((c) => `cpu${c.index}`);
    case 'command': return Object.keys(COMMANDS);
  }
}

/** Names an expression may use: registers, vm/vcpu/cpu, and the symbols of the thread's images. */
function expressionNames(target: DebugTarget, thread: DebugThread | undefined): string[] {
  const space = thread === undefined ? undefined : target.space(thread);
  const symbols = target.images.filter((i) => space === undefined || i.vm === undefined || i.vm === space).flatMap((i) => i.elf?.symbols.map((s) => s.name) ?? []);
  return [...GPR_ABI_NAMES.map((r) => `$${r}`), '$pc', '$hi', '$lo', 'vm', 'vcpu', 'cpu', ...new Set(symbols.filter((s) => s !== ''))];
}

/** Completions at `column` (0-based cursor offset) of a partly typed console line. */
export function consoleCompletions(target: DebugTarget, line: string, column: number, thread?: DebugThread): ConsoleCompletion[] {
  const before = line.slice(0, column);
  const start = before.search(/[^\s]*$/);
  const word = before.slice(start);
  const previous = words(before.slice(0, start));
  const item = (label: string, type: ConsoleCompletion['type']): ConsoleCompletion => ({ label, text: label, start, length: word.length, type });
  const commandLine = previous.length > 0 && isConsoleCommand(previous[0] as string);
  if (commandLine) {
    const kind = (COMMANDS[previous[0] as string] as Command).args[previous.length - 1];
    return kind === undefined ? [] : candidates(target, kind).filter((s) => s.startsWith(word)).map((s) => item(s, kind === 'command' ? 'keyword' : 'module'));
  }
  const commands = previous.length === 0 ? Object.keys(COMMANDS).filter((c) => c.startsWith(word)).map((c) => item(c, 'keyword')) : [];
  const ident = /[A-Za-z0-9_.$]*$/.exec(before)?.[0] ?? '';
  if (ident === '') return commands;
  const names = expressionNames(target, thread).filter((s) => s.startsWith(ident)).slice(0, 100);
  return [...commands, ...names.map((s): ConsoleCompletion => ({ label: s, text: s, start: column - ident.length, length: ident.length, type: 'variable' }))];
}
