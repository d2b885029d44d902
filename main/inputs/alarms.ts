/**
 * The alarms a gate's wired inputs raise (docs/inputs.md), gate-wide: they run from the moment the devices are
 * open, in service or not, because life safety does not wait for a journal.
 *
 * - **Fire alarm**: a fire input in alarm (src/inputs/contact.ts `alarming`: signalling, or its link lost) frees
 *   the lanes it names (`frees`) at once — each lane's gate channel held out of its safe state
 *   (LaneDevices.holdOpen: a pulse in progress ends open, later pulses change nothing) — before anything is
 *   journaled or shown. Sessions go on (a denial in progress is still decided and journaled); nothing they
 *   decide closes a freed gate. The alarm ends once every fire input has been quiet for its `restoreMs`; then
 *   the gates rest in their safe state again.
 * - **Door held open**: a door input in alarm for longer than its `heldOpenMs`; ends when it is shut.
 * - **Tamper**: a tamper input in alarm, at once; ends when it is closed again.
 *
 * Each start and end is one event in the journal's events chain: `alarm.fire`, `alarm.door-held-open`,
 * `alarm.tamper`, detail `{phase: "start"|"end", lane, input, cause}` (`durationMs` at the end). While the
 * journal cannot be written (out of service) the failure is logged and the alarm acts all the same.
 */
import type { LaneInputConfig } from '../../src/config/inputs.js';
import type { Direction } from '../../src/domain.js';
import { alarming } from '../../src/inputs/contact.js';
import type { FireAlarmView, LaneAlarmView } from '../../src/ipc/view.js';
import type { Failure, Result } from '../../src/result.js';
import type { LineState } from '../../drivers/inputs/input-line.js';
import type { Log } from '../log.js';
import type { LaneInput } from './open-inputs.js';

export interface AlarmLane {
  readonly id: string;
  readonly direction: Direction;
  readonly inputs: readonly LaneInput[];
  /** Holds the lane's gate open (true) or lets it rest in its safe state (false). */
  holdOpen(open: boolean): Promise<Result<void, Failure>>;
}

export interface AlarmDeps {
  readonly recordEvent: (e: { at: string; kind: string; detail: Record<string, unknown> }) => Result<void, Failure>;
  /** Wall-clock epoch ms, for what is journaled and shown. */
  readonly wallNow: () => number;
  readonly log: Log;
  /** After every change of what the alarms show. */
  readonly onChange: () => void;
}

type FireInput = LaneInput & { readonly lane: AlarmLane; readonly config: Extract<LaneInputConfig, { kind: 'fire-alarm' }> };

interface Active {
  readonly since: number;
  cause: 'signal' | 'lost';
}

const causeOf = (state: LineState): 'signal' | 'lost' => (state === 'lost' ? 'lost' : 'signal');

