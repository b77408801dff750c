// The C preprocessor subset run on `.S` files before assembly (what `gcc -x assembler-with-cpp`
// does): #include "…"/<…> with -I directories, object- and function-like #define (with # and ##),
// #undef, #if/#ifdef/#ifndef/#elif/#else/#endif, #error/#warning. Every output line keeps the
// file and line it came from. Lines starting with `#` that are no directive pass through (gas
// treats them as comments), as cpp does in assembler mode.

import type { Diagnostic, SourceLocation } from '../../util/diagnostic';
import type { FileAccessor } from '../../util/fileAccessor';
import { evalCppExpr } from './cppExpr';
import { AsmError } from './errors';
import { type SourceLine, splitLines } from './source';

interface CppMacro {
  readonly params: readonly string[] | undefined;
  readonly body: string;
}

export interface CppOptions {
  readonly includeDirs: readonly string[];
  /** NAME → value ('1' for a bare -D NAME). */
  readonly defines: ReadonlyMap<string, string>;
}

interface Cond {
  /** This group's lines are being output. */
  active: boolean;
  /** Some earlier branch of this #if was taken. */
  taken: boolean;
  /** The enclosing group is active. */
  parentActive: boolean;
  sawElse: boolean;
  loc: SourceLocation;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/** Runs the preprocessor over `file`; problems are appended to `diags` (processing continues). */
export function preprocess(file: string, files: FileAccessor, options: CppOptions, diags: Diagnostic[]): SourceLine[] {
  const macros = new Map<string, CppMacro>();
  for (const [k, v] of options.defines) macros.set(k, { params: undefined, body: v });
  const out: SourceLine[] = [];
  const readText = (path: string): string => new TextDecoder().decode(files.readFile(path));

  const run = (path: string, depth: number): void => {
    const raw = splitLines(path, readText(path));
    const conds: Cond[] = [];
    const active = (): boolean => conds.length === 0 || (conds[conds.length - 1] as Cond).active;
    let inComment = false;
    for (let i = 0; i < raw.length; i++) {
      const first = raw[i] as SourceLine;
      let text = first.text;
      while (text.endsWith('\\') && i + 1 < raw.length) text = text.slice(0, -1) + (raw[++i] as SourceLine).text;
      const stripped = stripCComments(text, inComment);
      inComment = stripped.open;
      text = stripped.text;
      const loc = first.loc;
      try {
        const d = /^\s*#\s*([A-Za-z_]+)\b(.*)$/.exec(text);
        if (d && isDirective(d[1] as string)) {
          directive(d[1] as string, (d[2] as string).trim(), loc, path, depth, conds, active());
          continue;
        }
        if (!active()) continue;
        if (/^\s*#/.test(text)) out.push({ text, loc });
        else out.push({ text: expand(text, macros, new Set(), loc), loc });
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        diags.push({ loc: e.loc, severity: 'error', message: e.message });
        if (!active()) continue;
        out.push({ text: '', loc });
      }
    }
    for (const c of conds) diags.push({ loc: c.loc, severity: 'error', message: 'unterminated #if' });
  };

  const directive = (name: string, arg: string, loc: SourceLocation, path: string, depth: number, conds: Cond[], isActive: boolean): void => {
    const top = conds[conds.length - 1];
    switch (name) {
      case 'ifdef':
      case 'ifndef':
      case 'if': {
        let v = false;
        if (isActive) {
          if (name === 'if') v = evalIf(arg, macros, loc);
          else {
            const id = IDENT.exec(arg);
            if (!id) throw new AsmError(`#${name} needs a macro name`, loc);
            v = macros.has(id[0]) === (name === 'ifdef');
          }
        }
        conds.push({ active: isActive && v, taken: v, parentActive: isActive, sawElse: false, loc });
        return;
      }
      case 'elif':
        if (!top) throw new AsmError('#elif without #if', loc);
        if (top.sawElse) throw new AsmError('#elif after #else', loc);
        if (top.taken || !top.parentActive) top.active = false;
        else {
          top.active = evalIf(arg, macros, loc);
          top.taken = top.active;
        }
        return;
      case 'else':
        if (!top) throw new AsmError('#else without #if', loc);
        if (top.sawElse) throw new AsmError('#else after #else', loc);
        top.sawElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        return;
      case 'endif':
        if (!top) throw new AsmError('#endif without #if', loc);
        conds.pop();
        return;
      default:
        break;
    }
    if (!isActive) return;
    switch (name) {
      case 'define':
        define(arg, macros, loc);
        return;
      case 'undef':
        macros.delete(arg.trim());
        return;
      case 'include': {
        const target = includeTarget(expand(arg, macros, new Set(), loc), loc);
        const found = findInclude(files, path, target.name, target.system, options.includeDirs);
        if (!found) throw new AsmError(`${target.name}: No such file or directory`, loc);
        if (depth > 40) throw new AsmError('#include nested too deeply', loc);
        run(found, depth + 1);
        return;
      }
      case 'error':
        throw new AsmError(`#error ${arg}`, loc);
      case 'warning':
        diags.push({ loc, severity: 'warning', message: `#warning ${arg}` });
        return;
      default:
        return; // #pragma, #line, #ident: nothing to do for assembly
    }
  };

  run(file, 0);
  return out;
}

const DIRECTIVES = new Set(['define', 'undef', 'include', 'if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'error', 'warning', 'pragma', 'line', 'ident']);

function isDirective(name: string): boolean {
  return DIRECTIVES.has(name);
}

/** Looks for an include file: next to the including file (for "…"), then in each -I directory. */
export function findInclude(files: FileAccessor, from: string, name: string, system: boolean, dirs: readonly string[]): string | undefined {
  if (!system) {
    const local = files.resolve(from, name);
    if (files.exists(local)) return local;
  }
  for (const d of dirs) {
    const p = files.resolve(`${d.replace(/\/$/, '')}/x`, name);
    if (files.exists(p)) return p;
  }
  return undefined;
}

function includeTarget(arg: string, loc: SourceLocation): { name: string; system: boolean } {
  const m = /^\s*(?:"([^"]+)"|<([^>]+)>)/.exec(arg);
  if (!m) throw new AsmError('#include expects "FILENAME" or <FILENAME>', loc);
  return m[1] !== undefined ? { name: m[1], system: false } : { name: m[2] as string, system: true };
}

function stripCComments(text: string, open: boolean): { text: string; open: boolean } {
  let s = '';
  let inBlock = open;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inBlock) {
      if (c === '*' && text.charAt(i + 1) === '/') {
        inBlock = false;
        i++;
        s += ' ';
      }
      continue;
    }
    if (c === '/' && text.charAt(i + 1) === '*') {
      inBlock = true;
      i++;
    } else if (c === '/' && text.charAt(i + 1) === '/') break;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === '\\' ? 2 : 1;
      s += text.slice(i, j + 1);
      i = j;
    } else s += c;
  }
  return { text: s, open: inBlock };
}

