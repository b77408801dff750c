// The virtual subnet between the VMs of a configuration (Disco §4.2.3). A message is gathered
// from a list of guest-physical fragments (MC_NET_SENDV; MC_NET_SEND is one fragment): whole
// pages of a page-aligned fragment are not copied — the sender's page becomes read-only
// (copy-on-write) and every destination's queue holds a reference to its machine page in the
// memmap (user NET_QUEUE_VM); the rest is copied into the monitor. MC_NET_RECV scatters the
// oldest message into the receive buffer: a held page that lands on a page-aligned whole page
// of the buffer is remapped read-only there (the receiver's old page is released and shot
// down), anything else is copied. A store by either side later gets a private copy through the
// pmap's copy-on-write path. A full queue drops the message. IP4 is high while messages wait.

import { MC_RESULTS as R, NET_ABI, VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import { copyInstructions } from './costModel';
import { guestRangeOk, readGuest, writeGuest } from './guestMemory';
import { pageFree, pmapLookup } from './monitorSteps';
import type { Vm } from './vm';

/** Memmap user code (`vm` field; `gppn` = the destination VM) of a page a queued message holds. */
export const NET_QUEUE_VM = -6;

const PAGE = 4096;
const HEADER = 14;
const IP_NET = vipBit(VIRTUAL_IP.VIP_NET);

/** Part of a queued message: bytes copied at the send, or a machine page the queue holds. */
export type NetPart = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'page'; readonly mppn: number };

/** A message waiting in a VM's receive queue. */
export interface NetMessage {
  /** The sending VM. */
  readonly from: number;
  /** Cycle of the send. */
  readonly sent: number;
  readonly length: number;
  readonly parts: readonly NetPart[];
}

/** Subnet counters of one VM. */
export interface NetCounters {
  messagesSent: number;
  messagesReceived: number;
  /** Messages for this VM dropped because its queue was full. */
  messagesDropped: number;
  /** Whole pages received by remapping instead of copying. */
  pagesRemapped: number;
  /** Bytes received by copying. */
  bytesCopied: number;
  /** Bytes not copied thanks to remapping (pagesRemapped × 4096). */
  bytesSaved: number;
}

export const newNetCounters = (): NetCounters => ({ messagesSent: 0, messagesReceived: 0, messagesDropped: 0, pagesRemapped: 0, bytesCopied: 0, bytesSaved: 0 });

/** Result of a call: $v0, or $v0 and $v1. */
type NetResult = number | readonly [number, number];

/** A (guest-physical address, length) fragment of a message to send. */
interface Fragment {
  readonly gpa: number;
  readonly len: number;
}

/** MC_NET_SEND: one fragment of at most MC_NET_MAX_FRAME bytes. */
export function netSendFrame(core: MonitorCore, vm: Vm, gpa: number, len: number, cycle: number): NetResult {
  if (len < HEADER || len > NET_ABI.MC_NET_MAX_FRAME) return R.MC_E_INVAL;
  return send(core, vm, [{ gpa: gpa >>> 0, len }], cycle);
}

/** MC_NET_SENDV: `count` fragments listed at guest-physical `list` as (gpa, length) word pairs. */
export function netSendVector(core: MonitorCore, vm: Vm, list: number, count: number, cycle: number): NetResult {
  if (count < 1 || count > NET_ABI.MC_NET_MAX_FRAGS) return R.MC_E_INVAL;
  const raw = readGuest(core, vm, list, count * 8);
  if (raw === undefined) return R.MC_E_FAULT;
  const words = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const little = !core.machine.memory.bigEndian;
  const frags: Fragment[] = [];
  for (let i = 0; i < count; i++) frags.push({ gpa: words.getUint32(i * 8, little), len: words.getUint32(i * 8 + 4, little) });
  return send(core, vm, frags, cycle);
}

/** Checks every fragment, then gathers the message and queues it for its destinations. */
function send(core: MonitorCore, vm: Vm, frags: readonly Fragment[], cycle: number): NetResult {
  let length = 0;
  for (const f of frags) length += f.len;
  if (length < HEADER || length > NET_ABI.MC_NET_MAX_MESSAGE) return R.MC_E_INVAL;
  if (!frags.every((f) => guestRangeOk(vm, f.gpa, f.len))) return R.MC_E_FAULT;
  const parts = gather(core, vm, frags);
  if (parts === undefined) return R.MC_E_BUSY;
  deliver(core, vm, { from: vm.id, sent: cycle, length, parts }, cycle);
  vm.netCounters.messagesSent++;
  return R.MC_OK;
}

/** The message's parts: whole pages of page-aligned fragments held, the rest copied; undefined when memory ran out. */
function gather(core: MonitorCore, vm: Vm, frags: readonly Fragment[]): NetPart[] | undefined {
  const parts: NetPart[] = [];
  const pages: number[] = [];
  const copy = (gpa: number, len: number): boolean => {
    if (len === 0) return true;
    const bytes = readGuest(core, vm, gpa, len);
    if (bytes === undefined) return false;
    core.work.run('monitorCall', copyInstructions(core.costs, len));
    const last = parts[parts.length - 1];
    if (last?.kind === 'bytes') {
      const joined = new Uint8Array(last.bytes.length + len);
      joined.set(last.bytes);
      joined.set(bytes, last.bytes.length);
      parts[parts.length - 1] = { kind: 'bytes', bytes: joined };
    } else parts.push({ kind: 'bytes', bytes });
    return true;
  };
  for (const f of frags) {
    const whole = (f.gpa & (PAGE - 1)) === 0 ? Math.floor(f.len / PAGE) : 0;
    for (let k = 0; k < whole; k++) {
      const gppn = (f.gpa >>> 12) + k;
      const mppn = vm.pmap.translate(gppn, false);
      if (mppn < 0) return undefined;
      pmapLookup(core, 'monitorCall', vm.id, gppn);
      pages.push(gppn);
      parts.push({ kind: 'page', mppn });
    }
    if (!copy(f.gpa + whole * PAGE, f.len - whole * PAGE)) return undefined;
  }
  for (const gppn of pages) vm.pmap.makeReadOnly(gppn);
  return parts;
}

