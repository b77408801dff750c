// Runs the operations of an execution history on the machine: resume to a position, or one step
// of a thread (others running or frozen). An operation runs under the stops in force when it was
// first performed (its record), so running a record again from the same state reproduces the same
// stops; extra stop sets can be laid over it without changing where it goes (a stop and a resume
// leave the machine's trajectory unchanged), which reverse-continue uses to find earlier stops and
// to land on one. A RecordRun can be advanced in pieces, up to any position, and resumed.

import type { MachineException } from '../machine/priv/exceptionEntry';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { MachineStop } from '../machine/system/machineTypes';
import type { MonitorEvent } from '../monitor/core';
import { type Armed, armFor, matchBreakpoint, matchWatchpoint } from './arming';
import { type ExecStop, needsEvents, type StopConfig } from './stops';
import type { DebugTarget, DebugThread } from './target';

/** A forward operation: run to an absolute position, or one step of a thread. */
export type Op =
  | { readonly kind: 'run'; readonly to: number }
  | { readonly kind: 'step'; readonly thread: number; readonly alone: boolean; readonly to: number };

/** An operation with the stops it honours. */
export interface OpRecord {
  readonly op: Op;
  /** The stops in force: the operation ends at the first. */
  readonly config: StopConfig;
  /** Ends at this position instead (a landing inside the operation). */
  readonly cut?: number;
  /** Ends instead at the ordinal-th stop (0-based) of one of these configs (a landing on a stop). */
  readonly ends?: readonly { readonly config: StopConfig; readonly ordinal: number }[];
}

/** Stops of an extra config reported while a record runs, without ending it. */
export interface Scan {
  readonly config: StopConfig;
  onStop(stop: ExecStop, ordinal: number, endsRecord: boolean): void;
}

/** How an advance ended: the record is done (with its stop, if any), or the position limit came first. */
export type Advance = { readonly done: true; readonly stop: ExecStop | undefined } | { readonly done: false };

/** A stop found by a hook (exception entry, monitor event) with the configs it belongs to. */
interface Pending {
  readonly stop: ExecStop | 'scheduled' | 'remap';
  readonly mask: readonly boolean[];
}

export class Runner {
  /** Monitor events of new execution (timeline feed); undefined while replaying. */
  feed: ((e: MonitorEvent, position: number) => void) | undefined;
  private armedKey: string | undefined;
  private pending: Pending[] = [];
  /** The vCPU a step waits to see scheduled. */
  private awaiting: DebugThread | undefined;

  constructor(readonly target: DebugTarget) {}

  /** A thread's progress: a CPU's instructions and exception entries; a vCPU's instructions (emulated ones too) and reflected exceptions. */
  progress(t: DebugThread): number {
    const v = t.vcpu;
    return v === undefined ? this.target.machine.progress(t.cpu) : v.icount + v.counters.reflectedExceptions;
  }

  start(rec: OpRecord, scan?: Scan): RecordRun {
    return new RecordRun(this, rec, scan);
  }

  /** Arms the machine for these configs (skipped when unchanged; a change drops the compiled code of the pages it touches). */
  arm(configs: readonly StopConfig[]): Armed {
    const a = armFor(this.target, configs);
    if (a.key !== this.armedKey) {
      this.target.machine.setBreakpoints(a.va, a.pa);
      this.target.machine.setWatchpoints(a.watch);
      this.armedKey = a.key;
    }
    return a;
  }