function define(arg: string, macros: Map<string, CppMacro>, loc: SourceLocation): void {
  const id = IDENT.exec(arg);
  if (!id) throw new AsmError('#define needs a macro name', loc);
  const name = id[0];
  let rest = arg.slice(name.length);
  let params: string[] | undefined;
  if (rest.startsWith('(')) {
    const close = rest.indexOf(')');
    if (close < 0) throw new AsmError(`missing ')' in parameter list of '${name}'`, loc);
    params = rest.slice(1, close).split(',').map((p) => p.trim()).filter((p) => p !== '');
    rest = rest.slice(close + 1);
  }
  macros.set(name, { params, body: rest.trim() });
}

function evalIf(arg: string, macros: Map<string, CppMacro>, loc: SourceLocation): boolean {
  const withDefined = arg.replace(/\bdefined\s*(\(\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\)|([A-Za-z_$][A-Za-z0-9_$]*))/g, (_m, _a, p, b) =>
    macros.has((p ?? b) as string) ? '1' : '0',
  );
  return evalCppExpr(expand(withDefined, macros, new Set(), loc), () => false, loc) !== 0n;
}

/** Expands macros in text; names in `disabled` are being expanded and stay as they are. */
export function expand(text: string, macros: ReadonlyMap<string, CppMacro>, disabled: ReadonlySet<string>, loc: SourceLocation): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"' || c === "'") {
      const end = literalEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9A-Za-z_.$]+/.exec(text.slice(i)) as RegExpExecArray;
      out += m[0];
      i += m[0].length;
      continue;
    }
    const id = IDENT.exec(text.slice(i));
    if (!id) {
      out += c;
      i++;
      continue;
    }
    const name = id[0];
    i += name.length;
    const m = macros.get(name);
    if (!m || disabled.has(name)) {
      out += name;
      continue;
    }
    const inner = new Set(disabled).add(name);
    if (!m.params) {
      out += expand(m.body, macros, inner, loc);
      continue;
    }
    let j = i;
    while (j < text.length && /\s/.test(text.charAt(j))) j++;
    if (text.charAt(j) !== '(') {
      out += name;
      continue;
    }
    const call = collectArgs(text, j, loc);
    i = call.end;
    out += expand(substitute(m, call.args, macros, disabled, loc), macros, inner, loc);
  }
  return out;
}

