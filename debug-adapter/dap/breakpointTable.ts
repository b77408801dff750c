// The session's breakpoints: source lines (resolved through each VM's line table, moved to the
// next line with code), functions (labels and symbols, System.map for Linux), instructions (from
// the Disassembly view, in any address space) and data (watchpoints). A source breakpoint binds
// in every VM whose image holds its line. Each keeps its condition, hit condition, log message
// and hit count; `engineBreakpoints` is the flat list the Execution checks, and `decide` says
// what a hit at a location does.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { AddressSpace, DebugTarget, DebugThread } from '../debugger/target';
import { type HitTest, parseHitCondition } from './hitCondition';
import { type MemoryLocation, formatReference, parseAddress, parseReference } from './memoryReference';

export interface Location {
  readonly space: AddressSpace;
  readonly address: number;
  /** Only this VM's threads stop here (a line of that VM's image, a guest-physical address). */
  readonly vm?: string;
}

interface UserBreakpoint {
  readonly id: number;
  readonly kind: 'source' | 'function' | 'instruction';
  readonly locations: readonly Location[];
  readonly condition: string | undefined;
  readonly hit: HitTest | undefined;
  readonly logMessage: string | undefined;
  hits: number;
}

export interface Watch {
  readonly id: number;
  readonly location: MemoryLocation;
  readonly length: number;
  readonly read: boolean;
  readonly write: boolean;
  readonly condition: string | undefined;
  readonly hit: HitTest | undefined;
  hits: number;
}

/** What a breakpoint hit does: stop (with the breakpoints that asked), log and go on, or go on. */
export type Decision = { readonly stop: true; readonly ids: readonly number[]; readonly reason: string } | { readonly stop: false; readonly logs: readonly string[] };

/** Evaluates a condition or log expression in a thread: a value, or an error message. */
export type Evaluator = (text: string, thread: DebugThread) => { readonly value: number | string } | { readonly error: string };
/** Expands `{expr}` in a log message. */
export type LogFormatter = (message: string, thread: DebugThread) => string;

const hex = (a: number): string => `0x${(a >>> 0).toString(16).padStart(8, '0')}`;
/** A condition's value as a truth: a non-empty string or a non-zero number. */
export const truthy = (v: number | string): boolean => (typeof v === 'string' ? v !== '' : v !== 0);

/** The requests that made the table, kept to bind them again in a restarted target. */
interface Requests {
  readonly sources: Map<string, { readonly list: readonly DebugProtocol.SourceBreakpoint[]; readonly ids: readonly number[] }>;
  functions: { readonly list: readonly DebugProtocol.FunctionBreakpoint[]; readonly ids: readonly number[] };
  instructions: { readonly list: readonly DebugProtocol.InstructionBreakpoint[]; readonly ids: readonly number[] };
  data: { readonly list: readonly DebugProtocol.DataBreakpoint[]; readonly ids: readonly number[] };
}

export class BreakpointTable {
  private nextId = 1;
  private readonly requests: Requests = { sources: new Map(), functions: { list: [], ids: [] }, instructions: { list: [], ids: [] }, data: { list: [], ids: [] } };
  private readonly bySource = new Map<string, UserBreakpoint[]>();
  private functions: UserBreakpoint[] = [];
  private instructions: UserBreakpoint[] = [];
  private watches: Watch[] = [];

  constructor(private readonly target: DebugTarget) {}

  /** Binds another table's breakpoints (same ids) in this table's target: a restart. */
  adopt(old: BreakpointTable | undefined): void {
    if (old === undefined) return;
    this.nextId = old.nextId;
    for (const [path, r] of old.requests.sources) this.setSourceBreakpoints(path, r.list, r.ids);
    this.setFunctionBreakpoints(old.requests.functions.list, old.requests.functions.ids);
    this.setInstructionBreakpoints(old.requests.instructions.list, old.requests.instructions.ids);
    this.setDataBreakpoints(old.requests.data.list, old.requests.data.ids);
  }

  /** The ids of a request's breakpoints: those given (a rebinding), or new ones. */
  private ids(n: number, given: readonly number[] | undefined): number[] {
    return Array.from({ length: n }, (_, i) => given?.[i] ?? this.nextId++);
  }

  /** The VM names a source line may bind in: each VM, or one unnamed space on the bare machine. */
  private spaces(): (string | undefined)[] {
    const vms = this.target.monitor?.vms.map((v) => v.name);
    return vms === undefined || vms.length === 0 ? [undefined] : vms;
  }

