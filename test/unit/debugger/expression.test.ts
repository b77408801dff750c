// Debugger expressions on examples/multi-vm after 500,000 instructions: symbols equal the
// ELF symbol table, registers and memory equal what the vCPU record and machine memory hold,
// C precedence and signedness, `vm == "server"` only on the server's thread, assignment,
// logpoint messages, and errors at the right column.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assignExpression, evaluateExpression, ExpressionError, formatValue, parseExpression } from '../../../debug-adapter/debugger/expression';
import { formatLogMessage, parseLogMessage } from '../../../debug-adapter/debugger/logMessage';
import type { DebugTarget, DebugThread } from '../../../debug-adapter/debugger/target';
import { bareKernelElf, bareTarget, monitorTarget } from '../../support/debugTargets';

let target: DebugTarget;
let server: DebugThread;

before(() => {
  target = monitorTarget('examples/multi-vm/multi-vm.disco.json');
  target.monitor?.run(500_000);
  server = target.threads[0] as DebugThread;
});

const value = (text: string, t: DebugThread = server): number | string => evaluateExpression(target, t, text).value;

function columnOf(text: string): number {
  try {
    evaluateExpression(target, server, text);
  } catch (e) {
    if (e instanceof ExpressionError) return e.column;
    throw e;
  }
  return assert.fail(`${text} did not fail`);
}

test('symbols evaluate to their ELF symbol table values in the thread\'s VM', () => {
  const elf = target.monitor?.kernels[0];
  const globals = elf?.symbols.filter((s) => s.bind === 'global' && s.type === 'func') ?? [];
  assert.ok(globals.length > 10);
  for (const s of globals) assert.equal(value(s.name), s.value >>> 0, s.name);
});

test('registers: GPRs with and without $, pc, hi/lo, and the virtual CP0', () => {
  const v = server.vcpu;
  assert.ok(v !== undefined);
  const regs = target.registerFile(server);
  assert.equal(value('$a0'), regs.gpr[4]);
  assert.equal(value('a0'), regs.gpr[4]);
  assert.equal(value('$4'), regs.gpr[4]);
  assert.equal(value('$sp'), regs.gpr[29]);
  assert.equal(value('$zero'), 0);
  assert.equal(value('pc'), regs.pc >>> 0);
  assert.equal(value('$hi'), regs.hi);
  assert.equal(value('status'), v.cp0.status >>> 0);
  assert.equal(value('$epc'), v.cp0.epc >>> 0);
  assert.equal(value('badvaddr'), v.cp0.badVAddr >>> 0);
  assert.equal(value('vcpu'), 0);
  assert.equal(value('cpu'), v.pcpu);
});

test('C precedence, signedness and literals', () => {
  assert.equal(value('1 + 2 * 3'), 7);
  assert.equal(value('(1 + 2) * 3'), 9);
  assert.equal(value('1 << 4 | 1'), 17);
  assert.equal(value('6 & 3 == 3'), 0); // == binds tighter than &
  assert.equal(value('1 ? 2 : 3 ? 4 : 5'), 2);
  assert.equal(value('0 ? 2 : 0 ? 4 : 5'), 5);
  assert.equal(value('-1 < 0'), 1);
  assert.equal(value('0xffffffff > 0'), 1); // hex above INT_MAX is unsigned
  assert.equal(value('-1 >> 28'), -1);
  assert.equal(value('0xf0000000 >> 28'), 15);
  assert.equal(value('-7 / 2'), -3);
  assert.equal(value('-7 % 2'), -1);
  assert.equal(value("'A' + 1"), 66);
  assert.equal(value("'\\n'"), 10);
  assert.equal(value('0b101 + 010'), 13);
  assert.equal(value('(u8)0x1234'), 0x34);
  assert.equal(value('(s8)0xff'), -1);
  assert.equal(value('!0 && !!7 || 0'), 1);
  assert.equal(value('~0'), -1);
  assert.equal(formatValue(evaluateExpression(target, server, '42')), '0x0000002a (42)');
  assert.equal(formatValue(evaluateExpression(target, server, 'vm')), '"server"');
});

test('dereferences read the thread\'s memory through its translation', () => {
  const vm = server.vm;
  assert.ok(vm !== undefined);
  const mem = target.machine.memory;
  const mppn = vm.pmap.mppn[0x100] as number; // _start at 0xc0100000: guest page 0x100
  assert.ok(mppn >= 0);
  const word = mem.read32(mppn * 4096) >>> 0;
  assert.equal(value('*(u32*)0xc0100000'), word);
  assert.equal(value('*_start'), word);
  assert.equal(value('[_start]'), word);
  assert.equal(value('*(u8*)_start'), word >>> 24);
  assert.equal(value('*(s16*)(_start + 2)'), (word << 16) >> 16);
  assert.equal(value('*(s32*)_start'), word | 0);
});

