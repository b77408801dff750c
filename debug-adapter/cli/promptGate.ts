// Piped input for a VM with a shell (`echo cmd | disco run …`): the lines are held and typed one
// at a time, each once the VM shows a new prompt, as a person at a terminal would. Typed before
// the shell reads the terminal, input would meet the shell's start-up — busybox's cursor
// query, the tty's flush — and lose characters.

/** An unfinished console line that is a shell prompt: `/ # `, `$ `, `> `, perhaps followed by a cursor query. */
const PROMPT = /[#$>] (?:\x1b\[6n)?$/;

export class PromptGate {
  private held = '';
  /** Console lines the VM completed since the last line was typed (the first prompt counts as new). */
  private linesSinceTyped = 1;

  constructor(private readonly type: (text: string) => void) {}

  /** Input bytes as they arrive on stdin. */
  input(text: string): void {
    this.held += text;
  }

  /** The VM completed a console line. */
  lineDone(): void {
    this.linesSinceTyped++;
  }

  /** Called with the VM's unfinished console line after each run slice: types the next held line at a new prompt. */
  poll(unfinished: string): void {
    if (this.held === '' || this.linesSinceTyped === 0 || !PROMPT.test(unfinished)) return;
    const nl = this.held.indexOf('\n');
    const line = nl < 0 ? this.held : this.held.slice(0, nl + 1);
    this.held = this.held.slice(line.length);
    this.linesSinceTyped = 0;
    this.type(line);
  }
}
