/**
 * A lane's wired inputs (docs/inputs.md): the fire alarm, the turnstile's passage signal, a door contact and a
 * tamper switch, each from a source — a relay board's or serial I/O module's discrete input over Modbus RTU, or
 * a GPIO line — with its contact type and timing. A fire alarm is wired to one lane's module but frees the
 * gate's lanes (`frees`); passage, door and tamper inputs belong to their lane.
 */
import { z } from 'zod';
import { CONTACTS } from '../inputs/contact.js';
import { quantity } from '../schema-meta.js';
import { deviceRef } from './device-ref.js';

export const INPUT_KINDS = ['fire-alarm', 'passage', 'door', 'tamper'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const modbusSource = z
  .strictObject({
    kind: z.literal('modbus-rtu'),
    device: deviceRef,
    unit: quantity(z.int().min(1).max(247), undefined, 'The module’s Modbus address (slave id), as set on the board (often DIP switches or a register; 1 from the factory on most).').default(1),
    input: quantity(
      z.int().min(0).max(255),
      undefined,
      'Which discrete input, numbered from 0 as on the wire: the input a board labels IN1 or DI1 is usually 0 (docs/devices/modbus-rtu-inputs.md; check the board’s table).',
    ),
    pollMs: quantity(
      z.int().min(10).max(1000),
      'ms',
      'How often the module’s inputs are read. A change is seen within about this long plus one answer (≈ 15 ms at 9600 bit/s), so a fire alarm on this module needs at most 150 to free the exits within 200 ms. Inputs on one module are read together, at the shortest `pollMs` among them.',
    ).default(50),
    lostAfterMs: quantity(
      z.int().min(50).max(10_000),
      'ms',
      'No answer from the module for this long: its inputs are `lost` (a fire alarm input then raises the alarm). At least twice `pollMs`; inputs on one module use the shortest among them.',
    ).default(300),
  })
  .superRefine((s, ctx) => {
    if (s.lostAfterMs < 2 * s.pollMs) ctx.addIssue({ code: 'custom', message: 'must be at least twice pollMs', path: ['lostAfterMs'] });
  })
  .describe('A discrete input of a relay board with inputs or a serial I/O module, read with Modbus RTU function 0x02 (docs/devices/modbus-rtu-inputs.md). Several inputs may share one module (same device and unit).');

const gpioSource = z
  .strictObject({
    kind: z.literal('gpio'),
    chip: z
      .union([z.string().regex(/^\/dev\/gpiochip[0-9]{1,3}$/, 'a GPIO character device, /dev/gpiochipN'), z.literal('simulated')])
      .describe('The GPIO chip, `/dev/gpiochipN`, or `simulated` (a line the gate holds itself, for tests and the demo). This build cannot open a real chip yet: its inputs stay `lost` (docs/inputs.md says what a real one needs).'),
    line: quantity(z.int().min(0).max(511), undefined, 'The line’s offset on the chip.'),
    activeLow: z.boolean().default(true).describe('The contact pulls the line to ground against a pull-up, so a closed contact reads low (the usual wiring). `false`: a closed contact reads high.'),
  })
  .describe('A GPIO line of the machine the gate runs on (Linux GPIO character device).');

export const inputSource = z.discriminatedUnion('kind', [modbusSource, gpioSource]).describe('Where the input is wired: `{"kind": "modbus-rtu", …}` or `{"kind": "gpio", …}`.');
export type InputSource = z.output<typeof inputSource>;

const contact = (fallback: (typeof CONTACTS)[number], why: string) =>
  z.enum(CONTACTS).default(fallback).describe(`\`normally-closed\`: the contact is closed at rest and opens to signal; \`normally-open\`: the reverse. ${why}`);

const fireAlarm = z
  .strictObject({
    kind: z.literal('fire-alarm'),
    source: inputSource,
    contact: contact('normally-closed', 'A fire loop is normally closed, so a cut wire is an alarm too; a lost link to the input is an alarm whatever the contact.'),
    frees: z
      .enum(['every-lane', 'exit-lanes'])
      .default('every-lane')
      .describe('Which lanes the alarm frees: `every-lane` (a turnstile’s own fire input frees both ways, and in an evacuation an entry is a way out too) or `exit-lanes` only.'),
    restoreMs: quantity(z.int().min(0).max(60_000), 'ms', 'The loop must stay closed (and linked) this long before the alarm ends and the gate goes back to normal, so a chattering contact does not lock and free the exits by turns.').default(2000),
  })
  .describe('The building’s fire alarm: while it is active every lane it frees holds its gate open, every kiosk shows the alarm, and nothing any rule decides closes a gate (docs/inputs.md).');

const passage = z
  .strictObject({
    kind: z.literal('passage'),
    source: inputSource,
    contact: contact('normally-open', 'A turnstile’s PASS output is a relay contact that closes for each passage (about 500 ms).'),
    windowMs: quantity(
      z.int().min(1000).max(60_000),
      'ms',
      'How long after an admit a passage counts for it: the turnstile’s passage window (5 s on the PERCo manuals, whatever the pulse length). An admit with no passage within it is recorded as not passed.',
    ).default(5000),
  })
  .describe('The turnstile’s passage signal: where a lane has it, the exit quota counts passages seen, not admits.');

const door = z
  .strictObject({
    kind: z.literal('door'),
    source: inputSource,
    contact: contact('normally-closed', 'A door contact (reed switch) is closed while the door is shut.'),
    heldOpenMs: quantity(z.int().min(1000).max(600_000), 'ms', 'A door open longer than this raises the door-held-open alarm, until it is shut. A local choice: no notice sets it.').default(30_000),
  })
  .describe('A door or gate leaf contact: held open too long is an alarm.');

const tamper = z
  .strictObject({
    kind: z.literal('tamper'),
    source: inputSource,
    contact: contact('normally-closed', 'A tamper switch is closed while the enclosure is shut.'),
  })
  .describe('The kiosk’s or the module’s tamper switch: an opened enclosure or a lost link is an alarm at once.');

export const laneInput = z.discriminatedUnion('kind', [fireAlarm, passage, door, tamper]);
export type LaneInputConfig = z.output<typeof laneInput>;

export const laneInputs = z
  .array(laneInput)
  .max(8)
  .default([])
  .superRefine((inputs, ctx) => {
    if (inputs.filter((i) => i.kind === 'passage').length > 1) ctx.addIssue({ code: 'custom', message: 'a lane has at most one passage input', path: [] });
  })
  .describe('The lane’s wired inputs, at most 8: `fire-alarm`, `passage` (at most one), `door`, `tamper` (docs/inputs.md).');
