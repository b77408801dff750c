// The webview-independent parts of the TLB, counters and timeline panels and of the extension's
// counter history: the last miss's entry in each TLB, listed rows, plot series from samples,
// timeline filters and positions, and a bounded history that restarts when time goes back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CounterSample, HardwareTlbRowView, TimelineEventView, TlbRowView, TlbView } from '../../../debug-adapter/debugger/viewModels';
import { cycleShares, keysUnder, ratesPerKiloInstruction, vmNames } from '../../../media/counters/series';
import { density, filterEvents, lastAtOrBefore, tally } from '../../../media/timeline/timelineFilter';
import { covers, listedRows, missMarks, sizeText } from '../../../media/tlb/tlbRows';
import { CounterHistory } from '../../../src/views/counterHistory';
import { hexDump } from '../../../src/views/hexDump';

function row(index: number, va: number, pfn: [number, number], asid = 1): TlbRowView {
  return { index, entryHi: (va | asid) >>> 0, entryLo0: pfn[0] < 0 ? 0 : (pfn[0] << 6) | 2, entryLo1: pfn[1] < 0 ? 0 : (pfn[1] << 6) | 2, pageMask: 0, va, pageBytes: 4096, asid, global: false, pfn, dirty: [false, false] };
}

function hw(r: TlbRowView, owner: HardwareTlbRowView['owner']): HardwareTlbRowView {
  return { ...r, owner, mismatch: false, mismatchReason: undefined };
}

test('the last miss is marked in the virtual TLB, the L2TLB and the hardware entry that covers its address', () => {
  const used = row(5, 0x00400000, [0x10, 0x11]);
  const view: TlbView = {
    threadId: 1, vm: 'server', vcpu: 0, cpu: 0, onCpu: true, guestAsid: 1, hardwareAsid: 1,
    virtualTlb: [{ ...row(0, 0x1000, [-1, -1]), inHardware: false }, { ...used, inHardware: true }],
    hardwareTlb: [hw(row(0, 0x00400000, [0x900, 0x901]), 'other'), hw(row(1, 0x00400000, [0x900, 0x901]), 'this'), hw(row(2, 0, [-1, -1]), 'invalid')],
    l2tlb: [row(0, 0x2000, [1, 2]), { ...used, index: 7 }],
    lastMiss: { va: 0x00401234, store: false, cycle: 100, outcome: 'l2tlb fill', entry: used, virtualTlbIndex: 5 },
  };
  assert.deepEqual(missMarks(view), { virtual: 5, l2tlb: 7, hardware: 1 });
  assert.deepEqual(missMarks({ ...view, lastMiss: undefined }), { virtual: -1, l2tlb: -1, hardware: -1 });
  assert.ok(covers(used, 0x00401fff) && !covers(used, 0x00402000) && !covers(used, 0x003fffff));
  assert.deepEqual(listedRows(view.hardwareTlb, false).map((r) => r.index), [0, 1]);
  assert.equal(listedRows(view.hardwareTlb, true).length, 3);
  assert.equal(sizeText(4096), '4K');
  assert.equal(sizeText(1 << 24), '16M');
});

function sample(cycle: number, instructions: number, values: Record<string, number>): CounterSample {
  return { cycle, instructions, values };
}

test('cycle shares per interval, of the machine and of one VM', () => {
  const s = [
    sample(1e6, 1000, { 'total.cycles.user': 0, 'total.cycles.kernel': 0, 'total.cycles.monitor': 0, 'total.cycles.idle': 0, 'vm.a.cycles.user': 0, 'vm.a.cycles.kernel': 0, 'vm.a.cycles.monitor': 0 }),
    sample(2e6, 3000, { 'total.cycles.user': 50, 'total.cycles.kernel': 25, 'total.cycles.monitor': 25, 'total.cycles.idle': 0, 'vm.a.cycles.user': 10, 'vm.a.cycles.kernel': 10, 'vm.a.cycles.monitor': 0 }),
    sample(3e6, 3000, { 'total.cycles.user': 50, 'total.cycles.kernel': 25, 'total.cycles.monitor': 25, 'total.cycles.idle': 100, 'vm.a.cycles.user': 10, 'vm.a.cycles.kernel': 10, 'vm.a.cycles.monitor': 0 }),
  ];
  const t = cycleShares(s, 'total');
  assert.deepEqual(t.x, [2, 3]);
  assert.deepEqual(t.series.map((x) => x.label), ['guest user', 'guest kernel', 'monitor (Disco)', 'idle']);
  assert.deepEqual(t.series.map((x) => x.values[0]), [50, 25, 25, 0]);
  assert.deepEqual(t.series.map((x) => x.values[1]), [0, 0, 0, 100]);
  const a = cycleShares(s, 'vm.a');
  assert.equal(a.series.length, 3, 'a VM has no idle time');
  assert.deepEqual(a.series.map((x) => x.values[1]), [null, null, null], 'no cycles in the interval: a gap');
  assert.deepEqual(vmNames(s), ['a']);
});

