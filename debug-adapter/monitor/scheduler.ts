// vCPU scheduling on physical CPUs (Disco §1.1): each vCPU is bound to one physical CPU chosen
// at start for affinity with its VM's memory node; a CPU time-shares its vCPUs round-robin in
// slices of `timeSliceCycles`. Idle (WAIT) and stopped vCPUs are skipped; a CPU with nothing
// runnable idles until a virtual interrupt makes one of its vCPUs runnable again.

import type { Vcpu } from './vcpu';

export class Scheduler {
  /** The vCPU each physical CPU runs (undefined: idle). */
  readonly current: (Vcpu | undefined)[];
  /** Cycle at which the current slice of each CPU ends. */
  readonly sliceEnd: number[];
  /** vCPUs bound to each CPU, in global order. */
  readonly assigned: Vcpu[][];

  constructor(
    cpus: number,
    vcpus: readonly Vcpu[],
    readonly timeSliceCycles: number,
  ) {
    this.current = new Array<Vcpu | undefined>(cpus).fill(undefined);
    this.sliceEnd = new Array<number>(cpus).fill(0);
    this.assigned = Array.from({ length: cpus }, () => []);
    for (const v of vcpus) (this.assigned[v.pcpu] as Vcpu[]).push(v);
  }

  /** The vCPU CPU p should run now: the current one until its slice ends, then the next runnable. */
  choose(p: number, now: number): Vcpu | undefined {
    const cur = this.current[p];
    if (cur !== undefined && cur.run === 'runnable' && now < (this.sliceEnd[p] as number)) return cur;
    const list = this.assigned[p] as Vcpu[];
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
    const others = (this.assigned[p] as Vcpu[]).some((v) => v !== cur && v.run === 'runnable');
    return others ? (this.sliceEnd[p] as number) : Infinity;
  }
}
