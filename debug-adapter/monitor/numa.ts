// NUMA memory management (Disco §1.3, after Verghese et al.): first-touch placement, and page
// migration and replication driven by the machine's per-page, per-node cache-miss counters. The
// counters' hot-page trigger queues a (page, node) pair; the next CPU to enter the monitor reads
// the page's counts and applies the policy: used by that remote node alone → migrate there;
// read by several nodes and not written → replicate on that node; written by several → leave it.
// Guest pages and the kernel image cache's pages (kernel text shared by the VMs) may migrate or
// replicate; the disk cache's pages may replicate.
// Each page moves at most maxMovesPerPage times, the machine at most maxMovesPerInterval times per
// interval; the counters are reset every interval. A move copies the page, shoots down every
// hardware TLB entry naming the old machine page, then updates the pmaps (migration) or the
// memmap's replica pointers (replication: every mapping becomes read-only, each CPU maps its
// node's copy, and a write collapses the replicas to the master before it proceeds).

import type { NumaPolicyConfig } from '../config/discoConfig';
import { ENTRYLO_PFN_SHIFT, ENTRYLO_V } from '../machine/priv/cp0Bits';
import type { MachineCpu } from '../machine/system/machineCpu';
import type { PageNodeCount } from '../machine/timing/missCounters';
import type { MonitorCore } from './core';
import { DISK_CACHE_VM } from './diskCache';
import { shootDownPage } from './hwTlb';
import { KERNEL_IMAGE_VM } from './kernelImages';
import { type PageUser, REPLICA_VM } from './memmap';
import { noteMonitorWrite } from './monitorWrites';
import { chargePageWork } from './pageWork';

const PAGE = 4096;
/** EntryLo bits below the PFN (C, D, V, G). */
const ENTRYLO_FLAGS = (1 << ENTRYLO_PFN_SHIFT) - 1;

/** What the policy did (`--stats` and the snapshot). */
export interface NumaCounters {
  /** Hot (page, node) pairs the counters reported. */
  hotPages: number;
  migrated: number;
  replicated: number;
  /** Writes that collapsed a page's replicas. */
  collapsed: number;
  /** CPUs whose TLB held a moved or collapsed page and had it shot down. */
  shootdowns: number;
}

/** The saved form. */
export interface NumaState {
  readonly nextReset: number;
  readonly movesThisInterval: number;
  readonly counters: NumaCounters;
}

const newCounters = (): NumaCounters => ({ hotPages: 0, migrated: 0, replicated: 0, collapsed: 0, shootdowns: 0 });

/** A VM's guest page (the pmap's users), as opposed to special pages, replicas, the disk cache or monitor data. */
const isGuestPage = (u: PageUser): boolean => u.vm >= 0 && u.gppn >= 0;
/** Users a migration can follow: guest pages (their pmaps) and the kernel image cache (its page lists). */
const canMigrate = (u: PageUser): boolean => isGuestPage(u) || u.vm === KERNEL_IMAGE_VM;
/** Users whose page may be replicated: every mapping of it is read-only from then on; the disk cache too. */
const canReplicate = (u: PageUser): boolean => canMigrate(u) || u.vm === DISK_CACHE_VM;

export class Numa {
  counters: NumaCounters = newCounters();
  /** Dynamic moves are on (a policy is enabled and the timing model counts misses). */
  readonly active: boolean;
  private nextReset: number;
  private movesThisInterval = 0;

  constructor(
    private readonly core: MonitorCore,
    readonly policy: NumaPolicyConfig,
  ) {
    const timing = core.machine.timing;
    this.active = (policy.migration || policy.replication) && timing !== undefined;
    if (this.active) timing?.counters.setHotThreshold(policy.hotThreshold);
    this.nextReset = policy.resetIntervalCycles;
  }

  /** The node a first touch of a VM with home node `home` allocates on. */
  placeNode(home: number): number {
    const p = this.core.inHook;
    return this.policy.placement === 'first-touch' && p >= 0 ? this.core.machine.cpuNode(p) : home;
  }

  /** EntryLo `lo` as CPU `cpu` installs it: naming its node's replica when the page has one. */
  local(cpu: MachineCpu, lo: number): number {
    if (!(lo & ENTRYLO_V)) return lo;
    const r = this.core.memmap.numa.replicaOn((lo >>> ENTRYLO_PFN_SHIFT) & 0xffffff, this.core.machine.cpuNode(cpu.index));
    return r < 0 ? lo : (r << ENTRYLO_PFN_SHIFT) | (lo & ENTRYLO_FLAGS);
  }

  /** On entry to the monitor: a new interval resets the counters; hot pages are acted on. */
  poll(cpu: MachineCpu): void {
    const timing = this.core.machine.timing;
    if (!this.active || timing === undefined) return;
    if (cpu.cycle >= this.nextReset) {
      timing.counters.reset();
      this.movesThisInterval = 0;
      this.nextReset = cpu.cycle + this.policy.resetIntervalCycles;
    }
    for (const hot of timing.counters.takeHotPages()) this.decide(cpu, hot);
  }

  /** Machine page m was unmapped somewhere: mappings of its replicas go too, and the replicas when m is free. */
  unmapped(m: number): void {
    const numa = this.core.memmap.numa;
    if (!numa.hasReplicas(m)) return;
    for (const r of numa.replicasOf(m)) this.shootDown(r);
    if (this.core.memmap.refCount(m) === 0) this.dropReplicas(m);
  }

