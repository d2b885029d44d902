/** A listener set behind the `onX(listener) → unsubscribe` methods of transports, drivers and simulators. */
export class Listeners<A extends unknown[]> {
  readonly #entries = new Set<(...args: A) => void>();

  /** Each call subscribes anew (the same function twice gets two calls); returns its own unsubscribe. */
  add(listener: (...args: A) => void): () => void {
    const entry = (...args: A): void => listener(...args);
    this.#entries.add(entry);
    return () => {
      this.#entries.delete(entry);
    };
  }

  get size(): number {
    return this.#entries.size;
  }

  emit(...args: A): void {
    for (const entry of this.#entries) entry(...args);
  }
}
