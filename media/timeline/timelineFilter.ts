// The timeline's rows: events kept by the kind and VM filters, the kinds and VMs present, and
// where the session's current position falls. Plain TypeScript with no DOM, unit-tested.

import type { TimelineEventView } from '../../debug-adapter/debugger/viewModels';

/** What each event kind is, in the paper's terms. */
export const KIND_LABEL: Readonly<Record<TimelineEventView['kind'], string>> = {
  'emulate': 'privileged instruction emulated',
  'reflect': 'exception reflected to the guest',
  'monitor-call': 'monitor call (virtual device)',
  'isolation': 'isolation violation stopped',
  'halt': 'VM halted',
  'switch': 'vCPU switch on a CPU',
  'migrate': 'vCPU moved to another CPU',
  'page-alloc': 'machine page allocated',
  'page-share': 'page shared copy-on-write',
};

export interface TimelineFilter {
  /** Kinds hidden (everything else shows). */
  readonly hiddenKinds: readonly string[];
  /** The one VM shown, or undefined for all. */
  readonly vm: string | undefined;
}

export function filterEvents(events: readonly TimelineEventView[], f: TimelineFilter): TimelineEventView[] {
  return events.filter((e) => !f.hiddenKinds.includes(e.kind) && (f.vm === undefined || e.vmName === f.vm));
}

/** Kinds and VM names in the events, with counts, in first-seen order. */
export function tally(events: readonly TimelineEventView[]): { kinds: Map<string, number>; vms: Map<string, number> } {
  const kinds = new Map<string, number>();
  const vms = new Map<string, number>();
  for (const e of events) {
    kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    if (e.vmName !== undefined) vms.set(e.vmName, (vms.get(e.vmName) ?? 0) + 1);
  }
  return { kinds, vms };
}

/** Index of the last event at or before position (-1 when every event is later). Events are in position order. */
export function lastAtOrBefore(events: readonly TimelineEventView[], position: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TimelineEventView).position <= position) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Events per bucket over [start, end) positions, for the density strip. */
export function density(events: readonly TimelineEventView[], start: number, end: number, buckets: number): Uint32Array {
  const out = new Uint32Array(Math.max(1, buckets));
  const span = Math.max(1, end - start);
  for (const e of events) {
    const b = Math.floor(((e.position - start) / span) * out.length);
    if (b >= 0 && b < out.length) out[b] = (out[b] as number) + 1;
  }
  return out;
}
