// What the Disco views get from the adapter: the custom requests `disco/*` answered from the
// view models (debugger/views.ts), and two events. `disco/stateChanged` fires at every stop and
// every TICK_MS while the guest runs (running: true), so views refresh without slowing the run;
// `disco/monitorEvents` carries the monitor's events with their history positions, in batches,
// for the timeline (the latest TIMELINE_MAX are kept for `disco/timeline`).

import { Event } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Execution } from '../debugger/execution';
import type { DebugTarget } from '../debugger/target';
import { tlbView } from '../debugger/tlbView';
import { counterSample, memmapPage, pmapPage, vmsTree } from '../debugger/views';
import type { MonitorEvent } from '../monitor/core';

const TICK_MS = 250;
const TIMELINE_MAX = 20_000;
/** Events one batch carries at most (the rest are counted as dropped). */
const BATCH_MAX = 2_000;

export interface TimelineEntry extends MonitorEvent {
  readonly position: number;
  readonly vmName: string | undefined;
}

type Args = Record<string, unknown> | undefined;

function int(args: Args, name: string, fallback?: number): number {
  const v = args?.[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`"${name}" must be an integer`);
  return v;
}

function str(args: Args, name: string): string {
  const v = args?.[name];
  if (typeof v !== 'string') throw new Error(`"${name}" must be a string`);
  return v;
}

export class MonitorFeed {
  private readonly timeline: TimelineEntry[] = [];
  private batch: TimelineEntry[] = [];
  private dropped = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly exec: Execution,
    private readonly send: (e: DebugProtocol.Event) => void,
  ) {
    const names = exec.target.monitor?.vms.map((v) => v.name) ?? [];
    if (exec.target.monitor !== undefined) {
      exec.onMonitorEvent = (e, position) => {
        const entry = { ...e, position, vmName: names[e.vm] };
        this.timeline.push(entry);
        if (this.timeline.length > TIMELINE_MAX) this.timeline.splice(0, this.timeline.length - TIMELINE_MAX);
        if (this.batch.length < BATCH_MAX) this.batch.push(entry);
        else this.dropped++;
      };
    }
  }

  /** The guest started or stopped running: ticks while it runs, one final state at the stop. */
  running(on: boolean): void {
    if (on && this.ticker === undefined) this.ticker = setInterval(() => this.tick(true), TICK_MS);
    if (!on) {
      if (this.ticker !== undefined) clearInterval(this.ticker);
      this.ticker = undefined;
      this.tick(false);
    }
  }

  dispose(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    this.exec.onMonitorEvent = undefined;
  }

  private tick(running: boolean): void {
    const m = this.exec.target.machine;
    if (this.batch.length > 0 || this.dropped > 0) {
      this.send(new Event('disco/monitorEvents', { events: this.batch, dropped: this.dropped }));
      this.batch = [];
      this.dropped = 0;
    }
    this.send(new Event('disco/stateChanged', { running, position: this.exec.position, inPast: this.exec.inPast, instructions: m.retired }));
  }

  /** Answers a `disco/*` request (an Error for a bad one). */
  request(command: string, args: unknown, target: DebugTarget): unknown {
    const a = args as Args;
    switch (command) {
      case 'disco/vms':
        return vmsTree(target);
      case 'disco/pmap':
        return pmapPage(target, str(a, 'vm'), int(a, 'first', 0), int(a, 'count', 1024));
      case 'disco/memmap':
        return memmapPage(target, int(a, 'first', 0), int(a, 'count', 1024));
      case 'disco/tlb': {
        const t = target.thread(int(a, 'threadId'));
        if (t === undefined) throw new Error(`no thread ${String(a?.threadId)}`);
        return tlbView(target, t);
      }
      case 'disco/counters':
        return counterSample(target);
      case 'disco/timeline': {
        const from = int(a, 'fromPosition', 0);
        return { events: this.timeline.filter((e) => e.position >= from).slice(-int(a, 'max', 5000)), start: this.exec.start, furthest: this.exec.furthest, position: this.exec.position };
      }
      default:
        throw new Error(`unknown request "${command}"`);
    }
  }
}
