// A small command-line parser: flags with values (`--text 0x400000`, `--text=0x400000`),
// boolean switches and positional arguments, with clear errors for unknown flags.

import { UserError } from '../util/diagnostic';

export interface ArgSpec {
  /** Flags that take a value, without the leading dashes. */
  readonly values?: readonly string[];
  /** Boolean switches, without the leading dashes. */
  readonly switches?: readonly string[];
  /** Flags that take a value and may repeat. */
  readonly lists?: readonly string[];
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
  readonly lists: Map<string, string[]>;
}

export function parseArgs(command: string, args: readonly string[], spec: ArgSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map(), switches: new Set(), lists: new Map() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const takesValue = spec.values?.includes(name) || spec.lists?.includes(name);
    if (takesValue) {
      const v: string | undefined = eq < 0 ? args[++i] : body.slice(eq + 1);
      if (v === undefined) throw new UserError(`disco ${command}: ${a} needs a value`);
      if (spec.lists?.includes(name)) {
        const l = out.lists.get(name) ?? [];
        l.push(v);
        out.lists.set(name, l);
      } else out.values.set(name, v);
    } else if (spec.switches?.includes(name) && eq < 0) out.switches.add(name);
    else throw new UserError(`disco ${command}: unknown option ${a}`);
  }
  return out;
}

/** Parses a number written in C style (decimal, 0x hex, 0 octal, 0b binary); UserError otherwise. */
export function parseNumberArg(command: string, flag: string, text: string): number {
  const t = text.trim();
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[bB][01]+$/.test(body)) v = parseInt(body.slice(2), 2);
  else if (/^0[0-7]+$/.test(body)) v = parseInt(body.slice(1), 8);
  else if (/^[0-9]+$/.test(body)) v = parseInt(body, 10);
  else throw new UserError(`disco ${command}: ${flag} expects a number, got '${text}'`);
  return neg ? -v : v;
}
