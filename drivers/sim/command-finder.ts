/**
 * Finds fixed-size commands in what a host writes to a simulated device, chunked any way: a window that is
 * not a command costs one byte and the search resumes at the next; an unfinished window waits for the next
 * chunk (at most `size - 1` bytes held).
 */
export class CommandFinder<C> {
  #held = new Uint8Array(0);

  constructor(
    private readonly size: number,
    private readonly decode: (window: Uint8Array) => C | undefined,
  ) {}

  /** The commands completed by `chunk`, in order. */
  push(chunk: Uint8Array): C[] {
    const buf = new Uint8Array(this.#held.length + chunk.length);
    buf.set(this.#held);
    buf.set(chunk, this.#held.length);
    const found: C[] = [];
    let i = 0;
    while (i + this.size <= buf.length) {
      const command = this.decode(buf.subarray(i, i + this.size));
      if (command === undefined) {
        i += 1;
        continue;
      }
      found.push(command);
      i += this.size;
    }
    this.#held = buf.slice(i);
    return found;
  }
}
