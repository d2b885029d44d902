/**
 * Who may act as a guard at the kiosk. The caller names the guard (from the touchscreen's guard list) and
 * types that guard's PIN; only that guard's hash is checked, off the main thread (pin.ts). Guessing is bounded
 * twice:
 * - per guard: LOCKOUT.maxFailures wrong PINs within LOCKOUT.windowMs lock THAT guard (and no other) for
 *   LOCKOUT.lockMs; an attempt on a locked guard is refused unchecked. The count starts afresh after a lock.
 * - per connection: after each wrong PIN (or unknown guard, which costs the same scrypt time) the connection
 *   must wait BACKOFF.firstMs, doubling per further failure up to BACKOFF.maxMs, and it has at most one check
 *   in flight; earlier attempts are refused unchecked. A correct PIN clears the connection's backoff. Each guard
 *   has at most one check in flight too, so parallel guesses from many connections cannot overrun the lock-out.
 * Wrong PINs, unknown guards and lock-outs are journaled and logged with the guard id and the connection id,
 * never the PIN; past EVENT_SUMMARY's burst they are counted into one `events.suppressed` row per window.
 */
import { monotonicNow } from '../../drivers/monotonic.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import type { Log } from '../log.js';
import { Summary } from '../log/summary.js';
import { decoyCheck, pinMatches } from './pin.js';

export const LOCKOUT = { maxFailures: 5, windowMs: 5 * 60_000, lockMs: 5 * 60_000 } as const;
export const BACKOFF = { firstMs: 1000, maxMs: 30_000 } as const;
export const EVENT_SUMMARY = { burst: 5, windowMs: 60_000 } as const;

export type GuardAuthCode = 'auth.bad-pin' | 'auth.unknown-guard' | 'auth.locked' | 'auth.backoff';

export interface GuardConfig {
  readonly id: string;
  readonly name?: string | undefined;
  readonly pinHash: string;
}

export interface GuardAuthDeps {
  readonly guards: readonly GuardConfig[];
  readonly events: { recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure> };
  readonly log: Log;
  /** Wall-clock ms, for the journal's `at`. */
  readonly wallNow: () => number;
  /** Monotonic ms for lock-outs and backoff (a stepped wall clock moves neither). Default `performance.now`. */
  readonly clock?: () => number;
}

interface GuardState {
  failures: number[];
  lockedUntil: number;
  /** One check per guard at a time, so parallel guesses cannot run past the lock-out. */
  checking: boolean;
}

interface ConnectionState {
  failures: number;
  waitUntil: number;
  checking: boolean;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class GuardAuth {
  private readonly byId: ReadonlyMap<string, GuardConfig>;
  private readonly guardStates = new Map<string, GuardState>();
  private readonly connections = new Map<string, ConnectionState>();
  private readonly now: () => number;
  private readonly events: Summary<{ kind: string; guard: string | null }>;

  constructor(private readonly deps: GuardAuthDeps) {
    this.byId = new Map(deps.guards.map((g) => [g.id, g]));
    this.now = deps.clock ?? monotonicNow;
    this.events = new Summary({
      ...EVENT_SUMMARY,
      report: ({ detail, count, windowMs }) => {
        deps.log.warn({ ...detail, suppressed: count, seconds: windowMs / 1000 }, 'guard auth events suppressed');
        this.journal('events.suppressed', { ...detail, count, windowMs });
      },
    });
  }

  /** The guards the touchscreen offers: ids and display names only. */
  list(): { id: string; name: string }[] {
    return this.deps.guards.map((g) => ({ id: g.id, name: g.name ?? g.id }));
  }

  /** Checks `pin` against guard `guardId`'s hash only; `connection` names the caller for backoff and the journal. */
  async verify(guardId: string, pin: string, connection: string): Promise<Result<{ guardId: string }, Failure<GuardAuthCode>>> {
    const now = this.now();
    this.forgetQuietConnections(now);
    const conn = this.connections.get(connection) ?? { failures: 0, waitUntil: 0, checking: false };
    this.connections.set(connection, conn);
    if (conn.checking) return err(failure('auth.backoff', 'a PIN from this screen is being checked; wait for its answer'));
    if (now < conn.waitUntil) return err(failure('auth.backoff', `wait ${seconds(conn.waitUntil - now)} s before the next PIN`));
    const guard = this.byId.get(guardId);
    const state = guard === undefined ? undefined : this.guardState(guardId, now);
    if (state !== undefined && now < state.lockedUntil) return err(failure('auth.locked', `guard ${guardId} is locked after too many wrong PINs; try again in ${Math.ceil((state.lockedUntil - now) / 60_000)} min`));
    if (state?.checking === true) return err(failure('auth.backoff', `a PIN for guard ${guardId} is being checked; try again in a moment`));
    conn.checking = true;
    if (state !== undefined) state.checking = true;
    let matched: boolean;
    try {
      matched = guard === undefined ? await decoyCheck(pin, this.deps.guards[0]?.pinHash) : await pinMatches(pin, guard.pinHash);
    } finally {
      conn.checking = false;
      if (state !== undefined) state.checking = false;
    }
    const at = this.now();
    if (matched) {
      this.connections.delete(connection);
      return ok({ guardId });
    }
    conn.failures += 1;
    conn.waitUntil = at + Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** (conn.failures - 1));
    if (state === undefined) {
      this.record('auth.unknown-guard', null, { guard: guardId, connection });
      return err(failure('auth.unknown-guard', `no guard "${guardId}"`));
    }
    state.failures.push(at);
    this.record('auth.bad-pin', guardId, { guard: guardId, connection, failures: state.failures.length });
    if (state.failures.length >= LOCKOUT.maxFailures) {
      state.failures = [];
      state.lockedUntil = at + LOCKOUT.lockMs;
      this.record('auth.locked', guardId, { guard: guardId, connection, lockMs: LOCKOUT.lockMs });
      return err(failure('auth.locked', `guard ${guardId} is locked for ${LOCKOUT.lockMs / 60_000} min after ${LOCKOUT.maxFailures} wrong PINs`));
    }
    return err(failure('auth.bad-pin', 'wrong PIN'));
  }

  /** Reports what was counted but not journaled; call on shutdown. */
  flush(): void {
    this.events.flush();
  }

  private guardState(id: string, now: number): GuardState {
    const state = this.guardStates.get(id) ?? { failures: [], lockedUntil: 0, checking: false };
    state.failures = state.failures.filter((t) => now - t < LOCKOUT.windowMs);
    this.guardStates.set(id, state);
    return state;
  }

  /** A connection quiet for a lock-out window after its backoff is forgotten, so the map stays small. */
  private forgetQuietConnections(now: number): void {
    for (const [id, c] of this.connections) if (!c.checking && now - c.waitUntil >= LOCKOUT.windowMs) this.connections.delete(id);
  }

  private record(kind: 'auth.bad-pin' | 'auth.unknown-guard' | 'auth.locked', guard: string | null, detail: Record<string, unknown>): void {
    if (!this.events.admit(`${kind} ${guard ?? ''}`, { kind, guard })) return;
    this.deps.log.warn(detail, kind === 'auth.locked' ? 'guard locked out' : kind === 'auth.bad-pin' ? 'wrong guard PIN' : 'PIN for an unknown guard');
    this.journal(kind, detail);
  }

  private journal(kind: string, detail: Record<string, unknown>): void {
    const r = this.deps.events.recordEvent({ at: new Date(this.deps.wallNow()).toISOString(), kind, detail });
    if (!r.ok) this.deps.log.error({ error: r.error, kind }, 'could not journal a guard auth event');
  }
}
