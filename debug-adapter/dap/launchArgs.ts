// The `launch` request's attributes for the `disco` debug type, checked before anything is
// built: a DAP client may send anything, and a wrong type is an error response naming the
// attribute, never an exception in the adapter.

import type { DebugProtocol } from '@vscode/debugprotocol';

export interface DiscoLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** A `*.disco.json`: VMs under the monitor, or a kernel on the bare machine. */
  readonly config?: string;
  /** A kernel `.s`/`.S`/`.elf` for the bare machine. */
  readonly program?: string;
  /** Stop at each thread's first instruction (default true). */
  readonly stopOnEntry?: boolean;
  /** Directory relative paths are resolved against. */
  readonly cwd?: string;
  /** `#include` directories for kernel sources (the extension adds the shipped guest headers). */
  readonly includeDirs?: readonly string[];
  /** Let the other threads run while one steps (default false: they stay frozen). */
  readonly othersRunWhileStepping?: boolean;
  /** Instructions between the snapshots reverse execution restores from. */
  readonly snapshotEvery?: number;
  /** CPUs and memory of the bare machine for `program`. */
  readonly cpus?: number;
  readonly memoryMB?: number;
}

type Check = (v: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string' && v !== '';
const isBool: Check = (v) => typeof v === 'boolean';
const isStrings: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const positiveInt = (max: number): Check => (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

const ATTRIBUTES: Readonly<Record<string, readonly [Check, string]>> = {
  config: [isString, 'a path to a *.disco.json'],
  program: [isString, 'a path to a kernel .s/.S/.elf'],
  stopOnEntry: [isBool, 'true or false'],
  cwd: [isString, 'a directory'],
  includeDirs: [isStrings, 'an array of directories'],
  othersRunWhileStepping: [isBool, 'true or false'],
  snapshotEvery: [positiveInt(1e9), 'an instruction count (1..1e9)'],
  cpus: [positiveInt(32), 'a CPU count (1..32)'],
  memoryMB: [positiveInt(2048), 'a size in MB (1..2048)'],
};

/** The problems of a launch request's arguments, one message each; empty when it is usable. */
export function launchArgumentProblems(args: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, [ok, what]] of Object.entries(ATTRIBUTES)) {
    const v = args[name];
    if (v !== undefined && !ok(v)) problems.push(`launch: "${name}" must be ${what}, not ${JSON.stringify(v)}`);
  }
  if (args.config === undefined && args.program === undefined) problems.push('launch: give "config" (a *.disco.json) or "program" (a kernel .s/.S/.elf)');
  if (args.config !== undefined && args.program !== undefined) problems.push('launch: give either "config" or "program", not both');
  return problems;
}
