// The interpreter's warm-up (system/interpreterWarmUp.ts): its words reach every case of the
// interpreter's switch, and it runs them, exceptions included, on the scratch machine it is given;
// its loops become hot and compile regions there, and its loads and stores reach a device.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Op } from '../../../debug-adapter/machine/interpreter';
import { decodeOp } from '../../../debug-adapter/machine/interpreterOps';
import { Machine } from '../../../debug-adapter/machine/system/machine';
import { warmUpInterpreter, warmUpPasses } from '../../../debug-adapter/machine/system/interpreterWarmUp';
import { UART_BASE, UART_REG_SHIFT } from '../../../debug-adapter/machine/devices/boardMap';

test('the warm-up words decode to every Op the interpreter runs', () => {
  const seen = new Set<number>();
  for (const pass of warmUpPasses()) for (const w of pass.words) seen.add(decodeOp(w));
  const missing: number[] = [];
  for (let op = Op.Fallback; op <= Op.Sc; op++) if (!seen.has(op)) missing.push(op);
  assert.deepEqual(missing, []);
  assert.ok(!seen.has(Op.Undecoded));
});

test('the warm-up runs every word, in and out of a delay slot, on the scratch machine only', () => {
  const scratch = new Machine({ cpus: 1, memoryMB: 1, semihosting: false });
  const other = new Machine({ cpus: 1, memoryMB: 1, semihosting: false });
  const before = [...other.memory.m32.subarray(0, 0x4000)];
  warmUpInterpreter(scratch);
  const cpu = scratch.cpus[0];
  assert.ok(cpu !== undefined);
  const words = warmUpPasses().reduce((n, p) => n + p.words.length, 0);
  // Each run retires the word at least, unless it traps first; most retire the branch back and the word again.
  assert.ok(cpu.state.icount > 2 * words, `${cpu.state.icount} instructions for ${words} words`);
  assert.ok((scratch.exceptionsTaken[0] as number) > 100, `${scratch.exceptionsTaken[0]} exceptions`);
  assert.equal(other.cpus[0]?.state.icount, 0);
  assert.deepEqual([...other.memory.m32.subarray(0, 0x4000)], before);
});

test('the warm-up compiles regions for its loops and stores to the UART scratch register', () => {
  const scratch = new Machine({ cpus: 1, memoryMB: 1, semihosting: false });
  const scr = UART_BASE + (7 << UART_REG_SHIFT);
  assert.equal(scratch.peek(scr, 4), 0);
  warmUpInterpreter(scratch);
  // Each loop copy compiles its loop and the start of its function; the function's MFC0 never starts one.
  assert.ok(scratch.code.cache.compiled >= 12, `${scratch.code.cache.compiled} regions`);
  assert.notEqual(scratch.peek(scr, 4), 0);
  // The scratch machine's breakpoint stays armed and is never reached.
  assert.ok(scratch.cpus[0]?.breakpointsArmed);
});