test('vm, vcpu and strings make per-VM conditions', () => {
  const truth = target.threads.map((t) => value('vm == "server"', t));
  assert.deepEqual(truth, target.threads.map((t) => (t.vm?.name === 'server' ? 1 : 0)));
  assert.deepEqual(target.threads.map((t) => value('vm != "worker" && vcpu == 0', t)), [1, 1, 0, 0]);
  assert.deepEqual(target.threads.map((t) => value('vm == "worker" ? vcpu + 10 : -1', t)), [-1, -1, 10, 11]);
  // && is lazy: the right side would fail on every VM but the worker.
  assert.deepEqual(target.threads.slice(0, 2).map((t) => value('vm == "worker" && *(u32*)0 == 0', t)), [0, 0]);
});

test('errors carry the column of the mistake', () => {
  assert.equal(columnOf('1 +'), 4);
  assert.equal(columnOf('$a0 + no_such_symbol'), 7);
  assert.equal(columnOf('(1 + 2'), 7);
  assert.equal(columnOf('1 2'), 3);
  assert.equal(columnOf('08'), 1);
  assert.equal(columnOf('1 / (2 - 2)'), 3);
  assert.equal(columnOf('vm + 1'), 1);
  assert.equal(columnOf('vm == 1'), 4);
  assert.equal(columnOf('vm < "a"'), 4);
  assert.equal(columnOf('  (u32*)4'), 3);
  assert.equal(columnOf('"open'), 1);
  assert.equal(columnOf('3 = 4'), 1);
  assert.equal(columnOf('1 + *(u32*)0x10'), 5); // kuseg with no guest TLB entry
  assert.equal(columnOf(''), 1);
  const bare = bareTarget(bareKernelElf('guest/kernel/kernel.S'));
  assert.throws(() => evaluateExpression(bare, bare.threads[0] as DebugThread, 'vm == "x"'), (e: ExpressionError) => e.column === 1 && /bare machine/.test(e.message));
});

test('assignment writes registers and memory', () => {
  const regs = target.registerFile(server);
  const old = regs.gpr[4] as number;
  assert.equal(evaluateExpression(target, server, '$a0 = 5 * 3').value, 15);
  assert.equal(regs.gpr[4], 15);
  assignExpression(target, server, 'a0', '0x1234');
  assert.equal(regs.gpr[4], 0x1234);
  regs.gpr[4] = old;
  const vm = server.vm;
  assert.ok(vm !== undefined);
  const addr = 0xc0000000 + 0x7ff000; // a guest page of the kernel window
  evaluateExpression(target, server, `*(u32*)${addr} = 0xcafe1234`);
  const mppn = vm.pmap.mppn[0x7ff] as number;
  assert.equal(target.machine.memory.read32(mppn * 4096) >>> 0, 0xcafe1234);
  evaluateExpression(target, server, `*(u8*)(${addr} + 1) = 0x55`);
  assert.equal(target.machine.memory.read32(mppn * 4096) >>> 0, 0xca551234);
  assert.throws(() => assignExpression(target, server, 'status', '1'), /cannot be assigned/);
  assert.throws(() => parseExpression('a0 + 1 = 2'), ExpressionError);
});

test('logpoint messages interpolate expressions with formats', () => {
  const regs = target.registerFile(server);
  const parts = parseLogMessage('a0={$a0} sp={$sp:x} {{literal}} vm={vm} at {_start:s}+{1:u}');
  const sp = (regs.gpr[29] as number) >>> 0;
  assert.equal(formatLogMessage(target, server, parts), `a0=${regs.gpr[4]} sp=0x${sp.toString(16)} {literal} vm=server at _start+1`);
  assert.equal(formatLogMessage(target, server, parseLogMessage('x={*(u32*)0x10}')).startsWith('x=<error: cannot read 0x10'), true);
  assert.throws(() => parseLogMessage('a={$a0 +}'), (e: ExpressionError) => e.column === 9);
  assert.throws(() => parseLogMessage('a={$a0'), (e: ExpressionError) => e.column === 3);
  assert.equal(formatLogMessage(target, server, parseLogMessage('{vm == "}" ? 1 : 2}')), '2');
});
