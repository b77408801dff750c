// The wire between network interfaces in one process: a switch that floods every frame to
// all other attached endpoints (a hub; each NIC filters by its MAC address). Two NICs on one
// switch form a loopback pair for tests; the host can inject frames and tap the traffic.
// Delivery is synchronous, so a frame's arrival time is its sender's completion cycle.

/** Something that receives frames from a link (a NIC). */
export interface NetworkEndpoint {
  receiveFrame(frame: Uint8Array): void;
}

/** An endpoint's connection to the switch. */
export interface NetworkPort {
  /** Sends a frame to every other endpoint. */
  send(frame: Uint8Array): void;
  /** Leaves the switch. */
  detach(): void;
}

/** Observes every frame: `from` is undefined for frames the host injected. */
export type NetworkTap = (frame: Uint8Array, from: NetworkEndpoint | undefined) => void;

export class NetworkSwitch {
  private endpoints: NetworkEndpoint[] = [];
  private readonly taps: NetworkTap[] = [];

  /** Connects an endpoint. */
  attach(endpoint: NetworkEndpoint): NetworkPort {
    this.endpoints.push(endpoint);
    return {
      send: (frame) => this.forward(frame, endpoint),
      detach: () => {
        this.endpoints = this.endpoints.filter((e) => e !== endpoint);
      },
    };
  }

  /** Delivers a frame from the host to every endpoint. */
  inject(frame: Uint8Array): void {
    this.forward(frame, undefined);
  }

  /** Registers an observer of all traffic. */
  onFrame(tap: NetworkTap): void {
    this.taps.push(tap);
  }

  private forward(frame: Uint8Array, from: NetworkEndpoint | undefined): void {
    for (const t of this.taps) t(frame.slice(), from);
    for (const e of this.endpoints) if (e !== from) e.receiveFrame(frame.slice());
  }
}