  private common(b: { condition?: string; hitCondition?: string; logMessage?: string }): Pick<UserBreakpoint, 'condition' | 'hit' | 'logMessage'> | string {
    const hit = b.hitCondition === undefined || b.hitCondition.trim() === '' ? undefined : parseHitCondition(b.hitCondition);
    if (typeof hit === 'string') return hit;
    return {
      condition: b.condition?.trim() === '' ? undefined : b.condition,
      hit,
      logMessage: b.logMessage === '' ? undefined : b.logMessage,
    };
  }

  setSourceBreakpoints(path: string, list: readonly DebugProtocol.SourceBreakpoint[], given?: readonly number[]): DebugProtocol.Breakpoint[] {
    const kept: UserBreakpoint[] = [];
    const ids = this.ids(list.length, given);
    this.requests.sources.set(path, { list, ids });
    const out = list.map((b, i): DebugProtocol.Breakpoint => {
      const id = ids[i] as number;
      const c = this.common(b);
      if (typeof c === 'string') return { id, verified: false, message: c, line: b.line };
      const locations: Location[] = [];
      let line: number | undefined;
      for (const vm of this.spaces()) {
        const r = this.target.symbols.resolveBreakpoint(path, b.line, vm);
        if (r === undefined) continue;
        line = line === undefined ? r.line : Math.min(line, r.line);
        for (const a of r.addresses) locations.push(vm === undefined ? { space: 'virtual', address: a } : { space: 'virtual', address: a, vm });
      }
      if (locations.length === 0) return { id, verified: false, line: b.line, message: 'no code at or after this line in any loaded image' };
      kept.push({ id, kind: 'source', locations, ...c, hits: 0 });
      return { id, verified: true, line: line ?? b.line, source: { path }, instructionReference: hex((locations[0] as Location).address) };
    });
    this.bySource.set(path, kept);
    return out;
  }

  setFunctionBreakpoints(list: readonly DebugProtocol.FunctionBreakpoint[], given?: readonly number[]): DebugProtocol.Breakpoint[] {
    this.functions = [];
    const ids = this.ids(list.length, given);
    this.requests.functions = { list, ids };
    return list.map((b, i): DebugProtocol.Breakpoint => {
      const id = ids[i] as number;
      const c = this.common(b);
      if (typeof c === 'string') return { id, verified: false, message: c };
      const name = b.name.trim();
      const locations: Location[] = [];
      const literal = parseAddress(name);
      if (literal !== undefined) locations.push({ space: 'virtual', address: literal });
      else {
        for (const vm of this.spaces()) {
          const a = this.target.symbols.addressOf(name, vm);
          if (a !== undefined) locations.push(vm === undefined ? { space: 'virtual', address: a } : { space: 'virtual', address: a, vm });
        }
      }
      if (locations.length === 0) return { id, verified: false, message: `no symbol named "${name}"` };
      this.functions.push({ id, kind: 'function', locations, ...c, hits: 0 });
      const first = locations[0] as Location;
      const where = this.target.symbols.lineFor(first.address, first.vm);
      return { id, verified: true, instructionReference: hex(first.address), ...(where === undefined ? {} : { source: { path: where.file }, line: where.line }) };
    });
  }

  setInstructionBreakpoints(list: readonly DebugProtocol.InstructionBreakpoint[], given?: readonly number[]): DebugProtocol.Breakpoint[] {
    this.instructions = [];
    const ids = this.ids(list.length, given);
    this.requests.instructions = { list, ids };
    return list.map((b, i): DebugProtocol.Breakpoint => {
      const id = ids[i] as number;
      const c = this.common(b);
      if (typeof c === 'string') return { id, verified: false, message: c };
      const loc = parseReference(b.instructionReference, b.offset ?? 0);
      if (typeof loc === 'string') return { id, verified: false, message: loc };
      if (loc.address % 4 !== 0) return { id, verified: false, message: `${hex(loc.address)} is not a word-aligned instruction address` };
      if (loc.space === 'guest-physical' && !this.spaces().includes(loc.vm)) return { id, verified: false, message: `no VM named "${loc.vm}"` };
      this.instructions.push({ id, kind: 'instruction', locations: [loc], ...c, hits: 0 });
      return { id, verified: true, instructionReference: formatReference(loc) };
    });
  }

