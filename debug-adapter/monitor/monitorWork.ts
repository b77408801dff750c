// What the monitor's handlers cost the physical CPU they run on: the path length of each step
// (costModel.ts, one cycle per instruction) plus, in timing mode, the stalls of the loads and
// stores the step makes to the monitor's data structures (monitorData.ts) and to guest pages it
// zeroes or copies, through the machine's caches and NUMA latencies like any other access. In fast
// mode only the path length is charged. Cycles are kept by service for the paper's Table 2
// breakdown until `flushInto` hands them to the cycle accounting (core.ts).

import type { TimingModel } from '../machine/timing/timingModel';
import type { CostModel, MonitorService } from './costModel';
import { newServiceCycles, type ServiceCycles } from './counters';
import type { MonitorData } from './monitorData';

export class MonitorWork {
  /** The CPU the monitor runs on now; -1 outside the trap path (boot-time loading is free). */
  cpu = -1;
  /** Cycles charged since the last flush, by service. */
  private readonly pending = newServiceCycles();
  /** The services with cycles pending (flushInto visits only these: it runs on every trap). */
  private readonly touched: MonitorService[] = [];
  private pendingTotal = 0;
  private readonly lineBytes: number;

  constructor(
    readonly costs: CostModel,
    readonly data: MonitorData,
    private readonly timing: TimingModel | undefined,
  ) {
    this.lineBytes = timing?.lineBytes ?? 128;
  }

  /** Charges `instructions` cycles of path length. */
  run(service: MonitorService, instructions: number): void {
    if (this.cpu < 0) return;
    this.add(service, instructions);
  }

  /** Loads of [ma, ma + bytes) by the monitor (one cache access per line: the other words hit). */
  load(service: MonitorService, ma: number, bytes = 4): void {
    this.access(service, ma, bytes, false);
  }

  /** Stores to [ma, ma + bytes). */
  store(service: MonitorService, ma: number, bytes = 4): void {
    this.access(service, ma, bytes, true);
  }

  private access(service: MonitorService, ma: number, bytes: number, write: boolean): void {
    const t = this.timing;
    if (t === undefined || this.cpu < 0 || bytes <= 0) return;
    let stall = 0;
    const last = ma + bytes - 1;
    for (let a = ma - (ma % this.lineBytes); a <= last; a += this.lineBytes) stall += write ? t.onStore(this.cpu, a, 4) : t.onLoad(this.cpu, a, 4);
    this.add(service, stall);
  }

  private add(service: MonitorService, cycles: number): void {
    if (cycles === 0) return;
    const before = this.pending[service];
    if (before === 0) this.touched.push(service);
    this.pending[service] = before + cycles;
    this.pendingTotal += cycles;
  }

  /** Cycles charged since the last flush. */
  get total(): number {
    return this.pendingTotal;
  }

  /** Adds the cycles charged since the last flush, by service, to `a` (and `b`); starts a new count. */
  flushInto(a: ServiceCycles, b: ServiceCycles | undefined): number {
    const total = this.pendingTotal;
    for (const s of this.touched) {
      const n = this.pending[s];
      a[s] += n;
      if (b !== undefined) b[s] += n;
      this.pending[s] = 0;
    }
    this.touched.length = 0;
    this.pendingTotal = 0;
    return total;
  }

  /** Drops what was charged (boot-time work before any CPU runs). */
  discard(): void {
    for (const s of this.touched) this.pending[s] = 0;
    this.touched.length = 0;
    this.pendingTotal = 0;
  }
}