export class GateAlarms {
  readonly #deps: AlarmDeps;
  #lanes: readonly AlarmLane[] = [];
  readonly #fires: FireInput[] = [];
  /** Fire inputs in alarm, or quiet but not yet for their restoreMs (then `restoring` is set). */
  readonly #fireActive = new Map<FireInput, Active & { restoring?: NodeJS.Timeout }>();
  #fireSince: number | undefined;
  #freed = new Set<string>();
  readonly #laneAlarms = new Map<LaneInput, Active & { readonly lane: string; readonly kind: LaneAlarmView['kind'] }>();
  readonly #doorTimers = new Map<LaneInput, NodeJS.Timeout>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(deps: AlarmDeps) {
    this.#deps = deps;
  }

  /** Reads every lane's inputs now (an alarm already there starts at once) and follows their changes. Before this, no alarm. */
  start(lanes: readonly AlarmLane[]): void {
    this.#lanes = lanes;
    const others: (() => void)[] = [];
    for (const lane of lanes) {
      for (const input of lane.inputs) {
        const { config } = input;
        if (config.kind === 'fire-alarm') {
          const fire: FireInput = { ...input, lane, config };
          this.#fires.push(fire);
          this.#unsubscribe.push(input.line.onChange(() => this.#fireChanged(fire)));
        } else if (config.kind === 'door' || config.kind === 'tamper') {
          const follow = (): void => this.#laneInputChanged(lane, input);
          others.push(follow);
          this.#unsubscribe.push(input.line.onChange(follow));
        }
      }
    }
    for (const fire of this.#fires) this.#fireChanged(fire);
    for (const follow of others) follow();
  }

  /** Stops following the inputs. Gates held open stay held: stopping during a fire alarm must not lock the exits. */
  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    for (const a of this.#fireActive.values()) clearTimeout(a.restoring);
    for (const t of this.#doorTimers.values()) clearTimeout(t);
  }

  fire(): FireAlarmView | null {
    if (this.#fireSince === undefined) return null;
    return {
      since: this.#fireSince,
      inputs: [...this.#fireActive].map(([f, a]) => ({ lane: f.lane.id, input: f.index, cause: a.restoring === undefined ? a.cause : 'restoring' })),
      freed: [...this.#freed],
    };
  }

  laneAlarms(lane: string): LaneAlarmView[] {
    return [...this.#laneAlarms]
      .filter(([, a]) => a.lane === lane)
      .map(([input, a]) => ({ kind: a.kind, input: input.index, cause: a.cause, since: a.since }))
      .sort((a, b) => a.since - b.since);
  }

  #fireChanged(fire: FireInput): void {
    const state = fire.line.state();
    const active = this.#fireActive.get(fire);
    if (alarming(state, fire.config.contact)) {
      if (active === undefined) this.#fireActive.set(fire, { since: this.#deps.wallNow(), cause: causeOf(state) });
      else {
        clearTimeout(active.restoring);
        delete active.restoring;
        active.cause = causeOf(state);
      }
      this.#fireUpdated(active === undefined ? { fire, phase: 'start', cause: causeOf(state) } : undefined);
      return;
    }
    if (active === undefined || active.restoring !== undefined) return;
    const restored = (): void => {
      this.#fireActive.delete(fire);
      this.#fireUpdated({ fire, phase: 'end', cause: active.cause, durationMs: this.#deps.wallNow() - active.since });
    };
    if (fire.config.restoreMs === 0) return restored();
    active.restoring = setTimeout(restored, fire.config.restoreMs);
    this.#deps.onChange();
  }

  /** Frees or restores lanes first, then journals and shows. */
  #fireUpdated(event: { fire: FireInput; phase: 'start' | 'end'; cause: string; durationMs?: number } | undefined): void {
    const freed = new Set<string>();
    for (const f of this.#fireActive.keys()) for (const lane of this.#lanes) if (f.config.frees === 'every-lane' || lane.direction === 'exit') freed.add(lane.id);
    for (const lane of this.#lanes) {
      if (freed.has(lane.id) === this.#freed.has(lane.id)) continue;
      const open = freed.has(lane.id);
      void lane.holdOpen(open).then((r) => {
        if (!r.ok) this.#deps.log.error({ lane: lane.id, error: r.error, open }, open ? 'could not free the gate for the fire alarm; it is freed when the relay links' : 'could not return the gate to its safe state after the fire alarm');
      });
    }
    this.#freed = freed;
    if (this.#fireSince === undefined && this.#fireActive.size > 0) this.#fireSince = this.#deps.wallNow();
    if (this.#fireActive.size === 0) this.#fireSince = undefined;
    if (event !== undefined) {
      const { fire, phase, cause, durationMs } = event;
      const detail = { phase, lane: fire.lane.id, input: fire.index, cause, ...(durationMs === undefined ? {} : { durationMs }), freed: [...freed] };
      this.#deps.log[phase === 'start' ? 'error' : 'warn'](detail, phase === 'start' ? 'FIRE ALARM: gates freed' : 'fire alarm over: gates back to their safe state');
      this.#journal('alarm.fire', detail);
    }
    this.#deps.onChange();
  }

  #laneInputChanged(lane: AlarmLane, input: LaneInput): void {
    const { config } = input;
    if (config.kind !== 'door' && config.kind !== 'tamper') return;
    const kind = config.kind === 'door' ? 'door-held-open' : 'tamper';
    const state = input.line.state();
    const active = this.#laneAlarms.get(input);
    if (alarming(state, config.contact)) {
      if (active !== undefined) {
        active.cause = causeOf(state);
        return this.#deps.onChange();
      }
      const raise = (): void => {
        this.#doorTimers.delete(input);
        this.#laneAlarms.set(input, { lane: lane.id, kind, since: this.#deps.wallNow(), cause: causeOf(input.line.state()) });
        this.#journal(`alarm.${kind}`, { phase: 'start', lane: lane.id, input: input.index, cause: causeOf(input.line.state()) });
        this.#deps.log.warn({ lane: lane.id, input: input.index, kind }, 'alarm raised');
        this.#deps.onChange();
      };
      if (config.kind === 'tamper') return raise();
      if (!this.#doorTimers.has(input)) this.#doorTimers.set(input, setTimeout(raise, config.heldOpenMs));
      return;
    }
    clearTimeout(this.#doorTimers.get(input));
    this.#doorTimers.delete(input);
    if (active === undefined) return;
    this.#laneAlarms.delete(input);
    this.#journal(`alarm.${kind}`, { phase: 'end', lane: lane.id, input: input.index, cause: active.cause, durationMs: this.#deps.wallNow() - active.since });
    this.#deps.log.info({ lane: lane.id, input: input.index, kind }, 'alarm cleared');
    this.#deps.onChange();
  }

  #journal(kind: string, detail: Record<string, unknown>): void {
    const r = this.#deps.recordEvent({ at: new Date(this.#deps.wallNow()).toISOString(), kind, detail });
    if (!r.ok) this.#deps.log.error({ error: r.error, kind }, 'could not journal an alarm');
  }
}
