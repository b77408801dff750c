// Runs GNU binutils/gcc oracles for the ELF, DWARF and linker differential tests.
// A missing oracle is a test failure with an install hint, never a silent skip.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `tool args…` and returns stdout and stderr; throws when it fails or is not installed. */
export function oracleOutput(tool: string, args: readonly string[], cwd?: string): { stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`oracle ${tool} is not installed: run scripts/install-oracles.sh (as root)`);
  }
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Runs `tool args…` and returns its stdout. */
export function oracle(tool: string, args: readonly string[], cwd?: string): string {
  return oracleOutput(tool, args, cwd).stdout;
}

/** A fresh temporary directory for one test file's generated files. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `disco-${prefix}-`));
}

export function writeText(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Rows of `readelf -W --debug-dump=decodedline`: [file name, line or '-', address, is_stmt]. */
export function readelfDecodedLines(readelf: string, path: string): [string, string, number, boolean][] {
  const out: [string, string, number, boolean][] = [];
  for (const line of oracle(readelf, ['-W', '--debug-dump=decodedline', path]).split('\n')) {
    const m = /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+|0)(?:\s+\d+)?(\s+x)?\s*$/.exec(line);
    if (m && m[1] && m[2] && m[3]) out.push([m[1], m[2], Number(m[3]), m[4] !== undefined]);
  }
  return out;
}
