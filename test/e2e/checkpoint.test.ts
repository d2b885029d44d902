/**
 * One person at a time through the whole gate: simulated devices speaking real bytes over socat ptys,
 * the real serialport binding, the real SQLite journal, the kiosk page in Debian's Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk } from '../harness/browser.js';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions } from '../harness/journal.js';

const AMBIENT = { objectC: 25, ambientC: 24.5 };
const at = (bodyC: number) => ({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });

let gate: TestGate | undefined;
let kiosk: Awaited<ReturnType<typeof openKiosk>> | undefined;
afterEach(async () => {
  await kiosk?.close();
  await gate?.close();
  kiosk = gate = undefined;
});

async function start(opts: Parameters<typeof startTestGate>[0] = {}) {
  gate = await startTestGate(opts);
  gate.sims.thermometer.setScene(AMBIENT);
  kiosk = await openKiosk(gate.app.host.url);
  await kiosk.page.getByTestId('screen-idle').waitFor();
  return { gate, page: kiosk.page };
}

describe('checkpoint, end to end', () => {
  it('admits a person with a valid ID, a normal temperature and a mask, records it, then opens the gate', async () => {
    const { gate, page } = await start();
    await gate.sims.scanner.scan('11010519491231002X');
    await page.getByTestId('screen-collecting').waitFor();
    gate.sims.thermometer.setScene(at(36.6));
    await page.getByTestId('declare-mask').click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('admit');

    const [row] = readDecisions(gate.journalFile);
    expect(row).toMatchObject({ verdict: 'admit', body: { ending: 'complete', subject: { kind: 'resident-id', masked: '1101**********002X' } } });
    expect(row?.body.rules.map((r) => r.outcome)).toEqual(['PASSED', 'PASSED', 'PASSED']);
    expect(row?.body.policy.sha256).toBe(gate.app.gate.policy()?.sha256);
    // The safe state when the relay's link opened; then, only after the commit, on and off on the configured channel.
    const commands = await waitFor('relay on and off', () => (gate.sims.relay.commands().length >= 3 ? gate.sims.relay.commands() : undefined));
    expect(commands.map((c) => [c.channel, c.on])).toEqual([
      [1, false],
      [1, true],
      [1, false],
    ]);
  });

  it('asks a feverish person to measure again, then denies, with both readings on record', async () => {
    const { gate, page } = await start();
    await gate.sims.scanner.scan('440524188001010014');
    gate.sims.thermometer.setScene(at(38.2));
    await waitFor('a re-measure prompt', () => {
      const s = gate.lane.view().screen;
      return s.kind === 'collecting' && s.remeasure;
    });
    await expect.poll(() => page.getByTestId('prompt').getAttribute('data-prompt')).toBe('remeasure');
    await expect.poll(() => page.getByTestId('prompt').textContent()).toContain('请重新测温');
    gate.sims.thermometer.setScene(at(38.4));
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('deny');
    const temperature = readDecisions(gate.journalFile)[0]?.body.rules.find((r) => r.id === 'temperature');
    expect(temperature?.outcome).toBe('FAILED');
    expect((temperature?.values['readingsC'] as number[]).length).toBe(2);
    // What each reading was made of: a GY board's surface value, not compensated (the default), plus the offset.
    expect(temperature?.values['readings']).toEqual(
      [38.2, 38.4].map((bodyC) => ({ bodyC, rawC: Math.round((bodyC - OFFSET_C) * 100) / 100, ambientC: 24.5, offsetC: OFFSET_C, compensation: 'none', samples: expect.any(Number) as number })),
    );
    for (const r of temperature?.values['readings'] as { samples: number }[]) expect(r.samples).toBeGreaterThanOrEqual(2);
    expect(gate.sims.relay.commands().map((c) => [c.channel, c.on])).toEqual([[1, false]]); // only the safe state, at start
  });

  it('times out a session whose reading never comes, refers it to the guard and never opens the gate', async () => {
    const { gate, page } = await start({ session: { stepTimeoutMs: 2000 } });
    await gate.sims.scanner.scan('53010219200508011X');
    await page.getByTestId('screen-collecting').waitFor();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ timeout: 6000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('refer');
    const [row] = readDecisions(gate.journalFile);
    expect(row?.body.ending).toBe('step-timeout');
    expect(row?.body.rules.find((r) => r.id === 'temperature')?.outcome).toBe('MISSING_EVIDENCE');
    expect(gate.sims.relay.commands().map((c) => [c.channel, c.on])).toEqual([[1, false]]); // only the safe state, at start
  });

  it('counts a garbled thermometer frame, survives it, and still admits the next person', async () => {
    const { gate, page } = await start();
    const counters = () => gate.app.gate.view().devices.find((d) => d.role === 'thermometer')?.counters;
    const before = counters();
    await gate.sims.thermometer.injectRaw(Uint8Array.from([0x5a, 0x5a, 0x45, 0x04, 0x0e, 0x42, 0x09, 0xc4, 0x00, 0xff, 0x00, 0x13, 0x5a]));
    await waitFor('the bad frame to be counted', () => (counters()?.badFrames ?? 0) > (before?.badFrames ?? 0));
    expect(counters()?.discardedBytes).toBeGreaterThan(before?.discardedBytes ?? 0);
    await gate.sims.scanner.scan('440524188001015368');
    gate.sims.thermometer.setScene(at(36.4));
    await page.getByTestId('declare-mask').click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('admit');
  });

  it('never leaves the gate held open when it shuts down in the middle of a pulse', async () => {
    const { gate, page } = await start();
    await gate.sims.scanner.scan('11010519491231002X');
    gate.sims.thermometer.setScene(at(36.5));
    await page.getByTestId('declare-mask').click();
    await waitFor('the relay to switch on', () => gate.sims.relay.commands().some((c) => c.on));
    await gate.app.close();
    // Safe state at start; the pulse, cut short; the safe state again as the relay closes.
    expect(gate.sims.relay.commands().map((c) => c.on)).toEqual([false, true, false, false]);
  });
});