test('rates per thousand instructions, keys by prefix', () => {
  const s = [
    sample(1, 0, { 'total.tlb.hardwareMisses': 0, 'total.tlb.reflected': 0, 'total.tlb.l2tlbHits': 0 }),
    sample(2, 2000, { 'total.tlb.hardwareMisses': 10, 'total.tlb.reflected': 4, 'total.tlb.l2tlbHits': 6 }),
  ];
  const keys = keysUnder(s, 'total.tlb.', ['hardwareMisses']);
  assert.deepEqual(keys, ['total.tlb.l2tlbHits', 'total.tlb.reflected']);
  const r = ratesPerKiloInstruction(s, keys, 'total.tlb.');
  assert.deepEqual(r.series.map((x) => [x.label, x.values[0]]), [['l2tlbHits', 3], ['reflected', 2]]);
});

test('counter history: bounded, a repeated time dropped, going back in time restarts it', () => {
  const h = new CounterHistory(3);
  for (let i = 1; i <= 5; i++) assert.equal(h.add(sample(i * 10, i * 100, {})), 'appended');
  assert.deepEqual(h.all.map((s) => s.cycle), [30, 40, 50]);
  assert.equal(h.add(sample(50, 500, {})), 'same');
  assert.equal(h.add(sample(20, 200, {})), 'reset');
  assert.deepEqual(h.all.map((s) => s.cycle), [20]);
});

function ev(position: number, kind: TimelineEventView['kind'], vmName: string): TimelineEventView {
  return { kind, vm: 0, vcpu: 0, cycle: position * 2, detail: '', position, vmName };
}

test('timeline: filters by kind and VM, counts, the current position, density', () => {
  const events = [ev(10, 'emulate', 'a'), ev(20, 'reflect', 'b'), ev(20, 'emulate', 'b'), ev(40, 'page-alloc', 'a')];
  assert.deepEqual(filterEvents(events, { hiddenKinds: ['emulate'], vm: undefined }).map((e) => e.position), [20, 40]);
  assert.deepEqual(filterEvents(events, { hiddenKinds: [], vm: 'a' }).map((e) => e.kind), ['emulate', 'page-alloc']);
  const t = tally(events);
  assert.deepEqual([...t.kinds], [['emulate', 2], ['reflect', 1], ['page-alloc', 1]]);
  assert.deepEqual([...t.vms], [['a', 2], ['b', 2]]);
  assert.equal(lastAtOrBefore(events, 5), -1);
  assert.equal(lastAtOrBefore(events, 20), 2);
  assert.equal(lastAtOrBefore(events, 39), 2);
  assert.equal(lastAtOrBefore(events, 1000), 3);
  assert.deepEqual([...density(events, 0, 50, 5)], [0, 1, 2, 0, 1]);
});

test('hex dump lines as xxd prints them', () => {
  const bytes = Uint8Array.from([0x48, 0x69, 0x00, 0xff, ...new Array<number>(14).fill(0x41)]);
  assert.equal(hexDump(0x1000, bytes), [
    '00001000:  48 69 00 ff  41 41 41 41  41 41 41 41  41 41 41 41  |Hi..AAAAAAAAAAAA|',
    '00001010:  41 41                                               |AA|',
  ].join('\n'));
});