function literalEnd(text: string, start: number): number {
  const q = text.charAt(start);
  let j = start + 1;
  while (j < text.length && text.charAt(j) !== q) j += text.charAt(j) === '\\' ? 2 : 1;
  if (q === "'" && j - start > 4) return start + 1; // a lone gas-style 'c constant
  return Math.min(j + 1, text.length);
}

function collectArgs(text: string, open: number, loc: SourceLocation): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (let k = open + 1; k < text.length; k++) {
    const c = text.charAt(k);
    if (c === '"' || c === "'") {
      const e = literalEnd(text, k);
      cur += text.slice(k, e);
      k = e - 1;
    } else if (c === '(') {
      depth++;
      cur += c;
    } else if (c === ')') {
      if (depth === 0) {
        args.push(cur.trim());
        return { args, end: k + 1 };
      }
      depth--;
      cur += c;
    } else if (c === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  throw new AsmError('unterminated argument list invoking macro', loc);
}

function substitute(m: CppMacro, args: string[], macros: ReadonlyMap<string, CppMacro>, disabled: ReadonlySet<string>, loc: SourceLocation): string {
  const params = m.params ?? [];
  if (params.length === 0 && args.length === 1 && args[0] === '') args = [];
  const variadic = params[params.length - 1] === '...';
  if (variadic ? args.length < params.length - 1 : args.length !== params.length) {
    throw new AsmError(`macro expects ${params.length} arguments, but ${args.length} given`, loc);
  }
  const argOf = (p: string): string | undefined => {
    if (p === '__VA_ARGS__' && variadic) return args.slice(params.length - 1).join(', ');
    const k = params.indexOf(p);
    return k < 0 ? undefined : args[k];
  };
  // Tokens: identifiers, '#', '##', literals, other characters.
  const toks = m.body.match(/[A-Za-z_$][A-Za-z0-9_$]*|##|#|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])'|\s+|./g) ?? [];
  let out = '';
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as string;
    if (t === '#' && k + 1 < toks.length) {
      const a = argOf(toks[k + 1] as string);
      if (a !== undefined) {
        out += JSON.stringify(a);
        k++;
        continue;
      }
    }
    if (t === '##') {
      out = out.replace(/\s+$/, '');
      while (k + 1 < toks.length && /^\s+$/.test(toks[k + 1] as string)) k++;
      const next = toks[k + 1];
      if (next !== undefined) {
        out += argOf(next) ?? next;
        k++;
      }
      continue;
    }
    const a = argOf(t);
    if (a === undefined) {
      out += t;
      continue;
    }
    const pasted = toks.slice(k + 1).find((x) => !/^\s+$/.test(x)) === '##';
    out += pasted ? a : expand(a, macros, disabled, loc);
  }
  return out;
}
