// What the monitor's handlers cost the physical CPU they run on: the path length of each step
// (costModel.ts, one cycle per instruction) plus, in timing mode, the stalls of the loads and
// stores the step makes to the monitor's data structures (monitorData.ts) and to guest pages it
// zeroes or copies, through the machine's caches and NUMA latencies like any other access. In fast
// mode only the path length is charged. Cycles are kept by service for the paper's Table 2
// breakdown until `flushInto` hands them to the cycle accounting (core.ts).

import type { TimingModel } from '../machine/timing/timingModel';
import { type CostModel, type MonitorService, MONITOR_SERVICES } from './costModel';
import type { ServiceCycles } from './counters';
import type { MonitorData } from './monitorData';

/** Each service's position in MONITOR_SERVICES. */
const SERVICE_INDEX = Object.fromEntries(MONITOR_SERVICES.map((s, i) => [s, i])) as Record<MonitorService, number>;

export class MonitorWork {
  /** The CPU the monitor runs on now; -1 outside the trap path (boot-time loading is free). */
  cpu = -1;
  /** Cycles charged since the last flush, by service (MONITOR_SERVICES order). */
  private readonly pending = new Float64Array(MONITOR_SERVICES.length);
  /** Bit i set while service i has cycles pending (flushInto visits only those: it runs on every trap). */
  private touched = 0;
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
    const i = SERVICE_INDEX[service];
    this.pending[i] = (this.pending[i] as number) + cycles;
    this.touched |= 1 << i;
    this.pendingTotal += cycles;
  }

  /** Cycles charged since the last flush. */
  get total(): number {
    return this.pendingTotal;
  }

  /** Adds the cycles charged since the last flush, by service, to `a` (and `b`); starts a new count. */
  flushInto(a: ServiceCycles, b: ServiceCycles | undefined): number {
    const total = this.pendingTotal;
    for (let bits = this.touched; bits !== 0; bits &= bits - 1) {
      const i = 31 - Math.clz32(bits & -bits);
      const s = MONITOR_SERVICES[i] as MonitorService;
      const n = this.pending[i] as number;
      a[s] += n;
      if (b !== undefined) b[s] += n;
      this.pending[i] = 0;
    }
    this.touched = 0;
    this.pendingTotal = 0;
    return total;
  }

  /** Drops what was charged (boot-time work before any CPU runs). */
  discard(): void {
    this.pending.fill(0);
    this.touched = 0;
    this.pendingTotal = 0;
  }
}
