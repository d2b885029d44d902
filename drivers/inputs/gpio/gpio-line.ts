/**
 * A GPIO line as an input (docs/inputs.md, "GPIO"). A real line is read through the Linux GPIO character device
 * (`/dev/gpiochipN`, uAPI v2: GPIO_V2_GET_LINE_IOCTL with a bias and both-edge detection, then reads of
 * `struct gpio_v2_line_event`, each with its kernel timestamp). Node has no binding for those ioctls without a
 * native addon, and this machine has no GPIO, so `openGpioLine` refuses a real chip (`gpio.unsupported`) and the
 * line stays `lost` — an alarm for a fire, door or tamper input, as a missing link must be. `SimulatedGpioLine` is
 * the source behind the same InputLine contract, for tests and the demo.
 */
import { err, failure, type Failure, type Result } from '../../../src/result.js';
import { SettableLine, type InputLine } from '../input-line.js';

export type Level = 'high' | 'low';

/** What the wire's level says about the contact: with `activeLow` (a pull-up, the contact to ground) low = closed. */
export const contactOfLevel = (level: Level, activeLow: boolean): 'closed' | 'open' => ((level === 'low') === activeLow ? 'closed' : 'open');

/** A line whose level a test (or the demo) sets, as edges on a real chip would. */
export class SimulatedGpioLine extends SettableLine {
  constructor(
    private readonly activeLow: boolean,
    private readonly clock: () => number,
  ) {
    super();
  }

  /** The wire's level now; the first call is the line's first reading. */
  setLevel(level: Level): void {
    this.set(contactOfLevel(level, this.activeLow), this.clock());
  }

  /** The chip went away (a driver unloaded, a HAT unplugged): the line is `lost`. */
  unlink(): void {
    this.set('lost', this.clock());
  }
}

/** A real chip's line; refused in this build (see the file comment). */
export function openGpioLine(chip: string, line: number): Result<InputLine, Failure> {
  return err(failure('gpio.unsupported', `cannot read ${chip} line ${line}: this build has no GPIO character-device binding (docs/inputs.md)`));
}
