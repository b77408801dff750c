// The NUMA part of the memmap's per-page record (Disco §1.3): for a master machine page, the
// pointers to its replicas, one per node at most; for every page, how often it has moved
// (migrated or been replicated), which the policy caps. Replica pages are in the memmap too,
// used by REPLICA_VM with the master's number as their guest page.

/** The saved form: [master, replica page per node (-1: none)] and [page, moves]. */
export interface NumaRecordsState {
  readonly replicas: readonly (readonly [number, readonly number[]])[];
  readonly moves: readonly (readonly [number, number])[];
}

export class NumaRecords {
  /** Master page → its replica on each node (-1: none; the master's own node stays -1). */
  private readonly replicaTable = new Map<number, number[]>();
  private readonly moveCounts = new Map<number, number>();

  constructor(readonly nodes: number) {}

  /** The replica of master on `node`, or -1. */
  replicaOn(master: number, node: number): number {
    if (this.replicaTable.size === 0) return -1;
    return this.replicaTable.get(master)?.[node] ?? -1;
  }

  /** True when master has at least one replica. */
  hasReplicas(master: number): boolean {
    return this.replicaTable.size !== 0 && this.replicaTable.has(master);
  }

  /** The replica pages of master, in node order. */
  replicasOf(master: number): number[] {
    return (this.replicaTable.get(master) ?? []).filter((r) => r >= 0);
  }

  /** Every master page with replicas, in page order. */
  masters(): number[] {
    return [...this.replicaTable.keys()].sort((a, b) => a - b);
  }

  /** Records replica r of master on node. */
  addReplica(master: number, node: number, r: number): void {
    let row = this.replicaTable.get(master);
    if (row === undefined) {
      row = new Array<number>(this.nodes).fill(-1);
      this.replicaTable.set(master, row);
    }
    row[node] = r;
  }

  /** Forgets every replica of master and returns them (the caller frees and shoots them down). */
  dropReplicas(master: number): number[] {
    const out = this.replicasOf(master);
    this.replicaTable.delete(master);
    return out;
  }

  /** Migrations and replications of the page so far. */
  moves(mppn: number): number {
    return this.moveCounts.get(mppn) ?? 0;
  }

  /** Counts one move of the page. */
  countMove(mppn: number): void {
    this.moveCounts.set(mppn, this.moves(mppn) + 1);
  }

  /** The page's contents now live in page `to` (migration): its count follows. */
  moved(from: number, to: number): void {
    const n = this.moves(from);
    this.moveCounts.delete(from);
    if (n > 0) this.moveCounts.set(to, n);
  }

  /** The page went free: its count is forgotten. */
  freed(mppn: number): void {
    this.moveCounts.delete(mppn);
  }

  save(): NumaRecordsState {
    const sorted = <T>(m: Map<number, T>): [number, T][] => [...m].sort((a, b) => a[0] - b[0]);
    return { replicas: sorted(this.replicaTable).map(([m, r]) => [m, [...r]] as const), moves: sorted(this.moveCounts) };
  }

  load(s: NumaRecordsState): void {
    this.replicaTable.clear();
    this.moveCounts.clear();
    for (const [m, r] of s.replicas) this.replicaTable.set(m, [...r]);
    for (const [m, n] of s.moves) this.moveCounts.set(m, n);
  }
}