  /** Runs one machine call with the hooks the configs need; returns the machine's stop and what the hooks found. */
  call(configs: readonly StopConfig[], run: () => MachineStop, awaiting: DebugThread | undefined): { stop: MachineStop; pending: Pending[] } {
    const { machine, monitor } = this.target;
    this.pending = [];
    this.awaiting = awaiting;
    const listen = this.feed !== undefined || awaiting !== undefined || configs.some(needsEvents);
    const oldHook = machine.onException;
    const oldEvent = monitor?.core.onEvent;
    const remap = configs.some((c) => c.breakpoints.some((b) => b.space === 'guest-physical') || c.watchpoints.some((w) => w.space !== 'machine'));
    if (monitor === undefined && configs.some((c) => c.exceptions.size !== 0)) {
      machine.onException = (cpu, exc) => this.exceptionEntered(configs, cpu, exc, oldHook);
    }
    if (monitor !== undefined && listen) monitor.core.onEvent = (e) => this.event(configs, e, remap);
    let stop: MachineStop;
    try {
      stop = run();
    } finally {
      machine.onException = oldHook;
      if (monitor !== undefined) monitor.core.onEvent = oldEvent;
      this.awaiting = undefined;
    }
    if (monitor !== undefined) for (const c of machine.cpus) monitor.core.settle(c.index);
    return { stop, pending: this.pending };
  }

  private request(p: Pending, cpu: number): void {
    this.pending.push(p);
    this.target.machine.requestStop({ reason: 'requested', cpu });
  }

  private exceptionEntered(configs: readonly StopConfig[], cpu: MachineCpu, exc: MachineException, next: ((c: MachineCpu, e: MachineException) => 'deliver' | 'handled') | undefined): 'deliver' | 'handled' {
    const r = next === undefined ? 'deliver' : next(cpu, exc);
    const mask = configs.map((c) => c.exceptions.has(exc.excCode));
    const thread = this.target.threads[cpu.index];
    if (thread !== undefined && mask.some((m) => m)) this.request({ stop: { reason: 'exception', thread, excCode: exc.excCode }, mask }, cpu.index);
    return r;
  }

  private event(configs: readonly StopConfig[], e: MonitorEvent, remap: boolean): void {
    const { machine, monitor } = this.target;
    const cpu = monitor?.core.inHook ?? -1;
    this.feed?.(e, machine.position);
    const v = monitor?.vms[e.vm]?.vcpus[e.vcpu];
    const thread = v === undefined ? undefined : this.target.threads.find((t) => t.vcpu === v);
    if (e.kind === 'switch' && thread !== undefined && thread === this.awaiting) this.request({ stop: 'scheduled', mask: [] }, cpu);
    if (remap && (e.kind === 'page-alloc' || e.kind === 'page-share')) this.request({ stop: 'remap', mask: [] }, cpu);
    const exc = configs.map((c) => e.kind === 'reflect' && e.excCode !== undefined && c.exceptions.has(e.excCode));
    if (thread !== undefined && e.excCode !== undefined && exc.some((m) => m)) this.request({ stop: { reason: 'exception', thread, excCode: e.excCode }, mask: exc }, cpu);
    const ev = configs.map((c) => c.events.has(e.kind));
    if (ev.some((m) => m)) this.request({ stop: { reason: 'event', thread, event: e }, mask: ev }, cpu);
  }

  /** Classifies a machine stop against each config. */
  classify(configs: readonly StopConfig[], s: MachineStop, pending: readonly Pending[]): Pending[] | ExecStop | undefined {
    const t = this.target;
    switch (s.reason) {
      case 'breakpoint': {
        const found = configs.map((c) => matchBreakpoint(t, c, s.cpu, s.pc));
        const stop = found.find((f) => f !== undefined);
        return stop === undefined ? [] : [{ stop, mask: found.map((f) => f !== undefined) }];
      }
      case 'watchpoint': {
        const found = configs.map((c) => matchWatchpoint(t, c, s.cpu, s.pa, s.size, s.write, s.by));
        const stop = found.find((f) => f !== undefined);
        return stop === undefined ? [] : [{ stop, mask: found.map((f) => f !== undefined) }];
      }
      case 'requested':
        return [...pending];
      case 'poweroff':
      case 'exit':
        return { reason: 'ended', code: s.code };
      case 'fatal':
        return { reason: 'ended', message: s.message };
      case 'input':
        return undefined;
      case 'limit':
      case 'step':
        return [];
    }
  }
}