/** The first n bytes of a message (its Ethernet header). */
function leadingBytes(core: MonitorCore, parts: readonly NetPart[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    if (at >= n) break;
    const src = p.kind === 'bytes' ? p.bytes : core.machine.memory.readBytes(p.mppn * PAGE, PAGE);
    const k = Math.min(n - at, src.length);
    out.set(src.subarray(0, k), at);
    at += k;
  }
  return out;
}

/** Queues the message for the VM owning the destination MAC, or for every other VM (broadcast). */
function deliver(core: MonitorCore, from: Vm, msg: NetMessage, cycle: number): void {
  const header = leadingBytes(core, msg.parts, HEADER);
  const broadcast = ((header[0] as number) & 1) !== 0;
  for (const vm of core.vms) {
    if (vm === from || !vm.live || !vm.config.network) continue;
    if (!broadcast && !vm.mac.every((b, i) => header[i] === b)) continue;
    if (vm.rxQueue.length >= NET_ABI.MC_NET_RX_QUEUE) {
      vm.netCounters.messagesDropped++;
      core.netLog.add({ sent: msg.sent, cycle, from: from.name, to: vm.name, outcome: 'dropped', length: msg.length, pagesRemapped: 0, bytesCopied: 0 });
      continue;
    }
    for (const p of msg.parts) if (p.kind === 'page') core.memmap.share(p.mppn, { vm: NET_QUEUE_VM, gppn: vm.id });
    vm.rxQueue.push(msg);
    updateNetLine(core, vm);
  }
}

/** MC_NET_RECV: the oldest message into [gpa, gpa + max) → [bytes taken, messages still queued]. */
export function netReceive(core: MonitorCore, vm: Vm, gpa: number, max: number, cycle: number): NetResult {
  if (!guestRangeOk(vm, gpa, max)) return R.MC_E_FAULT;
  const msg = vm.rxQueue[0];
  if (msg === undefined) return [0, 0];
  const base = gpa >>> 0;
  let at = 0;
  let remapped = 0;
  let copied = 0;
  for (const p of msg.parts) {
    const size = p.kind === 'bytes' ? p.bytes.length : PAGE;
    const dst = base + at;
    if (p.kind === 'page' && (dst & (PAGE - 1)) === 0 && max - at >= PAGE) {
      const gppn = dst >>> 12;
      const old = vm.pmap.mppn[gppn] as number;
      vm.pmap.shareInto(gppn, p.mppn);
      if (old >= 0) pageFree(core, vm.id, gppn, old);
      remapped++;
    } else {
      const n = Math.min(size, max - at);
      const src = p.kind === 'bytes' ? p.bytes : core.machine.memory.readBytes(p.mppn * PAGE, PAGE);
      if (n > 0 && !writeGuest(core, vm, dst, src.subarray(0, n))) return R.MC_E_FAULT;
      core.work.run('monitorCall', copyInstructions(core.costs, n));
      copied += n;
    }
    at = Math.min(max, at + size);
  }
  vm.rxQueue.shift();
  releaseHeld(core, vm, msg);
  const c = vm.netCounters;
  c.messagesReceived++;
  c.pagesRemapped += remapped;
  c.bytesCopied += copied;
  c.bytesSaved += remapped * PAGE;
  core.netLog.add({ sent: msg.sent, cycle, from: core.vms[msg.from]?.name ?? '?', to: vm.name, outcome: 'delivered', length: at, pagesRemapped: remapped, bytesCopied: copied });
  updateNetLine(core, vm);
  return [at, vm.rxQueue.length];
}

/** Drops the queue's references to the message's pages (a remapped page keeps the receiver's). */
function releaseHeld(core: MonitorCore, vm: Vm, msg: NetMessage): void {
  for (const p of msg.parts) if (p.kind === 'page') core.memmap.release(p.mppn, { vm: NET_QUEUE_VM, gppn: vm.id });
}

/** IP4 of vCPU 0 follows the queue: high while messages wait. */
export function updateNetLine(core: MonitorCore, vm: Vm): void {
  const v0 = vm.vcpus[0];
  if (v0 === undefined) return;
  if (vm.rxQueue.length > 0) core.raise(v0, IP_NET);
  else core.lower(v0, IP_NET);
}

/** The saved form of a queued message. */
export interface NetMessageState {
  readonly from: number;
  readonly sent: number;
  readonly length: number;
  readonly parts: readonly ({ readonly bytes: readonly number[] } | { readonly mppn: number })[];
}

export const saveMessage = (m: NetMessage): NetMessageState => ({
  from: m.from,
  sent: m.sent,
  length: m.length,
  parts: m.parts.map((p) => (p.kind === 'bytes' ? { bytes: Array.from(p.bytes) } : { mppn: p.mppn })),
});

export const loadMessage = (s: NetMessageState): NetMessage => ({
  from: s.from,
  sent: s.sent,
  length: s.length,
  parts: s.parts.map((p): NetPart => ('bytes' in p ? { kind: 'bytes', bytes: Uint8Array.from(p.bytes) } : { kind: 'page', mppn: p.mppn })),
});
