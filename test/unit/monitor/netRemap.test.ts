// The virtual subnet's scatter-gather messages (MC_NET_SENDV, MC_NET_RECV): whole pages of a
// page-aligned fragment arrive remapped read-only on a page-aligned part of the receive buffer,
// with the sender's bytes; partial fragments and misaligned destinations are copied; a store by
// either side afterwards gets a private copy the other never sees; a fragment outside the
// sender's memory moves nothing; the log and counters record what moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NET_QUEUE_VM } from '../../../debug-adapter/monitor/vnet';
import { buildMonitor, PROLOGUE, result, runToEnd, type Harness } from './guestHarness';

const PATTERN = 0xa000_0000;
const PARTIAL = 0xb000_0000;

// Pages A, B, C at 0x400000.. hold PATTERN + word index; a 64-byte header at 0x404000 names vm1;
// 100 partial bytes at 0x405010. Message: header, the three pages as one fragment, the partial.
const SENDER = `${PROLOGUE}
refill:
general:
	HALT 99
main:
	li $t0, GUEST_KSEG0_BASE + 0x400000
	li $t1, ${PATTERN}
	li $t2, 3072
1:	sw $t1, 0($t0)
	addiu $t1, $t1, 1
	addiu $t2, $t2, -1
	bnez $t2, 1b
	addiu $t0, $t0, 4
	li $t0, GUEST_KSEG0_BASE + 0x405010
	li $t1, ${PARTIAL}
	li $t2, 25
2:	sw $t1, 0($t0)
	addiu $t1, $t1, 1
	addiu $t2, $t2, -1
	bnez $t2, 2b
	addiu $t0, $t0, 4
	li $t0, GUEST_KSEG0_BASE + 0x404000
	li $t1, 0x02d15c00
	sw $t1, 0($t0)
	li $t1, 0x00020000
	sw $t1, 4($t0)
	li $t0, GUEST_KSEG0_BASE + 0x406000
	li $t1, 0x404000
	sw $t1, 0($t0)
	li $t1, 64
	sw $t1, 4($t0)
	li $t1, 0x400000
	sw $t1, 8($t0)
	li $t1, 12288
	sw $t1, 12($t0)
	li $t1, 0x405010
	sw $t1, 16($t0)
	li $t1, 100
	sw $t1, 20($t0)
	# a list whose second fragment runs past the end of the VM's 8 MB
	li $t0, GUEST_KSEG0_BASE + 0x407000
	li $t1, 0x404000
	sw $t1, 0($t0)
	li $t1, 64
	sw $t1, 4($t0)
	li $t1, 0x7ff000
	sw $t1, 8($t0)
	li $t1, 8192
	sw $t1, 12($t0)
	li $a0, 0x407000
	li $a1, 2
	li $v0, MC_NET_SENDV
	MONITOR_CALL
	sw $v0, 4($s6)
	li $a0, 0x406000
	li $a1, MC_NET_MAX_FRAGS + 1
	li $v0, MC_NET_SENDV
	MONITOR_CALL
	sw $v0, 8($s6)
	li $a0, 0x406000
	li $a1, 3
	li $v0, MC_NET_SENDV
	MONITOR_CALL
	sw $v0, 0($s6)
	li $a0, 0x406000
	li $a1, 3
	li $v0, MC_NET_SENDV
	MONITOR_CALL
	sw $v0, 12($s6)
	# page A changes after the send
	li $t0, GUEST_KSEG0_BASE + 0x400000
	li $t1, 0x5555
	sw $t1, 0($t0)
3:	li $a0, 0x408000
	li $a1, 1514
	li $v0, MC_NET_RECV
	MONITOR_CALL
	blez $v0, 3b
	nop
	HALT 0
`;

// After a while (the messages wait in its queue), takes the first message at 0x5fffc0 (its pages
// land on 0x600000..0x602fff), the second at the misaligned 0x610010, stores into page B, then
// acknowledges to vm0.
const RECEIVER = `${PROLOGUE}
refill:
general:
	HALT 98
main:
	li $t0, 100000
0:	addiu $t0, $t0, -1
	bnez $t0, 0b
	nop
1:	li $a0, 0x5fffc0
	li $a1, 16384
	li $v0, MC_NET_RECV
	MONITOR_CALL
	blez $v0, 1b
	nop
	sw $v0, 0($s6)
2:	li $a0, 0x610010
	li $a1, 16384
	li $v0, MC_NET_RECV
	MONITOR_CALL
	blez $v0, 2b
	nop
	sw $v0, 4($s6)
	li $t0, GUEST_KSEG0_BASE + 0x601000
	li $t1, 0x7777
	sw $t1, 4($t0)
	li $t0, GUEST_KSEG0_BASE + 0x608000
	li $t1, 0x02d15c00
	sw $t1, 0($t0)
	li $t1, 0x00010000
	sw $t1, 4($t0)
	li $a0, 0x608000
	li $a1, 60
	li $v0, MC_NET_SEND
	MONITOR_CALL
	sw $v0, 8($s6)
	HALT 0
`;

const word = (h: Harness, vm: number, gpa: number): number => result(h, vm, 0, gpa);
const mppn = (h: Harness, vm: number, gpa: number): number => h.monitor.vms[vm]?.pmap.mppn[gpa >>> 12] as number;

