import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLine, renderLine, toCelsius } from '../../drivers/thermometer/ascii-line/codec.js';
import { asciiLineConfig, DEFAULT_LINE_FORMAT, DEFAULT_LINE_PATTERN } from '../../src/config/thermometers/ascii-line.js';
import { checkLinePattern } from '../../src/thermometry/line-pattern.js';

/** The worked examples of docs/devices/ascii-line.md §6 (example formats, not vendor facts). */
const EXAMPLES = [
  { line: 'T=36.52C A=25.10C', pattern: String.raw`^T=(?<object>[+-]?\d+(?:\.\d+)?)C A=(?<ambient>[+-]?\d+(?:\.\d+)?)C$`, unit: 'C', reading: { objectC: 36.52, ambientC: 25.1 } },
  { line: 'OBJ:097.70F,AMB:077.00F', pattern: String.raw`^OBJ:(?<object>\d+\.\d+)F,AMB:(?<ambient>\d+\.\d+)F$`, unit: 'F', reading: { objectC: 36.5, ambientC: 25 } },
  { line: '+309.65', pattern: String.raw`^(?<object>[+-]\d+\.\d+)$`, unit: 'K', reading: { objectC: 36.5, ambientC: Number.NaN } },
] as const;

const pattern = (source: string): RegExp => {
  const checked = checkLinePattern(source);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
};

describe('ascii-line codec', () => {
  it.each(EXAMPLES)('reads the example line $line', ({ line, pattern: source, unit, reading }) => {
    expect(readLine(line, pattern(source), unit)).toEqual({ ok: true, value: reading });
  });

  it('converts °F and K to °C, rounded to 0.001 °C', () => {
    expect(toCelsius(98.6, 'F')).toBe(37);
    expect(toCelsius(310.15, 'K')).toBe(37);
    expect(toCelsius(36.5004, 'C')).toBe(36.5);
  });

  it('names each defect: no match, a group that is not a decimal number, a value no IR sensor measures', () => {
    const p = pattern(String.raw`^T=(?<object>\S+) A=(?<ambient>\S+)$`);
    expect(readLine('HELLO', p, 'C')).toEqual({ ok: false, error: 'no-match' });
    expect(readLine('', p, 'C')).toEqual({ ok: false, error: 'no-match' });
    expect(readLine('T=36.5.1 A=25', p, 'C')).toEqual({ ok: false, error: 'bad-number' });
    expect(readLine('T=1e3 A=25', p, 'C')).toEqual({ ok: false, error: 'bad-number' });
    expect(readLine('T=1037.55 A=25', p, 'C')).toEqual({ ok: false, error: 'sensor-fault' });
    expect(readLine('T=36.5 A=126', p, 'C')).toEqual({ ok: false, error: 'sensor-fault' });
    expect(readLine('T=-70.01 A=20', p, 'C')).toEqual({ ok: false, error: 'sensor-fault' });
    expect(readLine('T=380 A=-40', p, 'C')).toEqual({ ok: true, value: { objectC: 380, ambientC: -40 } });
  });

  it('round-trips what the simulator prints, in every unit (property, 10000 runs)', () => {
    const p = pattern(DEFAULT_LINE_PATTERN);
    const centi = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((c) => c / 100);
    fc.assert(
      fc.property(centi(-70, 380), centi(-40, 125), fc.constantFrom('C', 'F', 'K' as const), (objectC, ambientC, unit) => {
        const read = readLine(renderLine(DEFAULT_LINE_FORMAT, { objectC, ambientC }, unit), p, unit);
        // Two printed decimals in °F are 0.01 °F ≈ 0.0056 °C apart, and the reading is rounded to 0.001 °C.
        const tolerance = unit === 'F' ? 0.0035 : 0.0005;
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect(Math.abs(read.value.objectC - objectC)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(read.value.ambientC - ambientC)).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('line patterns checked at config load (checkLinePattern)', () => {
  it.each([
    ['(', 'pattern.syntax'],
    [String.raw`^T=(\d+)$`, 'pattern.no-object-group'],
    [String.raw`^T=(?<temp>\d+)$`, 'pattern.no-object-group'],
    [String.raw`^(?<object>\d+) (?<humidity>\d+)$`, 'pattern.unknown-group'],
    [String.raw`^(?<object>\d+)(\d)\2$`, 'pattern.backtracking-only'],
    [String.raw`^(?<object>\d+)\k<object>$`, 'pattern.backtracking-only'],
    [String.raw`^(?<object>\d+)(?=C)`, 'pattern.backtracking-only'],
    [String.raw`(?<!-)(?<object>\d+)`, 'pattern.backtracking-only'],
    [`(?<object>\\d+)${'x'.repeat(200)}`, 'pattern.too-long'],
  ])('refuses %s (%s)', (source, code) => {
    const checked = checkLinePattern(source);
    expect(checked.ok ? 'ok' : checked.error.code).toBe(code);
  });

  it('takes lookaround-looking text inside a character class, and escaped parentheses', () => {
    expect(checkLinePattern(String.raw`^[(?=]*\((?<object>\d+)\)$`).ok).toBe(true);
  });

  it('parses a minimal config with the defaults, and refuses a simulated device whose pattern cannot read its simulator', () => {
    const config = asciiLineConfig.parse({ protocol: 'ascii-line', device: { kind: 'simulated' } });
    expect(config).toMatchObject({ pattern: DEFAULT_LINE_PATTERN, unit: 'C', terminator: 'CRLF', basis: 'surface', simulatedFormat: DEFAULT_LINE_FORMAT });
    expect(config.query).toBeUndefined();
    const mismatch = asciiLineConfig.safeParse({ protocol: 'ascii-line', device: { kind: 'simulated' }, simulatedFormat: 'TEMP {object}' });
    expect(mismatch.success ? [] : mismatch.error.issues.map((i) => i.path.join('.'))).toEqual(['simulatedFormat']);
    const real = asciiLineConfig.safeParse({ protocol: 'ascii-line', device: { kind: 'serial', path: '/dev/ttyUSB0' }, simulatedFormat: 'TEMP {object}' });
    expect(real.success).toBe(true);
  });

  it('names the field of a bad pattern or query', () => {
    const bad = asciiLineConfig.safeParse({ protocol: 'ascii-line', device: { kind: 'simulated' }, pattern: '(?<object>(\\d)\\1)', query: 'MEAS?\u0000' });
    expect(bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message.split(':')[0] ?? ''}`)).toEqual(['pattern: pattern.backtracking-only', 'query: printable ASCII, CR, LF or TAB only']);
  });
});
