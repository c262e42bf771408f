// Background work that should not compete with runs in flight: it runs at once when nothing is busy,
// otherwise when the last busy run ends, or after `maxDelayMs` at the latest (so it never starves).

export class QuietScheduler {
  private readonly tasks: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly busy: () => boolean,
    private readonly maxDelayMs: number,
  ) {}

  whenQuiet(task: () => void): void {
    if (this.closed) return;
    if (!this.busy()) {
      task();
      return;
    }
    this.tasks.push(task);
    this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Call when a run ends: runs the waiting tasks if nothing is busy any more. */
  settle(): void {
    if (!this.busy()) this.flush();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tasks.length = 0;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const task of this.tasks.splice(0)) if (!this.closed) task();
  }
}
