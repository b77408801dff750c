// vCPU scheduling on physical CPUs (Disco §1.1, Cellular Disco's load balancing): each vCPU
// starts on a CPU of its VM's home node (affinity with its memory); a CPU time-shares the vCPUs
// queued on it round-robin in slices of `timeSliceCycles`. Idle (WAIT) and stopped vCPUs are
// skipped. A CPU with nothing runnable takes a waiting vCPU from the busiest CPU of its own node,
// from another node only when its node has no waiting work, preferring vCPUs whose home node is
// its own (`steal`); `move` re-queues the vCPU. Every choice is a pure function of the state.

import type { Vcpu } from './vcpu';

/** A vCPU a CPU may take over, and the CPU it waits on. */
export interface Steal {
  readonly v: Vcpu;
  readonly from: number;
}

export interface SchedulerOptions {
  readonly cpus: number;
  readonly timeSliceCycles: number;
  /** The NUMA node of a physical CPU. */
  readonly cpuNode: (p: number) => number;
  /** The home node of a vCPU's VM. */
  readonly homeNode: (v: Vcpu) => number;
}

export class Scheduler {
  /** The vCPU each physical CPU runs (undefined: idle). */
  readonly current: (Vcpu | undefined)[];
  /** Cycle at which the current slice of each CPU ends. */
  readonly sliceEnd: number[];
  /** vCPUs queued on each CPU, in global order. */
  readonly assigned: Vcpu[][];
  readonly timeSliceCycles: number;

  constructor(
    vcpus: readonly Vcpu[],
    private readonly o: SchedulerOptions,
  ) {
    this.timeSliceCycles = o.timeSliceCycles;
    this.current = new Array<Vcpu | undefined>(o.cpus).fill(undefined);
    this.sliceEnd = new Array<number>(o.cpus).fill(0);
    this.assigned = Array.from({ length: o.cpus }, () => []);
    for (const v of vcpus) this.queue(v.pcpu).push(v);
  }

  private queue(p: number): Vcpu[] {
    return this.assigned[p] as Vcpu[];
  }

  /** The vCPU CPU p should run now: the current one until its slice ends, then the next runnable. */
  choose(p: number, now: number): Vcpu | undefined {
    const cur = this.current[p];
    if (cur !== undefined && cur.run === 'runnable' && now < (this.sliceEnd[p] as number)) return cur;
    const list = this.queue(p);
    const start = cur === undefined ? 0 : list.indexOf(cur) + 1;
    for (let k = 0; k < list.length; k++) {
      const v = list[(start + k) % list.length] as Vcpu;
      if (v.run === 'runnable') {
        if (v === cur) this.sliceEnd[p] = now + this.timeSliceCycles;
        return v;
      }
    }
    return undefined;
  }

  /** Records the vCPU CPU p now runs; a new vCPU starts a fresh slice. */
  setCurrent(p: number, v: Vcpu | undefined, now: number): void {
    if (this.current[p] !== v) this.sliceEnd[p] = now + this.timeSliceCycles;
    this.current[p] = v;
  }

  /** When CPU p must re-enter the monitor to switch: the slice end if another vCPU waits, else never. */
  sliceDeadline(p: number): number {
    const cur = this.current[p];
    const others = this.queue(p).some((v) => v !== cur && v.run === 'runnable');
    return others ? (this.sliceEnd[p] as number) : Infinity;
  }

  /** Runnable vCPUs queued on CPU q (its current one included). */
  private runnableOn(q: number): number {
    let n = 0;
    for (const v of this.queue(q)) if (v.run === 'runnable') n++;
    return n;
  }

  /** True when a runnable vCPU of CPU q has to wait for another one (q keeps one, it may give the rest). */
  hasWaiting(q: number): boolean {
    return this.runnableOn(q) >= 2;
  }

  /**
   * The vCPU idle CPU p should take, or undefined: from the CPU with the most runnable vCPUs
   * (at least two; the lowest number on a tie) of p's node, else of any node; of that CPU's
   * waiting vCPUs (never its current one) the one it would run last, among those whose home
   * node is p's node when there are any.
   */
  steal(p: number): Steal | undefined {
    const node = this.o.cpuNode(p);
    let best = -1;
    let bestLoad = 1;
    for (const sameNode of [true, false]) {
      for (let q = 0; q < this.assigned.length; q++) {
        if (q === p || (this.o.cpuNode(q) === node) !== sameNode) continue;
        const load = this.runnableOn(q);
        if (load > bestLoad) {
          best = q;
          bestLoad = load;
        }
      }
      if (best >= 0) break;
    }
    if (best < 0) return undefined;
    const list = this.queue(best);
    const cur = this.current[best];
    const start = cur === undefined ? 0 : list.indexOf(cur) + 1;
    let pick: Vcpu | undefined;
    let pickHome = false;
    for (let k = 0; k < list.length; k++) {
      const v = list[(start + k) % list.length] as Vcpu;
      if (v === cur || v.run !== 'runnable') continue;
      const home = this.o.homeNode(v) === node;
      if (home || !pickHome) {
        pick = v;
        pickHome = home;
      }
    }
    return pick === undefined ? undefined : { v: pick, from: best };
  }

  /** Moves v from the queue of its CPU to the queue of CPU p (kept in global order). */
  move(v: Vcpu, p: number): void {
    const from = this.queue(v.pcpu);
    from.splice(from.indexOf(v), 1);
    const to = this.queue(p);
    let i = 0;
    while (i < to.length && (to[i] as Vcpu).globalId < v.globalId) i++;
    to.splice(i, 0, v);
    v.pcpu = p;
  }
}
