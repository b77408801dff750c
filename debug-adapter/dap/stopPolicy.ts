// Which of the Execution's stops the user asked for: breakpoint conditions, hit counts and
// logpoints (through the breakpoint table), data breakpoint conditions, and the exception filters
// the user enabled with their conditions. Conditions are evaluated in the stopped thread.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { evaluateExpression } from '../debugger/expression';
import type { ExecStop } from '../debugger/execution';
import { formatLogMessage, parseLogMessage } from '../debugger/logMessage';
import type { DebugTarget, DebugThread } from '../debugger/target';
import type { MonitorEvent } from '../monitor/core';
import { type BreakpointTable, type Evaluator, truthy } from './breakpointTable';
import { EXCEPTION_FILTERS, filterOf } from './exceptionFilters';

/** An exception filter the user enabled, with its condition. */
interface ActiveFilter {
  readonly id: string;
  readonly condition: string | undefined;
}

/** What a stop comes to: reported (with the breakpoints that asked, for breakpoint stops) or passed over after its logs. */
export type StopVerdict = { readonly stop: true; readonly ids: readonly number[]; readonly reason: string } | { readonly stop: false; readonly logs: readonly string[] };

export class StopPolicy {
  private filters: ActiveFilter[] = [];

  constructor(private readonly target: DebugTarget) {}

  /** The filters of a setExceptionBreakpoints request; an error message names unknown ones. */
  setFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): string | undefined {
    const chosen: ActiveFilter[] = [
      ...(args.filters ?? []).map((id) => ({ id, condition: undefined })),
      ...(args.filterOptions ?? []).map((o) => ({ id: o.filterId, condition: o.condition?.trim() === '' ? undefined : o.condition })),
    ];
    const unknown = chosen.filter((c) => !EXCEPTION_FILTERS.some((f) => f.id === c.id));
    if (unknown.length > 0) return `unknown exception filter(s): ${unknown.map((u) => u.id).join(', ')}`;
    this.filters = chosen;
    return undefined;
  }

  /** Takes over another policy's filters (a restarted session). */
  adopt(old: StopPolicy | undefined): void {
    if (old !== undefined) this.filters = old.filters;
  }

  /** MIPS ExcCodes and monitor event kinds the Execution must stop on. */
  stops(): { readonly excCodes: Set<number>; readonly events: Set<MonitorEvent['kind']> } {
    const defs = this.filters.map((a) => EXCEPTION_FILTERS.find((f) => f.id === a.id));
    return { excCodes: new Set(defs.flatMap((f) => f?.excCodes ?? [])), events: new Set(defs.flatMap((f) => f?.events ?? [])) };
  }

  /** Whether `stop` is one the user asked for; a breakpoint stop's logpoints are formatted. */
  verdict(stop: ExecStop, table: BreakpointTable): StopVerdict {
    switch (stop.reason) {
      case 'breakpoint':
        return table.decide(stop.thread, 'virtual', stop.pc, this.evaluator, (m, t) => this.formatLog(m, t));
      case 'watchpoint': {
        const watches = table.watchesAt(stop.space, stop.address, stop.size, stop.write);
        const hit = watches.length === 0 || watches.some((w) => table.decideWatch(stop.thread, w, this.evaluator).stop);
        return hit ? { stop: true, ids: watches.map((w) => w.id), reason: 'data breakpoint' } : { stop: false, logs: [] };
      }
      case 'exception':
      case 'event': {
        const f = filterOf(stop.reason === 'exception' ? stop.excCode : undefined, stop.reason === 'event' ? stop.event.kind : undefined);
        const active = this.filters.find((a) => a.id === f?.id);
        if (active === undefined) return { stop: false, logs: [] };
        if (active.condition !== undefined && stop.thread !== undefined) {
          const r = this.evaluator(active.condition, stop.thread);
          if (!('error' in r) && !truthy(r.value)) return { stop: false, logs: [] };
        }
        return { stop: true, ids: [], reason: 'exception' };
      }
      default:
        return { stop: true, ids: [], reason: stop.reason };
    }
  }

  /** Evaluates a condition in a thread: its value, or the error (which then stops the run). */
  readonly evaluator: Evaluator = (text, thread) => {
    try {
      return { value: evaluateExpression(this.target, thread, text).value };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };

  /** A logpoint message with each `{expression}` replaced by its value (debugger/logMessage.ts). */
  private formatLog(message: string, thread: DebugThread): string {
    try {
      return formatLogMessage(this.target, thread, parseLogMessage(message));
    } catch (e) {
      return `<error: ${e instanceof Error ? e.message : String(e)}> ${message}`;
    }
  }
}
