// Debian's Linux boots on OUR machine: `disco run examples/linux/linux.disco.json` (in process,
// through the CLI command) with the kernel and busybox that `disco fetch linux` prepares, typed
// input through the console, the kernel's own answers checked against the packages and the
// board: `uname -a` names the fetched release and version, /proc/cpuinfo shows the board's
// model, the 24K CPU, its TLB size and BogoMIPS = the clock in MHz (the delay loop is two
// one-cycle instructions), and `poweroff -f` halts the kernel, which ends the run with status 0.
// Fetching needs the Debian archive: without it this test fails (it never skips).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTerminal } from '../../debug-adapter/cli/command';
import { fetchLinux } from '../../debug-adapter/cli/fetch/linuxFetch';
import { nodeIo } from '../../debug-adapter/cli/nodeIo';
import { runCommand } from '../../debug-adapter/cli/runCommand';
import { loadConfig } from '../../debug-adapter/config/discoConfig';
import type { KernelManifest } from '../../debug-adapter/toolchain/kernelManifest';
import { runCommandBounded, testTimeout, withConsole } from '../support/boundedRun';
import { LINUX_FETCH_MS } from './linuxQemu';

const root = new URL('../..', import.meta.url).pathname;
const CONFIG = join(root, 'examples/linux/linux.disco.json');
const PROMPT = '\n/ # ';

const files = nodeIo().files;

async function fetched(): Promise<KernelManifest> {
  try {
    return (await fetchLinux({ dir: join(root, '.cache/linux'), log: () => undefined })).manifest;
  } catch (e) {
    throw new Error(`the Linux guest could not be fetched (is the Debian archive reachable?): ${(e as Error).message}`);
  }
}

/**
 * What one session may spend: booting to the prompt and powering off take under 1.5 G
 * instructions and 1 emulated second (at the config's 200 MHz); the cycle limit (30 emulated
 * seconds) ends a guest that idles instead.
 */
const BUDGET = { instructions: 6_000_000_000, wallMs: 600_000 };
const MAX_CYCLES = 30 * 200_000_000;

/** Runs the config, typing each command after the next shell prompt; returns the console and status. */
async function session(commands: readonly string[]): Promise<{ console: string; status: number; seconds: number }> {
  let typed = 0;
  let send: ((b: Uint8Array) => void) | undefined;
  const terminal: HostTerminal = {
    isTTY: false,
    open(onData) {
      send = onData;
      return { close: () => (send = undefined) };
    },
  };
  const onOutput = (out: string): void => {
    const prompts = out.split(PROMPT).length - 1;
    if (prompts > typed && typed < commands.length && send) send(new TextEncoder().encode(`${commands[typed++]}\n`));
  };
  const t0 = performance.now();
  const r = await runCommandBounded(runCommand, [CONFIG, '--max-cycles', String(MAX_CYCLES)], BUDGET, { terminal, onOutput });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

test('Linux boots to the busybox shell, answers uname and /proc/cpuinfo, and powers off', testTimeout(LINUX_FETCH_MS + BUDGET.wallMs), async (t) => {
  const m = await fetched();
  const config = loadConfig(readFileSync(CONFIG, 'utf8'), CONFIG, files);
  const r = await session(['uname -a', 'cat /proc/cpuinfo', 'poweroff -f']);
  t.diagnostic(`boot + session: ${r.seconds.toFixed(1)} s wall`);
  const c = r.console.replace(/\r/g, '');
  assert.match(c, /Linux version 6\.1\./, withConsole('the kernel banner', c));
  assert.ok(c.includes(PROMPT), withConsole('no shell prompt', c));

  const uname = c.slice(c.indexOf('uname -a\n') + 9).split('\n')[0] ?? '';
  assert.ok(uname.startsWith(`Linux `), uname);
  assert.ok(uname.includes(` ${m.kernel.release} `), `release ${m.kernel.release} in: ${uname}`);
  assert.ok(uname.includes(`#1 SMP Debian ${m.kernel.version} `), `version ${m.kernel.version} in: ${uname}`);
  assert.match(uname, / mips GNU\/Linux$/);

  const cpuinfo = c.slice(c.indexOf('cat /proc/cpuinfo\n'), c.indexOf('poweroff -f\n'));
  const field = (name: string): string => {
    const f = new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(cpuinfo);
    assert.ok(f?.[1] !== undefined, `no "${name}" line in:\n${cpuinfo}`);
    return f[1];
  };
  assert.match(field('system type'), /^Disco Studio linux-generic/);
  assert.match(field('cpu model'), /^MIPS 24K[cf] V0\.0 {2}FPU V0\.0$/, 'PRId 0x00019300, FIR revision 0');
  assert.equal(field('processor'), '0');
  assert.equal(field('tlb_entries'), String(config.machine.tlbEntries));
  assert.equal(field('wait instruction'), 'yes');
  const bogomips = Number(field('BogoMIPS'));
  const mhz = config.machine.clockMHz;
  assert.ok(Math.abs(bogomips - mhz) <= mhz * 0.01, `BogoMIPS ${bogomips} is not the ${mhz} MHz clock`);
  assert.match(field('isa'), /mips32r2/);

  assert.match(c, /reboot: System halted/, withConsole('no halt message', c));
  assert.equal(r.status, 0, withConsole('poweroff -f ends the run with status 0', c));
});