  /** Replaces the data breakpoints; dataId is a memory reference and a length, "REF/LEN". */
  setDataBreakpoints(list: readonly DebugProtocol.DataBreakpoint[], given?: readonly number[]): DebugProtocol.Breakpoint[] {
    this.watches = [];
    const ids = this.ids(list.length, given);
    this.requests.data = { list, ids };
    return list.map((b, i): DebugProtocol.Breakpoint => {
      const id = ids[i] as number;
      const c = this.common(b);
      if (typeof c === 'string') return { id, verified: false, message: c };
      const m = /^(.*)\/(\d+)$/.exec(b.dataId);
      const loc = m === null ? `data breakpoint "${b.dataId}": expected REFERENCE/LENGTH` : parseReference(m[1] as string);
      if (typeof loc === 'string') return { id, verified: false, message: loc };
      const length = Number(m?.[2]);
      if (length < 1 || length > 1 << 20) return { id, verified: false, message: `data breakpoint length ${length} is outside 1..1048576` };
      const access = b.accessType ?? 'write';
      this.watches.push({ id, location: loc, length, read: access !== 'write', write: access !== 'read', condition: c.condition, hit: c.hit, hits: 0 });
      return { id, verified: true };
    });
  }

  private all(): UserBreakpoint[] {
    return [...[...this.bySource.values()].flat(), ...this.functions, ...this.instructions];
  }

  /** Every location the Execution must stop at (duplicates merged). */
  engineBreakpoints(): Location[] {
    const seen = new Map<string, Location>();
    for (const b of this.all()) for (const l of b.locations) seen.set(`${l.space}:${l.vm ?? ''}:${l.address}`, l);
    return [...seen.values()];
  }

  engineWatchpoints(): readonly Watch[] {
    return this.watches;
  }

  /** The user breakpoints at a thread's stop location in `space`. */
  private at(thread: DebugThread, space: AddressSpace, address: number): UserBreakpoint[] {
    const vm = thread.vm?.name;
    return this.all().filter((b) => b.locations.some((l) => l.space === space && l.address === address >>> 0 && (l.vm === undefined || l.vm === vm)));
  }

  /**
   * What a hit of `thread` at `address` does: conditions are evaluated in the thread, hit counts
   * advance only when the condition holds, log messages are formatted; a condition that fails
   * to evaluate stops (with the error in the reason) rather than being ignored.
   */
  decide(thread: DebugThread, space: AddressSpace, address: number, evaluate: Evaluator, format: LogFormatter): Decision {
    return this.decideAmong(this.at(thread, space, address), thread, evaluate, format, 'breakpoint');
  }

  decideWatch(thread: DebugThread | undefined, watch: Watch, evaluate: Evaluator): Decision {
    if (thread === undefined) return { stop: true, ids: [watch.id], reason: 'data breakpoint' };
    const pass = this.passes(watch, thread, evaluate);
    if (typeof pass === 'string') return { stop: true, ids: [watch.id], reason: pass };
    return pass ? { stop: true, ids: [watch.id], reason: 'data breakpoint' } : { stop: false, logs: [] };
  }

  /** The watches a write or read of [address, address+size) in `space` falls in. */
  watchesAt(space: AddressSpace, address: number, size: number, write: boolean): Watch[] {
    return this.watches.filter((w) => w.location.space === space && (write ? w.write : w.read) && address < w.location.address + w.length && w.location.address < address + size);
  }

  private passes(b: { condition: string | undefined; hit: HitTest | undefined; hits: number }, thread: DebugThread, evaluate: Evaluator): boolean | string {
    if (b.condition !== undefined) {
      const r = evaluate(b.condition, thread);
      if ('error' in r) return `condition "${b.condition}": ${r.error}`;
      if (!truthy(r.value)) return false;
    }
    b.hits++;
    return b.hit === undefined || b.hit(b.hits);
  }

  private decideAmong(list: readonly UserBreakpoint[], thread: DebugThread, evaluate: Evaluator, format: LogFormatter, reason: string): Decision {
    const ids: number[] = [];
    const logs: string[] = [];
    let why = reason;
    for (const b of list) {
      const pass = this.passes(b, thread, evaluate);
      if (pass === false) continue;
      if (typeof pass === 'string') why = pass;
      else if (b.logMessage !== undefined) {
        logs.push(format(b.logMessage, thread));
        continue;
      }
      ids.push(b.id);
      if (b.kind === 'function') why = 'function breakpoint';
      else if (b.kind === 'instruction' && why === reason) why = 'instruction breakpoint';
    }
    return ids.length > 0 ? { stop: true, ids, reason: why } : { stop: false, logs };
  }
}
