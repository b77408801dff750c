// The debugger's stop vocabulary: breakpoints and watchpoints in the three address spaces, the
// exception and monitor-event stops, the set of them in force (a StopConfig), and the stops an
// Execution reports. Plain data: a StopConfig is recorded with every operation of the execution
// history, so replaying an operation honours the stops that were in force when it first ran.

import type { MonitorEvent } from '../monitor/core';
import type { AddressSpace, DebugThread } from './target';

export interface BreakpointSpec {
  readonly space: AddressSpace;
  readonly address: number;
  /** A virtual or guest-physical breakpoint of one VM (by name); any VM when absent. */
  readonly vm?: string;
}

export interface WatchpointSpec {
  readonly space: AddressSpace;
  readonly address: number;
  readonly length: number;
  readonly read: boolean;
  readonly write: boolean;
  /** The VM of a guest-physical or virtual watchpoint (its first vCPU translates a virtual one). */
  readonly vm?: string;
  /** The thread whose current mapping translates a virtual watchpoint. */
  readonly thread?: DebugThread;
}

/** The stops in force. */
export interface StopConfig {
  readonly breakpoints: readonly BreakpointSpec[];
  readonly watchpoints: readonly WatchpointSpec[];
  /** MIPS ExcCodes (machine/exceptions.ts) that stop: on entry (bare) or when reflected to the guest (monitor). */
  readonly exceptions: ReadonlySet<number>;
  readonly events: ReadonlySet<MonitorEvent['kind']>;
}

export const NO_STOPS: StopConfig = { breakpoints: [], watchpoints: [], exceptions: new Set(), events: new Set() };

/** Why an Execution operation returned. */
export type ExecStop =
  | { readonly reason: 'breakpoint'; readonly thread: DebugThread; readonly pc: number }
  | {
    readonly reason: 'watchpoint';
    /** The thread whose access hit it; undefined for DMA and monitor writes. */
    readonly thread: DebugThread | undefined;
    readonly space: AddressSpace;
    readonly address: number;
    readonly size: number;
    readonly write: boolean;
    readonly by: 'cpu' | 'dma' | 'monitor';
  }
  | { readonly reason: 'exception'; readonly thread: DebugThread; readonly excCode: number }
  | { readonly reason: 'event'; readonly thread: DebugThread | undefined; readonly event: MonitorEvent }
  | { readonly reason: 'step'; readonly thread: DebugThread }
  | { readonly reason: 'history-start' }
  | { readonly reason: 'ended'; readonly code?: number; readonly message?: string };

/** True when the config stops on nothing that needs the monitor's event feed. */
export function needsEvents(c: StopConfig): boolean {
  return c.events.size !== 0 || c.exceptions.size !== 0 || c.breakpoints.some((b) => b.space === 'guest-physical') || c.watchpoints.some((w) => w.space !== 'machine');
}
