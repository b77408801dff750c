// The console of `disco run` for VMs under the monitor: every line carries its VM's name
// (`[linux1] …`), and the VM stdin is typed into also shows its unfinished line — a shell
// prompt — as soon as it is there. When another VM prints meanwhile, the unfinished line is
// ended on the terminal and shown again, prefixed, after that VM's line.

export class VmConsole {
  /** The VM whose unfinished line is shown, and how much of it is on the terminal. */
  private open: { vm: string; shown: number } | undefined;

  constructor(private readonly out: (text: string) => void) {}

  /** A complete line of a VM. */
  line(vm: string, text: string): void {
    const open = this.open;
    if (open?.vm === vm) {
      this.out(`${text.slice(open.shown)}\n`);
      this.open = undefined;
      return;
    }
    this.endOpenLine();
    this.out(`[${vm}] ${text}\n`);
  }

  /** Shows the unfinished line `pending` of `vm` (what of it is not on the terminal yet). */
  partial(vm: string, pending: string): void {
    if (this.open?.vm !== vm) this.endOpenLine();
    const shown = this.open?.shown ?? 0;
    if (pending.length <= shown) return;
    this.out(shown === 0 ? `[${vm}] ${pending}` : pending.slice(shown));
    this.open = { vm, shown: pending.length };
  }

  /** Ends another VM's unfinished line on the terminal; it is shown again, whole, later. */
  private endOpenLine(): void {
    if (this.open === undefined) return;
    this.out('\n');
    this.open = undefined;
  }
}
