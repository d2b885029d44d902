/**
 * What the composition root opened, released in reverse order through one path — on every early return
 * and on close — instead of a hand-written clean-up at each exit. A clean-up that throws is logged and the
 * rest still run.
 */
import { thrownForLog, type Log } from './log.js';

type CleanUp = () => void | Promise<void>;

export class DisposalStack {
  readonly #items: CleanUp[] = [];
  #disposed = false;

  constructor(private readonly log: Log) {}

  /** Runs `cleanUp` at disposal, before everything registered earlier. */
  defer(cleanUp: CleanUp): void {
    if (this.#disposed) throw new Error('DisposalStack.defer after dispose: a wiring bug');
    this.#items.push(cleanUp);
  }

  /** Registers `value`'s clean-up and hands `value` back, so opening and registering read as one step. */
  use<T>(value: T, cleanUp: (value: T) => void | Promise<void>): T {
    this.defer(() => cleanUp(value));
    return value;
  }

  /** Newest first; once. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (let cleanUp = this.#items.pop(); cleanUp !== undefined; cleanUp = this.#items.pop()) {
      try {
        await cleanUp();
      } catch (e) {
        this.log.error({ error: thrownForLog(e) }, 'a clean-up step failed; the others still run');
      }
    }
  }
}
