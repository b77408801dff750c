// The messages between the extension and the monitor webviews (media/*). Types only: the webview
// bundles import this file for its types and never load vscode.

import type {
  CounterSample, MemmapWindow, PmapWindow, TimelineEventView, TlbView, VmsTree,
} from '../../debug-adapter/debugger/viewModels';

/** Where the session is: no disco session, running, or stopped at a history position. */
export interface SessionStatus {
  readonly session: boolean;
  readonly running: boolean;
  readonly position: number;
  readonly inPast: boolean;
  /** Why the view has nothing to show (no session, the bare machine, a request failed). */
  readonly message?: string;
}

export type ToWebview =
  | { readonly type: 'status'; readonly status: SessionStatus }
  | { readonly type: 'pmap'; readonly vms: readonly string[]; readonly window: PmapWindow; readonly changed: readonly number[] }
  | { readonly type: 'tlb'; readonly view: TlbView; readonly threads: readonly ThreadChoice[] }
  | { readonly type: 'memmap'; readonly window: MemmapWindow; readonly tree: VmsTree }
  | { readonly type: 'counters'; readonly samples: readonly CounterSample[]; readonly reset: boolean }
  | { readonly type: 'timeline'; readonly events: readonly TimelineEventView[]; readonly start: number; readonly furthest: number; readonly position: number; readonly reset: boolean };

/** A vCPU thread the TLB panel can switch to. */
export interface ThreadChoice {
  readonly threadId: number;
  readonly label: string;
}

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'pmapWindow'; readonly vm: string; readonly first: number }
  | { readonly type: 'memmapWindow'; readonly first: number }
  | { readonly type: 'selectThread'; readonly threadId: number }
  | { readonly type: 'openMemory'; readonly reference: string; readonly title: string }
  | { readonly type: 'goto'; readonly position: number };