  /** A write is about to go to replicated page m: one copy (the master) stays, writable again. */
  collapse(m: number): void {
    const shot = this.dropReplicas(m);
    for (const u of this.core.memmap.usersOf(m)) if (isGuestPage(u)) this.core.vms[u.vm]?.pmap.refresh(u.gppn);
    this.counters.collapsed++;
    chargePageWork(this.core, 0, shot);
    this.core.emit('page-move', undefined, this.cycle(), () => `machine page 0x${m.toString(16)}: a write collapsed its replicas`);
  }

  private decide(cpu: MachineCpu, hot: PageNodeCount): void {
    this.counters.hotPages++;
    const { page, node } = hot;
    const memmap = this.core.memmap;
    const users = memmap.usersOf(page);
    const p = this.policy;
    if (users.length === 0 || this.movesThisInterval >= p.maxMovesPerInterval || memmap.numa.moves(page) >= p.maxMovesPerPage) return;
    if (memmap.nodeOf(page) === node || memmap.numa.replicaOn(page, node) >= 0) return;
    const counts = this.core.machine.timing?.counters;
    if (counts === undefined) return;
    let writes = 0;
    let sharers = 0;
    for (let n = 0; n < memmap.nodes; n++) {
      writes += counts.writes[page * memmap.nodes + n] ?? 0;
      if (n !== node && counts.count(page, n) >= p.sharingThreshold) sharers++;
    }
    if (sharers === 0 && p.migration && users.every(canMigrate) && !memmap.numa.hasReplicas(page)) this.migrate(cpu, page, node);
    else if (p.replication && writes < p.writeThreshold && users.every(canReplicate)) this.replicate(cpu, page, node);
  }

  /** Moves page to node: copy, every user's pmap entry to the copy, the old page shot down and freed. */
  private migrate(cpu: MachineCpu, page: number, node: number): void {
    const core = this.core;
    const memmap = core.memmap;
    const to = memmap.moveToNode(page, node);
    if (to < 0) return;
    this.copy(to, page);
    const timing = core.machine.timing;
    timing?.flushPage(page * PAGE);
    timing?.counters.resetPage(page);
    for (const u of memmap.usersOf(to)) core.vms[u.vm]?.pmap.moveTo(u.gppn, to);
    core.kernelImages.moved(page, to);
    const shot = this.shootDown(page);
    memmap.numa.countMove(to);
    this.counters.migrated++;
    this.movesThisInterval++;
    chargePageWork(core, PAGE, shot);
    core.emit('page-move', undefined, cpu.cycle, () => `machine page 0x${page.toString(16)} migrated to 0x${to.toString(16)} on node ${node}`);
  }

  /** Copies page onto node: mappings become read-only, that node's CPUs map the copy from their next miss. */
  private replicate(cpu: MachineCpu, page: number, node: number): void {
    const core = this.core;
    const memmap = core.memmap;
    const r = memmap.allocateOn({ vm: REPLICA_VM, gppn: page }, node);
    if (r < 0) return;
    this.copy(r, page);
    const first = !memmap.numa.hasReplicas(page);
    memmap.numa.addReplica(page, node, r);
    if (first) for (const u of memmap.usersOf(page)) if (isGuestPage(u)) core.vms[u.vm]?.pmap.refresh(u.gppn);
    const shot = this.shootDown(page);
    core.machine.timing?.counters.resetPage(page);
    memmap.numa.countMove(page);
    this.counters.replicated++;
    this.movesThisInterval++;
    chargePageWork(core, PAGE, shot);
    core.emit('page-move', undefined, cpu.cycle, () => `machine page 0x${page.toString(16)} replicated to 0x${r.toString(16)} on node ${node}`);
  }

  /** Frees every replica of m after shooting it down; returns the CPUs shot down. */
  private dropReplicas(m: number): number {
    let shot = 0;
    for (const r of this.core.memmap.numa.dropReplicas(m)) {
      shot += this.shootDown(r);
      this.core.memmap.release(r, { vm: REPLICA_VM, gppn: m });
      this.core.machine.timing?.flushPage(r * PAGE);
    }
    return shot;
  }

  private copy(dst: number, src: number): void {
    const mem = this.core.machine.memory;
    mem.writeBytes(dst * PAGE, mem.readBytes(src * PAGE, PAGE));
    noteMonitorWrite(this.core.machine, dst * PAGE, PAGE);
  }

  /** Drops every CPU's hardware TLB entries naming machine page m; returns how many CPUs held one. */
  private shootDown(m: number): number {
    let hit = 0;
    for (const cpu of this.core.machine.cpus) if (shootDownPage(cpu, m)) hit++;
    this.counters.shootdowns += hit;
    return hit;
  }

  private cycle(): number {
    return this.core.machine.cpus[this.core.inHook]?.cycle ?? 0;
  }

  save(): NumaState {
    return { nextReset: this.nextReset, movesThisInterval: this.movesThisInterval, counters: { ...this.counters } };
  }

  load(s: NumaState): void {
    this.nextReset = s.nextReset;
    this.movesThisInterval = s.movesThisInterval;
    this.counters = { ...s.counters };
  }
}
