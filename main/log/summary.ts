/**
 * Bounds what a flood of one kind of occurrence can cost in log lines and journal rows: per key, the first
 * `burst` occurrences of a window are let through (the caller logs or journals them as usual); the rest are
 * only counted, and when the window closes each key that had any is reported once, with its count. A window
 * opens at the first occurrence after a quiet spell and lasts `windowMs`, so a steady flood costs at most
 * `burst + 1` records per key per window, and a quiet gate runs no timer.
 */
export interface Suppressed<D> {
  readonly key: string;
  /** What the caller said about the key's first occurrence in the window. */
  readonly detail: D;
  /** Occurrences counted but not let through in the window. */
  readonly count: number;
  readonly windowMs: number;
}

export interface SummaryOptions<D> {
  /** Occurrences per key let through in one window. */
  readonly burst: number;
  readonly windowMs: number;
  /** Called once per key with a count, when its window closes (or at `flush`). */
  readonly report: (s: Suppressed<D>) => void;
}

export class Summary<D = undefined> {
  readonly #passed = new Map<string, number>();
  readonly #suppressed = new Map<string, { count: number; detail: D }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: SummaryOptions<D>) {}

  /** Counts one occurrence of `key`: true when the caller should record it in full, false when it was only counted. */
  admit(key: string, detail: D): boolean {
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.opts.windowMs);
      this.#timer.unref();
    }
    const passed = this.#passed.get(key) ?? 0;
    if (passed < this.opts.burst) {
      this.#passed.set(key, passed + 1);
      return true;
    }
    const counted = this.#suppressed.get(key);
    if (counted === undefined) this.#suppressed.set(key, { count: 1, detail });
    else counted.count += 1;
    return false;
  }

  /** Closes the window now: reports what it counted and starts afresh. Call it on shutdown, so no count is lost. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const counts = [...this.#suppressed];
    this.#passed.clear();
    this.#suppressed.clear();
    for (const [key, { count, detail }] of counts) this.opts.report({ key, detail, count, windowMs: this.opts.windowMs });
  }
}
