/**
 * What the bridge admits, so that no number of connections can push more through than one gate should take:
 * a budget per connection and one for all of them together (fixed one-second windows), and a cap on open
 * connections. Every message counts, a malformed one too, and it counts before it is parsed.
 */

export const BRIDGE_LIMITS = {
  /** Messages one connection may send per second; the kiosk page sends a few. */
  perConnectionPerSecond: 50,
  /** Messages all connections together may send per second. */
  totalPerSecond: 200,
  /** Open connections: the kiosk page needs one (two while it reconnects); the cap bounds sockets and memory, the budgets bound calls. */
  maxConnections: 32,
} as const;

export type BridgeLimits = { readonly [K in keyof typeof BRIDGE_LIMITS]: number };

class SecondWindow {
  private start = -Infinity;
  private count = 0;

  /** Counts one; true while the current second holds at most `max`. */
  take(now: number, max: number): boolean {
    if (now - this.start >= 1000) [this.start, this.count] = [now, 0];
    this.count += 1;
    return this.count <= max;
  }
}

export class CallBudget {
  private readonly total = new SecondWindow();

  constructor(
    readonly limits: BridgeLimits = BRIDGE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One connection's admission: call it once per message; true when the message is within the connection's
   * budget and the shared one. A message over its own connection's budget does not spend the shared one, so
   * one flooding connection takes no more than its share from the others.
   */
  connection(): () => boolean {
    const own = new SecondWindow();
    return () => {
      const now = this.now();
      return own.take(now, this.limits.perConnectionPerSecond) && this.total.take(now, this.limits.totalPerSecond);
    };
  }
}
