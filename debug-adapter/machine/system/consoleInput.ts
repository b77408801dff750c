// Where the guest's standard input comes from: the bytes a UHI `read` of fd 0 returns. The machine
// only sees this interface; its owner supplies the source — the CLI reads the host's stdin
// (cli/hostStdin.ts), a debugger feeds a ConsoleInputQueue from the user. A source that has
// nothing yet answers `undefined`: the reading CPU then stops the run (reason 'input') before
// its `sdbbp`, which executes again when the run resumes, so a read sees the same bytes at the
// same instruction however long the owner took to supply them.

/** Bytes for the guest's reads of fd 0. */
export interface ConsoleInput {
  /**
   * Up to `max` (at least 1) bytes: one or more bytes, an empty array at end of input, or
   * undefined when none are available yet (the read waits for the owner to resume the run).
   */
  read(max: number): Uint8Array | undefined;
}

/** Standard input that is always at end of file (no source attached). */
export const NO_CONSOLE_INPUT: ConsoleInput = { read: () => new Uint8Array(0) };

/** Input supplied in pieces by the machine's owner (a debugger's console, a test). */
export class ConsoleInputQueue implements ConsoleInput {
  private bytes: number[] = [];
  private ended = false;

  /** Queues bytes for the guest's next reads. */
  push(bytes: Uint8Array | string): void {
    if (this.ended) throw new Error('console input already ended');
    for (const b of typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) this.bytes.push(b);
  }

  /** Marks the end of input: once the queue is drained, reads return end-of-file. */
  end(): void {
    this.ended = true;
  }

  read(max: number): Uint8Array | undefined {
    if (this.bytes.length === 0) return this.ended ? new Uint8Array(0) : undefined;
    return Uint8Array.from(this.bytes.splice(0, max));
  }
}
