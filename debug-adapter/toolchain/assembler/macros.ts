// GNU as macros and repetition blocks (gas macro.c): `.macro NAME params` with defaults
// (`p=1`), required (`p:req`) and variadic (`p:vararg`) parameters; `\param`, `\@` (expansion
// counter) and `\()` (separator) in bodies; `.rept`, `.irp` and `.irpc` bodies.

import type { SourceLocation } from '../../util/diagnostic';
import { splitArgs } from './cursor';
import { AsmError } from './errors';
import type { SourceLine } from './source';

export interface MacroParam {
  readonly name: string;
  readonly def: string;
  readonly required: boolean;
  readonly vararg: boolean;
}

export interface MacroDef {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly SourceLine[];
}

/** Splits macro parameters or arguments: by commas when there are any, else by white space. */
export function splitMacroList(text: string): string[] {
  const t = text.trim();
  if (t === '') return [];
  const byComma = splitArgs(t).map((a) => a.text);
  if (byComma.length > 1) return byComma;
  return t.match(/"(?:\\.|[^"\\])*"|[^\s"]+/g) ?? [];
}

/** Parses the text after `.macro`: the name and its parameters. */
export function parseMacroHeader(text: string, loc: SourceLocation): { name: string; params: MacroParam[] } {
  const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?(.*)$/.exec(text);
  if (!m) throw new AsmError('expected a macro name after .macro', loc);
  const params = splitMacroList(m[2] as string).map((p): MacroParam => {
    const eq = p.indexOf('=');
    const head = (eq < 0 ? p : p.slice(0, eq)).trim();
    const def = eq < 0 ? '' : p.slice(eq + 1).trim();
    const [name, qual] = head.split(':') as [string, string | undefined];
    if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name)) throw new AsmError(`invalid macro parameter \`${name}'`, loc);
    return { name, def, required: qual === 'req', vararg: qual === 'vararg' };
  });
  return { name: m[1] as string, params };
}

/** Binds invocation arguments (positional, then `name=value`) to parameters. */
export function bindArgs(def: MacroDef, text: string, loc: SourceLocation): Map<string, string> {
  const values = new Map<string, string>(def.params.map((p) => [p.name, p.def]));
  const args = def.params.some((p) => p.vararg) ? splitArgs(text).map((a) => a.text) : splitMacroList(text);
  let pos = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const kw = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$/.exec(a);
    if (kw && def.params.some((p) => p.name === kw[1])) {
      values.set(kw[1] as string, kw[2] as string);
      continue;
    }
    const p = def.params[pos];
    if (!p) throw new AsmError(`too many positional arguments for macro \`${def.name}'`, loc);
    if (p.vararg) {
      values.set(p.name, args.slice(i).join(', '));
      break;
    }
    values.set(p.name, unquote(a));
    pos++;
  }
  for (const p of def.params) {
    if (p.required && (values.get(p.name) ?? '') === '') throw new AsmError(`missing value for required parameter \`${p.name}' of macro \`${def.name}'`, loc);
  }
  return values;
}

function unquote(a: string): string {
  return /^"(?:\\.|[^"\\])*"$/.test(a) ? a.slice(1, -1) : a;
}

/** Substitutes `\name`, `\@` and `\()` in one body line. */
export function substituteLine(text: string, values: ReadonlyMap<string, string>, counter: number): string {
  return text.replace(/\\(\(\)|@|[A-Za-z_.$][A-Za-z0-9_.$]*)/g, (whole, key: string) => {
    if (key === '()') return '';
    if (key === '@') return String(counter);
    const v = values.get(key);
    return v === undefined ? whole : v;
  });
}

/** Lines of one macro expansion, attributed to the invocation. */
export function expandMacro(def: MacroDef, values: ReadonlyMap<string, string>, counter: number, invokedAt: SourceLocation): SourceLine[] {
  return def.body.map((l) => ({ text: substituteLine(l.text, values, counter), loc: l.loc, invokedAt }));
}

/** Lines of a `.irp`/`.irpc` iteration: the body with `\sym` replaced by value. */
export function expandIteration(body: readonly SourceLine[], sym: string, value: string, invokedAt: SourceLocation): SourceLine[] {
  const values = new Map([[sym, value]]);
  return body.map((l) => ({ text: substituteLine(l.text, values, 0).replace(/\\@/g, '\\@'), loc: l.loc, invokedAt }));
}
