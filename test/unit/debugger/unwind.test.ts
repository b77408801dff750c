// Stack unwinding by prologue analysis on the guest OS: stopped inside hal_console_write under
// the monitor, the frames are the callers the kernel sources name, at their call lines; on the
// bare machine a CPU inside its exception vector gets a frame for the interrupted code at EPC;
// garbage registers end the walk cleanly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { disassemble } from '../../../debug-adapter/debugger/disassembly';
import { stackFrames } from '../../../debug-adapter/debugger/unwind';
import { bareKernelElf, bareTarget, monitorTarget, ROOT } from '../../support/debugTargets';

/** 1-based line of the first line of a kernel source matching re. */
function sourceLine(file: string, re: RegExp): number {
  const i = readFileSync(join(ROOT, 'guest/kernel', file), 'utf8').split('\n').findIndex((l) => re.test(l));
  assert.ok(i >= 0, `${file}: ${re}`);
  return i + 1;
}

test('from inside hal_console_write: console_write_locked, kputdec and kmain_boot at their calls', () => {
  const t = monitorTarget('examples/multi-vm/multi-vm.disco.json');
  const entry = t.symbols.addressOf('hal_console_write', 'server');
  assert.ok(entry !== undefined);
  t.machine.setBreakpoints([entry + 4]);
  for (let hit = 0; hit < 10; hit++) {
    const stop = t.monitor?.run(5_000_000);
    assert.equal(stop?.reason, 'breakpoint');
    const th = t.threads.find((x) => stop?.reason === 'breakpoint' && t.cpuOf(x)?.index === stop.cpu);
    assert.ok(th);
    const frames = stackFrames(t, th);
    if (!frames[2]?.name.startsWith('kputdec+')) continue;
    assert.deepEqual(frames.map((f) => f.name.replace(/\+.*/, '')), ['hal_console_write', 'console_write_locked', 'kputdec', 'kmain_boot']);
    assert.equal(frames[0]?.name, 'hal_console_write+0x4');
    assert.deepEqual(frames.map((f) => f.exception), [false, false, false, false]);
    assert.equal(frames[1]?.source?.line, sourceLine('kprint.S', /^\s*jal\s+hal_console_write/));
    assert.equal(frames[2]?.source?.line, sourceLine('kprint.S', /^\s*jal\s+console_write_locked/));
    assert.equal(frames[3]?.source?.line, sourceLine('kernel.S', /^\s*jal\s+kputdec/));
    // Each caller frame stands on the call instruction; each frame's sp is at or above the previous one.
    const call = disassemble(t, 'virtual', frames[1]?.pc as number, 0, 1, th)[0];
    assert.match(call?.instruction ?? '', /^jal\t[0-9a-f]+ <hal_console_write>$/);
    for (let i = 1; i < frames.length; i++) assert.ok((frames[i]?.sp as number) >= (frames[i - 1]?.sp as number));
    assert.equal(frames[0]?.sp, (t.registerFile(th).gpr[29] as number) >>> 0);
    return;
  }
  assert.fail('kputdec never called hal_console_write');
});

test('bare machine: an exception handler frame is followed by the interrupted code at EPC', () => {
  const t = bareTarget(bareKernelElf('guest/kernel/kernel.S'), 2);
  const cpu = t.machine.cpus[0];
  const th = t.threads[0];
  assert.ok(cpu && th);
  let frames = stackFrames(t, th);
  for (let i = 0; i < 100 && !(cpu.cp0.status & 2); i++) {
    t.machine.run(10_000);
    frames = stackFrames(t, th);
  }
  assert.ok(cpu.cp0.status & 2, 'CPU 0 took an exception');
  const vectors = t.symbols.addressOf('ebase_vectors') as number;
  assert.ok((cpu.state.pc >>> 0) >= vectors && (cpu.state.pc >>> 0) < vectors + 0x400, 'inside the vectors');
  assert.match(frames[0]?.name ?? '', /^ebase_vectors\+/);
  assert.equal(frames[1]?.exception, true);
  assert.equal(frames[1]?.pc, cpu.cp0.epc >>> 0);
});

test('garbage registers and unreadable memory end the walk without an exception', () => {
  const t = bareTarget(bareKernelElf('guest/kernel/kernel.S'), 1);
  const th = t.threads[0];
  const cpu = t.machine.cpus[0];
  assert.ok(th && cpu);
  t.machine.run(50_000);
  cpu.state.jumpTo(0x7ff00000);
  assert.deepEqual(stackFrames(t, th).map((f) => f.name), ['0x7ff00000']);
  // A return address pointing at itself: no call before it, the walk stops after frame 0.
  const kputs = t.symbols.addressOf('kputs') as number;
  cpu.cp0.status &= ~2; // not in an exception handler: no EPC frame
  cpu.state.jumpTo(kputs);
  cpu.state.gpr[31] = kputs;
  cpu.state.gpr[29] = 0x12345679;
  const frames = stackFrames(t, th);
  assert.equal(frames.length, 1);
  assert.equal(frames[0]?.name, 'kputs');
  assert.equal(stackFrames(t, th, 0).length, 0);
});