function run(): Harness {
  const h = buildMonitor([{ kernel: SENDER, network: true }, { kernel: RECEIVER, network: true }], { cpus: 2 });
  assert.equal(runToEnd(h).reason, 'halted');
  assert.deepEqual(h.monitor.vms.map((vm) => vm.end), [{ kind: 'halt', code: 0 }, { kind: 'halt', code: 0 }]);
  return h;
}

test('whole pages arrive remapped with the sender\'s bytes; partial fragments are copied', () => {
  const h = run();
  const length = 64 + 3 * 4096 + 100;
  assert.equal(result(h, 0, 0), 0, 'MC_NET_SENDV');
  assert.equal(result(h, 1, 0), length, 'first message, all of it');
  for (let i = 0; i < 3072; i++) {
    if (i === 1024 + 1) continue;
    assert.equal(word(h, 1, 0x600000 + 4 * i), (PATTERN + i) >>> 0, `received word ${i}`);
  }
  for (let i = 0; i < 25; i++) assert.equal(word(h, 1, 0x603000 + 4 * i), (PARTIAL + i) >>> 0, `partial word ${i}`);
  assert.equal(word(h, 1, 0x5fffc0), 0x02d15c00, 'header copied');
  assert.equal(word(h, 1, 0x603000 + 100), 0, 'nothing past the message');
  const c = h.monitor.vms[1]?.netCounters;
  assert.deepEqual(c && { pagesRemapped: c.pagesRemapped, bytesCopied: c.bytesCopied, bytesSaved: c.bytesSaved, received: c.messagesReceived }, {
    pagesRemapped: 3,
    bytesCopied: 164 + length,
    bytesSaved: 3 * 4096,
    received: 2,
  });
});

test('a misaligned receive buffer gets a copy of every page', () => {
  const h = run();
  assert.equal(result(h, 0, 3), 0, 'second MC_NET_SENDV');
  assert.equal(result(h, 1, 1), 64 + 3 * 4096 + 100);
  for (let i = 0; i < 3072; i++) assert.equal(word(h, 1, 0x610010 + 64 + 4 * i), (PATTERN + i) >>> 0, `copied word ${i}`);
  const log = h.monitor.snapshot().netLog;
  assert.deepEqual(
    log.entries.map((e) => [e.from, e.to, e.outcome, e.length, e.pagesRemapped, e.bytesCopied]),
    [
      ['vm0', 'vm1', 'delivered', 12452, 3, 164],
      ['vm0', 'vm1', 'delivered', 12452, 0, 12452],
      ['vm1', 'vm0', 'delivered', 60, 0, 60],
    ],
  );
  for (const e of log.entries) assert.ok(e.sent > 0 && e.cycle > 0);
});

test('a remapped page is read-only on both sides: each store gets a private copy', () => {
  const h = run();
  // Page C: nobody stored to it, so sender and receiver map one machine page, read-only.
  const c0 = mppn(h, 0, 0x402000);
  assert.equal(mppn(h, 1, 0x602000), c0, 'one machine page');
  assert.equal(h.monitor.vms[0]?.pmap.cow[0x402], 1);
  assert.equal(h.monitor.vms[1]?.pmap.cow[0x602], 1);
  const users = h.monitor.snapshot().memmap.find((e) => e.mppn === c0)?.users ?? [];
  assert.deepEqual(users.map((u) => [u.vm, u.gppn]).sort(), [[0, 0x402], [1, 0x602]]);
  // Page A: the sender stored after sending; the receiver still has the sent bytes.
  assert.equal(word(h, 0, 0x400000), 0x5555);
  assert.equal(word(h, 1, 0x600000), PATTERN);
  assert.notEqual(mppn(h, 0, 0x400000), mppn(h, 1, 0x600000));
  // Page B: the receiver stored; the sender never sees it.
  assert.equal(word(h, 1, 0x601004), 0x7777);
  assert.equal(word(h, 0, 0x401004), PATTERN + 1025);
  assert.notEqual(mppn(h, 0, 0x401000), mppn(h, 1, 0x601000));
  assert.equal(h.monitor.vms[1]?.pmap.cow[0x601], 0);
});

test('a fragment outside the sender\'s memory moves nothing', () => {
  const h = run();
  assert.equal(result(h, 0, 1) | 0, -2, 'MC_E_FAULT');
  assert.equal(result(h, 0, 2) | 0, -3, 'too many fragments: MC_E_INVAL');
  assert.equal(h.monitor.vms[0]?.netCounters.messagesSent, 2, 'only the two good messages');
  assert.equal(h.monitor.vms[1]?.netCounters.messagesReceived, 2);
  assert.deepEqual(h.monitor.vms.map((vm) => vm.rxQueue.length), [0, 0]);
  for (const e of h.monitor.snapshot().memmap) assert.ok(e.users.every((u) => u.vm !== NET_QUEUE_VM), 'no page left held by a queue');
});

test('a queued message survives save and restore', () => {
  const h = buildMonitor([{ kernel: SENDER, network: true }, { kernel: RECEIVER, network: true }], { cpus: 2 });
  let saved;
  for (let i = 0; i < 400 && saved === undefined; i++) {
    h.monitor.run(5_000);
    if ((h.monitor.vms[1]?.rxQueue.length ?? 0) > 0) saved = h.monitor.save();
  }
  assert.ok(saved !== undefined, 'a message was queued at some point');
  const first = runToEnd(h);
  const end = JSON.stringify(h.monitor.stats());
  h.monitor.restore(saved);
  assert.equal(runToEnd(h).reason, first.reason);
  assert.equal(JSON.stringify(h.monitor.stats()), end, 'the same run from the saved state');
});
