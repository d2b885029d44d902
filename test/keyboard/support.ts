/** Running the wedge detector over a whole trace in tests. */
import { WedgeDetector, type WedgeOutput } from '../../src/keyboard/detector.js';
import type { KeyEvent } from '../../src/keyboard/key-event.js';

/** Every output of the detector over `events`, then a tick long after the last. */
export function run(events: readonly KeyEvent[], detector = new WedgeDetector()): WedgeOutput[] {
  const out = events.flatMap((e) => detector.push(e));
  return [...out, ...detector.tick((events.at(-1)?.t ?? 0) + 10_000)];
}
