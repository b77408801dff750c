// One terminal per guest VM: the adapter's `output` events carrying `data: { vm }` (category
// stdout) are that VM's console output; what the user types goes back with the custom request
// `disco/consoleInput { vm, text }`. A DebugAdapterTracker sees the events of every disco session.

import * as vscode from 'vscode';

interface OutputEventBody {
  readonly category?: string;
  readonly output?: string;
  readonly data?: { readonly vm?: unknown };
}

/** A guest VM's console as a pseudoterminal: guest output in, keystrokes out. */
class GuestConsole implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.write.event;
  readonly terminal: vscode.Terminal;
  /** Output that arrived before VS Code opened the terminal (a pseudoterminal drops it otherwise). */
  private pending: string[] | undefined = [];

  constructor(
    private readonly session: vscode.DebugSession,
    readonly vm: string,
  ) {
    this.terminal = vscode.window.createTerminal({ name: `${vm} console`, pty: this, isTransient: true });
  }

  open(): void {
    const early = this.pending ?? [];
    this.pending = undefined;
    for (const t of early) this.write.fire(t);
  }

  close(): void {}

  /** Guest output; the terminal wants CR LF line ends. */
  output(text: string): void {
    const t = text.replace(/\r?\n/g, '\r\n');
    if (this.pending !== undefined) this.pending.push(t);
    else this.write.fire(t);
  }

  handleInput(data: string): void {
    // the guest reads lines ending in LF; echo is the guest's business
    const text = data.replace(/\r/g, '\n');
    this.session.customRequest('disco/consoleInput', { vm: this.vm, text }).then(undefined, (e: unknown) => {
      this.output(`\r\n[console input refused: ${e instanceof Error ? e.message : String(e)}]\r\n`);
    });
  }

  /** Ends the console: the terminal goes with it. */
  dispose(): void {
    this.terminal.dispose();
    this.write.dispose();
  }

  /** The session ended: the terminal stays readable until the next session of the VM replaces it. */
  finish(): void {
    this.output('\r\n[session ended]\r\n');
  }
}

/** Creates the consoles of each disco session as its VMs first print, and ends them with the session. */
export class GuestConsoles implements vscode.DebugAdapterTrackerFactory, vscode.Disposable {
  private readonly bySession = new Map<string, Map<string, GuestConsole>>();
  /** The last console of each VM name, kept after its session ends so its output stays readable. */
  private readonly lastByVm = new Map<string, GuestConsole>();
  private readonly ended: vscode.Disposable;

  constructor() {
    this.ended = vscode.debug.onDidTerminateDebugSession((s) => {
      for (const c of this.bySession.get(s.id)?.values() ?? []) c.finish();
      this.bySession.delete(s.id);
    });
  }

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (m: { type?: string; event?: string; body?: OutputEventBody }) => {
        if (m.type !== 'event' || m.event !== 'output' || m.body?.category !== 'stdout') return;
        const vm = m.body.data?.vm;
        if (typeof vm !== 'string' || typeof m.body.output !== 'string') return;
        this.console(session, vm).output(m.body.output);
      },
    };
  }

  /** The console of `vm` in `session`, created (and shown) on first use. */
  console(session: vscode.DebugSession, vm: string): GuestConsole {
    let consoles = this.bySession.get(session.id);
    if (!consoles) this.bySession.set(session.id, (consoles = new Map()));
    let c = consoles.get(vm);
    if (!c) {
      this.lastByVm.get(vm)?.dispose();
      c = new GuestConsole(session, vm);
      this.lastByVm.set(vm, c);
      consoles.set(vm, c);
      if (consoles.size === 1) c.terminal.show(true);
    }
    return c;
  }

  dispose(): void {
    this.ended.dispose();
    for (const c of this.lastByVm.values()) c.dispose();
    this.lastByVm.clear();
    this.bySession.clear();
  }
}
