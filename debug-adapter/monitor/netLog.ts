// The log of the virtual subnet (`disco run --net-log`, the monitor snapshot): one entry per
// message and destination when the destination takes it (MC_NET_RECV) or when its full queue
// drops it, with how its bytes moved — pages remapped, bytes copied. Bounded: the newest
// NET_LOG_LIMIT entries are kept and the older ones only counted.

/** Entries kept. */
export const NET_LOG_LIMIT = 4096;

export interface NetLogEntry {
  /** Cycle of the send (the sender's CPU clock). */
  readonly sent: number;
  /** Cycle of the delivery or the drop. */
  readonly cycle: number;
  readonly from: string;
  readonly to: string;
  readonly outcome: 'delivered' | 'dropped';
  /** Message bytes (delivered: what the receive buffer took). */
  readonly length: number;
  /** Whole pages mapped read-only into the receiver instead of copied. */
  readonly pagesRemapped: number;
  readonly bytesCopied: number;
}

/** The saved form of the log. */
export interface NetLogState {
  readonly entries: readonly NetLogEntry[];
  readonly discarded: number;
}

export class NetLog {
  private entries: NetLogEntry[] = [];
  /** Entries pushed out by newer ones. */
  discarded = 0;

  add(e: NetLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > NET_LOG_LIMIT) {
      this.entries.shift();
      this.discarded++;
    }
  }

  save(): NetLogState {
    return { entries: this.entries.map((e) => ({ ...e })), discarded: this.discarded };
  }

  load(s: NetLogState): void {
    this.entries = s.entries.map((e) => ({ ...e }));
    this.discarded = s.discarded;
  }
}
