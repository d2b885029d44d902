/**
 * `lanes[].readers`: a lane's identity readers, each named by an id; the deprecated `scanner` of every config
 * written before (the fixtures of test/config and the e2e tests still use it) is read as the lane's one reader.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, type GateConfig } from '../../src/config/schema.js';

const sim = { device: { kind: 'simulated' } };
const serial = (path: string) => ({ device: { kind: 'serial', path } });
const line = (more: Record<string, unknown> = {}) => ({ kind: 'scanner', protocol: 'line', ...sim, ...more });
const lane = (fields: Record<string, unknown>) => ({ lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, relay: sim, ...fields }] });
const messages = (json: unknown): string[] => {
  const r = parseConfig(json);
  return r.ok ? [] : r.error.map((f) => f.message);
};
const readersOf = (json: unknown): GateConfig['lanes'][number]['readers'] => {
  const r = parseConfig(json);
  if (!r.ok) throw new Error(r.error.map((f) => f.message).join('; '));
  return r.value.lanes[0]?.readers ?? [];
};

describe('the deprecated lanes[].scanner', () => {
  it('becomes the lane’s one line scanner, with or without its protocol, the line member’s defaults as the old scanner behaved', () => {
    const defaults = { suffix: 'auto', aimPrefix: 'none', trigger: 'none', beep: 'none' };
    expect(readersOf(lane({ scanner: sim }))).toEqual([{ id: 'scanner', kind: 'scanner', protocol: 'line', device: { kind: 'simulated' }, ...defaults }]);
    const path = '/dev/serial/by-id/usb-Honeywell_Scanner-if00';
    expect(readersOf(lane({ scanner: { ...serial(path), protocol: 'line' } }))).toEqual([
      { id: 'scanner', kind: 'scanner', protocol: 'line', device: { kind: 'serial', path, baudRate: 9600 }, ...defaults },
    ]);
    // The same as writing the reader out.
    expect(readersOf(lane({ scanner: sim }))).toEqual(readersOf(lane({ readers: [line()] })));
  });

  it('leaves no `scanner` field behind', () => {
    const r = parseConfig(lane({ scanner: sim }));
    expect(r.ok && Object.keys(r.value.lanes[0] ?? {})).toEqual(['id', 'direction', 'thermometer', 'relay', 'inputs', 'readers']);
  });

  it('is refused beside `readers`, by name', () => {
    expect(messages(lane({ scanner: sim, readers: [line()] }))).toEqual(['lanes.0.scanner: give `readers` or the deprecated `scanner`, not both']);
  });

  it('keeps its own errors named by its field', () => {
    expect(messages(lane({ scanner: { device: { kind: 'serial', path: '/tmp/x' } } }))).toEqual([expect.stringMatching(/^lanes\.0\.scanner\.device\.path: /)]);
  });
});

describe('lanes[].readers', () => {
  it('is required when there is no `scanner`', () => {
    expect(messages(lane({}))).toEqual(['lanes.0.readers: a lane needs `readers` (1 to 4 identity readers)']);
  });

  it('takes 1 to 4 readers', () => {
    expect(messages(lane({ readers: [] }))).toEqual([expect.stringMatching(/^lanes\.0\.readers: /)]);
    expect(messages(lane({ readers: [line(), line(), line(), line()] }))).toEqual([]);
    expect(messages(lane({ readers: [line(), line(), line(), line(), line()] }))).toEqual([expect.stringMatching(/^lanes\.0\.readers: /)]);
  });

  it('names each reader by its kind, numbered when a kind repeats; a given id is kept', () => {
    expect(readersOf(lane({ readers: [line()] })).map((r) => r.id)).toEqual(['scanner']);
    expect(readersOf(lane({ readers: [line(), line(), line()] })).map((r) => r.id)).toEqual(['scanner-1', 'scanner-2', 'scanner-3']);
    expect(readersOf(lane({ readers: [line({ id: 'qr' }), line()] })).map((r) => r.id)).toEqual(['qr', 'scanner-2']);
  });

  it('refuses an id used twice, or one naming the thermometer or the relay', () => {
    expect(messages(lane({ readers: [line({ id: 'qr' }), line({ id: 'qr' })] }))).toEqual([
      'lanes.0.readers.1.id: reader id "qr" is used twice in this lane (or names its thermometer or relay)',
    ]);
    expect(messages(lane({ readers: [line(), line({ id: 'scanner-1' })] }))).toEqual([
      'lanes.0.readers.1.id: reader id "scanner-1" is used twice in this lane (or names its thermometer or relay)',
    ]);
    expect(messages(lane({ readers: [line({ id: 'relay' })] }))).toEqual([
      'lanes.0.readers.0.id: reader id "relay" is used twice in this lane (or names its thermometer or relay)',
    ]);
  });

  it('refuses an id that is not a short id, an unknown protocol, or a kind the protocol is not', () => {
    expect(messages(lane({ readers: [line({ id: 'Front Scanner' })] }))).toEqual([expect.stringMatching(/^lanes\.0\.readers\.0\.id: /)]);
    expect(messages(lane({ readers: [line({ protocol: 'nfc' })] }))).toEqual([expect.stringMatching(/^lanes\.0\.readers\.0\.protocol: /)]);
    expect(messages(lane({ readers: [line({ kind: 'badge' })] }))).toEqual([expect.stringMatching(/^lanes\.0\.readers\.0\.kind: /)]);
  });

  it('the same ids may be used by another lane', () => {
    const two = { lanes: [0, 1].map((i) => ({ id: `l${i}`, direction: 'entry', thermometer: sim, relay: sim, readers: [line()] })) };
    expect(messages(two)).toEqual([]);
  });
});

describe('serial paths are unique across the thermometer, the relay and every reader', () => {
  it('names the second use, in whichever field it is written', () => {
    expect(messages(lane({ thermometer: serial('/dev/ttyUSB0'), readers: [line(), line(serial('/dev/ttyUSB0'))] }))).toEqual([
      'lanes.0.readers.1.device.path: serial port /dev/ttyUSB0 is used twice',
    ]);
    expect(messages(lane({ readers: [line(serial('/dev/ttyUSB1')), line(serial('/dev/ttyUSB1'))] }))).toEqual(['lanes.0.readers.1.device.path: serial port /dev/ttyUSB1 is used twice']);
    expect(messages(lane({ readers: [line(serial('/dev/ttyUSB2'))], relay: serial('/dev/ttyUSB2') }))).toEqual(['lanes.0.relay.device.path: serial port /dev/ttyUSB2 is used twice']);
    expect(messages(lane({ scanner: serial('/dev/ttyUSB3'), relay: serial('/dev/ttyUSB3') }))).toEqual(['lanes.0.relay.device.path: serial port /dev/ttyUSB3 is used twice']);
  });

  it('across lanes too', () => {
    const two = { lanes: [0, 1].map((i) => ({ id: `l${i}`, direction: 'entry', thermometer: sim, relay: sim, readers: [line(serial('/dev/ttyACM0'))] })) };
    expect(messages(two)).toEqual(['lanes.1.readers.0.device.path: serial port /dev/ttyACM0 is used twice']);
  });
});
