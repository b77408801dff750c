// Runs the emulator in slices between turns of the event loop, so that `pause`, `threads` and
// the view requests are answered while a guest runs flat out. A slice's instruction budget adapts
// so that one slice takes about SLICE_MS of wall time whatever the guest's speed.

/** Wall time one slice aims at. */
const SLICE_MS = 8;
const MIN_BUDGET = 1_000;
const MAX_BUDGET = 20_000_000;

export class RunLoop<S> {
  private budget = 50_000;
  private timer: NodeJS.Immediate | undefined;
  private generation = 0;

  /**
   * @param slice runs up to `budget` instructions; a stop, or undefined to keep going
   * @param onStop receives the stop (the loop is idle again when it is called)
   * @param onError receives what a slice threw (the loop is idle again)
   */
  constructor(
    private readonly slice: (budget: number) => S | undefined,
    private readonly onStop: (stop: S) => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer !== undefined) return;
    const gen = ++this.generation;
    this.timer = setImmediate(() => this.turn(gen));
  }

  /** Stops after the current slice; no stop is reported. */
  cancel(): void {
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = undefined;
    this.generation++;
  }

  private turn(gen: number): void {
    if (gen !== this.generation) return;
    const t0 = performance.now();
    let stop: S | undefined;
    try {
      stop = this.slice(this.budget);
    } catch (e) {
      this.timer = undefined;
      this.onError(e);
      return;
    }
    const ms = performance.now() - t0;
    const scaled = ms > 0 ? Math.round(this.budget * (SLICE_MS / ms)) : this.budget * 2;
    this.budget = Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, Math.min(this.budget * 2, scaled)));
    if (gen !== this.generation) return;
    if (stop === undefined) {
      this.timer = setImmediate(() => this.turn(gen));
      return;
    }
    this.timer = undefined;
    this.onStop(stop);
  }
}
