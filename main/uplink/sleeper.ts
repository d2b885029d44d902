/** A wait that can be cut short: the pause between the forwarder's and the bundle pull's requests (a wake, a stop). */
export class Sleeper {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or at the next `wake()`. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  /** Ends the current sleep now (nothing when none is running). */
  wake(): void {
    this.wakeUp?.();
  }
}
