// UHI reads of fd 0 through the disco command (`node dist/cli.js run --bare`, built by `npm run
// build`): test/fixtures/bare/uhiEcho.S reads 16 bytes at a time and echoes each read as
// "[bytes]\n" until end of file, then exits with the number of reads. Standard input from a file
// gives what qemu-system-mips (UHI on a stdio chardev) gives for the same kernel, built by GNU as;
// from a pipe each read returns what has arrived; from a terminal (util-linux `script`) one line
// per read, and Ctrl-D ends the input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, runChildSync, testTimeout, withConsole } from '../support/boundedRun';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'bare');
const KERNEL = join(FIXTURES, 'uhiEcho.S');
const WALL_MS = 20_000;
/** Instruction cap of each run (the kernel needs a few dozen per read). */
const CAP = ['--max-instructions', '1000000'];

function cli(): string {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build`);
  return CLI;
}

/** `sh -c` quoting of one argument. */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The echo of `input` read `size` bytes at a time. */
function echoed(input: string, size: number): string {
  let out = '';
  for (let i = 0; i < input.length; i += size) out += `[${input.slice(i, i + size)}]\n`;
  return out;
}

const INPUT = 'standard input of a bare kernel, read sixteen bytes at a time\n';

test('stdin from a file: 16-byte reads, end of file, the same output as qemu-system-mips', testTimeout(3 * WALL_MS), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'disco-stdin-'));
  const file = join(dir, 'input.txt');
  writeFileSync(file, INPUT);
  const ours = runChildSync('sh', ['-c', `exec ${q(process.execPath)} ${q(cli())} run --bare ${q(KERNEL)} ${CAP.join(' ')} < ${q(file)}`], { wallMs: WALL_MS });
  assert.equal(ours.stderr, '');
  assert.equal(ours.stdout, echoed(INPUT, 16));
  assert.equal(ours.status, Math.ceil(INPUT.length / 16), 'exit status: the number of reads with data');

  execFileSync('mips-linux-gnu-as', ['-march=mips32', '-o', join(dir, 'echo.o'), KERNEL]);
  const elf = join(dir, 'echo.elf');
  execFileSync('mips-linux-gnu-ld', ['-static', '-T', join(FIXTURES, 'malta.ld'), '-o', elf, join(dir, 'echo.o')]);
  const qemuArgs = ['-M', 'malta', '-kernel', elf, '-chardev', 'stdio,id=uhi', '-semihosting-config', 'enable=on,target=native,chardev=uhi'];
  const headless = ['-display', 'none', '-monitor', 'none', '-serial', 'none', '-nic', 'none', '-vga', 'none'];
  // QEMU's stdio chardev never reports end of file: the kernel waits, so stop once all input is echoed.
  const payload = (out: string): number => out.replace(/\[|\]\n/g, '').length;
  const qemu = await runChild('sh', ['-c', `exec qemu-system-mips ${[...qemuArgs, ...headless].map(q).join(' ')} < ${q(file)}`], {
    wallMs: WALL_MS,
    done: (out) => payload(out) >= INPUT.length,
  });
  assert.equal(ours.stdout, qemu.stdout, withConsole('our output differs from QEMU\'s', qemu.output));
});

test('stdin from a pipe: each read returns what has arrived, then end of file', testTimeout(WALL_MS), async () => {
  const pieces = ['first piece\n', 'a second, longer piece\n'];
  const echoOf = (n: number): string => pieces.slice(0, n).map((p) => echoed(p, 16)).join('');
  let sent = 0;
  const r = await runChild(process.execPath, [cli(), 'run', '--bare', KERNEL, ...CAP], {
    wallMs: WALL_MS,
    // The next piece goes down the pipe only once the guest has echoed all sent so far.
    onOutput: (s) => {
      if (s.output !== echoOf(sent)) return;
      if (sent < pieces.length) s.write(pieces[sent++] as string);
      else s.end();
    },
  });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '[first piece\n]\n[a second, longer]\n[ piece\n]\n');
  assert.equal(r.status, 3);
});

test('stdin from a terminal: one line per read, Ctrl-D ends the input', testTimeout(WALL_MS), async () => {
  const lines = ['hello\n', 'disco\n'];
  let typed = 0;
  const command = [process.execPath, cli(), 'run', '--bare', KERNEL, ...CAP].map(q).join(' ');
  // script(1) runs the command on a new pseudo-terminal and copies our pipe to it as keystrokes.
  const r = await runChild('script', ['-qec', command, '/dev/null'], {
    wallMs: WALL_MS,
    onOutput: (s) => {
      // The terminal echoes what is typed and turns the guest's \n into \r\n.
      const shown = lines.slice(0, typed).map((l) => `${l.replace('\n', '\r\n')}[${l.replace('\n', '\r\n')}]\r\n`).join('');
      if (s.output !== shown) return;
      s.write(typed < lines.length ? (lines[typed++] as string) : '\x04');
    },
  });
  assert.equal(r.output, 'hello\r\n[hello\r\n]\r\ndisco\r\n[disco\r\n]\r\n');
  assert.equal(r.status, 2, 'two reads with data, then end of file');
});