/** One record being run; advance() may be called again after a position limit. */
export class RecordRun {
  private readonly configs: StopConfig[];
  private readonly counts: number[];
  private scanOrdinal = 0;
  private readonly thread: DebugThread | undefined;
  private readonly from: number;

  constructor(
    private readonly runner: Runner,
    private readonly rec: OpRecord,
    private readonly scan: Scan | undefined,
  ) {
    const ends = rec.ends ?? [];
    this.configs = [rec.config, ...ends.map((e) => e.config), ...(scan === undefined ? [] : [scan.config])];
    this.counts = ends.map(() => 0);
    const op = rec.op;
    this.thread = op.kind === 'step' ? runner.target.thread(op.thread) : undefined;
    if (op.kind === 'step' && this.thread === undefined) throw new RangeError(`no thread ${op.thread}`);
    this.from = this.thread === undefined ? 0 : runner.progress(this.thread);
  }

  /** Runs until the record ends or the position reaches `limit`. */
  advance(limit: number): Advance {
    const { machine, monitor } = this.runner.target;
    const end = Math.min(this.rec.op.to, this.rec.cut ?? Infinity);
    for (;;) {
      if (monitor?.allEnded === true) return { done: true, stop: { reason: 'ended', message: 'every VM has ended' } };
      if (this.thread !== undefined && this.runner.progress(this.thread) !== this.from) return { done: true, stop: { reason: 'step', thread: this.thread } };
      const pos = machine.position;
      if (pos >= end) return { done: true, stop: undefined };
      if (pos >= limit) return { done: false };
      const bound = Math.min(end, limit);
      this.runner.arm(this.configs);
      const { stop, pending } = this.machineCall(bound);
      if (stop === 'stuck') return { done: true, stop: this.thread === undefined ? undefined : { reason: 'step', thread: this.thread } };
      const c = this.runner.classify(this.configs, stop, pending);
      if (c === undefined) return { done: true, stop: undefined };
      if (!Array.isArray(c)) return { done: true, stop: c };
      for (const p of c) {
        if (typeof p.stop === 'string') continue;
        const r = this.decide(p.stop, p.mask);
        if (r !== undefined) return { done: true, stop: r };
      }
    }
  }

  /** A stop found: reported to the scan, and ends the record when it is the one it waits for. */
  private decide(stop: ExecStop, mask: readonly boolean[]): ExecStop | undefined {
    const own = mask[0] === true;
    let ends = own;
    for (let i = 0; i < this.counts.length; i++) {
      if (mask[i + 1] !== true) continue;
      const n = this.counts[i] as number;
      this.counts[i] = n + 1;
      if (n === this.rec.ends?.[i]?.ordinal) ends = true;
    }
    if (this.scan !== undefined && mask[this.configs.length - 1] === true) this.scan.onStop(stop, this.scanOrdinal++, ends);
    return ends ? stop : undefined;
  }

  private machineCall(bound: number): { stop: MachineStop | 'stuck'; pending: Pending[] } {
    const r = this.runner;
    const { machine } = r.target;
    const t = this.thread;
    if (this.rec.op.kind === 'run' || t === undefined) return r.call(this.configs, () => machine.runTo(bound), undefined);
    const alone = this.rec.op.alone;
    const cpu = r.target.cpuOf(t);
    // A vCPU waiting for a CPU: the machine runs (all CPUs) until the monitor schedules it.
    if (cpu === undefined) return r.call(this.configs, () => machine.runTo(bound), t);
    const before = machine.position;
    const out = r.call(this.configs, () => (alone ? machine.stepAlone(cpu.index) : machine.runTo(bound, cpu.index)), undefined);
    return alone && machine.position === before && out.stop.reason === 'step' ? { stop: 'stuck', pending: [] } : out;
  }
}
