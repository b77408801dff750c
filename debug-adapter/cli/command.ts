// The shape of one `disco` sub-command and the process services it is given.
// Each command lives in its own file under cli/ and is listed in cli/commands.ts.

import type { FileAccessor } from '../util/fileAccessor';
import type { ConsoleInput } from '../machine/system/consoleInput';

export interface CliIo {
  readonly files: FileAccessor;
  /** Writes a file; `executable` gives it execute permission (rwxr-xr-x), as a linker does. */
  writeFile(path: string, data: Uint8Array | string, options?: { readonly executable?: boolean }): void;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The process's standard input as a guest console's keyboard; absent when there is none. */
  readonly terminal?: HostTerminal;
  /** The process's standard input as a bare kernel's UHI fd 0; absent: end of file. */
  readonly stdin?: ConsoleInput;
}

/** Keyboard input for a guest console. */
export interface HostTerminal {
  /** Input is an interactive terminal (then it is put in raw mode while open). */
  readonly isTTY: boolean;
  /** Delivers input bytes until `close` is called; `onEnd` when the input is exhausted. */
  open(onData: (bytes: Uint8Array) => void, onEnd: () => void): { close(): void };
}

export interface Command {
  readonly name: string;
  /** One line for `disco --help`. */
  readonly summary: string;
  /** Full usage text for `disco NAME --help`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. Throws UserError/DiagnosticError for user mistakes. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
