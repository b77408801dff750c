// Refreshes a view without piling up requests: at most one fetch in flight; a refresh asked for
// while one runs is remembered and run once when it ends, however many were asked for; a hidden
// view fetches nothing and catches up once when it is shown again. Plain TypeScript (no vscode),
// so the rule is unit-tested on its own.

export class Coalescer {
  private inFlight = false;
  private again = false;
  private visible = true;
  private stale = false;
  private disposed = false;

  /** fetch: one refresh (errors go to onError, never out of the coalescer). */
  constructor(
    private readonly fetch: () => Promise<void>,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** Asks for a refresh. */
  request(): void {
    if (this.disposed) return;
    if (!this.visible) {
      this.stale = true;
      return;
    }
    if (this.inFlight) {
      this.again = true;
      return;
    }
    void this.run();
  }

  /** The view was shown or hidden; a view shown after refreshes it missed refreshes once. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) {
      this.stale = false;
      this.request();
    }
  }

  /** Whether a fetch is running now. */
  get busy(): boolean {
    return this.inFlight;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async run(): Promise<void> {
    this.inFlight = true;
    this.again = false;
    try {
      await this.fetch();
    } catch (e) {
      if (!this.disposed) this.onError(e);
    } finally {
      this.inFlight = false;
    }
    if (this.again && !this.disposed) {
      if (this.visible) void this.run();
      else this.stale = true;
    }
  }
}
