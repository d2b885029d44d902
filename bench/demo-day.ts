/**
 * A day at the gate in seconds: `node out/bench/demo-day.js CONFIG VISITORS [GUARD_PIN] [--hold] [--plant ID]`
 * drives the real gate core (in-memory devices) with ID cards, refused scans that hold valid ID numbers, wrong
 * check digits, fevers with re-measures and guard registrations that include ID numbers, then prints
 * `{"visitors":N,"decisions":M,"idNumbers":[…]}` (every number it scanned or registered, for test/privacy).
 * Logs go to stderr at GATE_LOG_LEVEL.
 *
 * - `--hold`: after the day, keep the gate open (its WAL holding the day) until stdin ends, then close and
 *   print `{"closed":true}`.
 * - `--plant ID`: a leak on purpose, to show test/privacy sees one: every scan is also logged unredacted at
 *   debug level (what a technician's quick patch of the lane's `scan received` line would do), and visitor 5
 *   scans ID.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../main/config/load.js';
import { randomResidentId, refusedIdScan } from '../main/demo/visitors.js';
import { startGate } from '../main/gate.js';
import { logger } from '../main/log.js';
import { memoryDevices, type MemoryLane } from './memory-devices.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { hold: { type: 'boolean', default: false }, plant: { type: 'string' } } });
const [configFile, count = '500', guardPin = ''] = positionals;
if (configFile === undefined) throw new Error('usage: demo-day.js CONFIG VISITORS [GUARD_PIN] [--hold] [--plant ID]');
const config = loadConfig(configFile);
if (!config.ok) throw new Error(JSON.stringify(config.error));
const mem = memoryDevices();
const gate = await startGate(config.value, { openDevices: mem.open });
if (!gate.ok) throw new Error(JSON.stringify(gate.error));
const laneId = config.value.lanes[0]?.id ?? '';
const guardId = config.value.guards[0]?.id ?? '';
const lane = gate.value.lanes.get(laneId);
const devices = mem.lanes.get(laneId);
if (lane === undefined || devices === undefined) throw new Error('no lane');
const technicianTap = logger('bench:technician-tap');
const idNumbers: string[] = [];
const scan = (m: MemoryLane, text: string): void => {
  if (values.plant !== undefined) technicianTap.debug({ lane: laneId, text }, 'scan received');
  m.scan(text);
};

let seed = 42;
const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const offset = config.value.lanes[0]?.thermometer.offsetC ?? 0;

async function measure(m: MemoryLane, bodyC: number, at = Date.now()): Promise<void> {
  m.objectC = bodyC - offset;
  m.frame(at);
  m.frame(at + 1);
  await turn();
}

let decisions = 0;
for (let i = 0; i < Number(count); i++) {
  const id = i === 5 && values.plant !== undefined ? values.plant : randomResidentId(rand);
  idNumbers.push(id);
  const m = devices;
  m.objectC = 25;
  m.frame();
  switch (i % 10) {
    case 0: {
      const r = await gate.value.router.handle('gate:register-person', {
        lane: laneId,
        guardId,
        guardPin,
        person: { name: `访客${i}`, phone: `1380013${String(i).padStart(4, '0')}`, destination: `${i % 12} 栋`, idNumber: id, category: 'visitor' },
      }, { connection: 'bench' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      break;
    }
    case 1: {
      const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0'); // a wrong check digit: refused, never logged
      idNumbers.push(wrong);
      scan(m, wrong);
      await turn();
      continue;
    }
    case 3: {
      // A first read the gate refuses, holding a valid ID number (or this number with an impossible birth date), then the card.
      const refused = refusedIdScan(id, rand);
      idNumbers.push(...(refused.match(/[0-9]{17}[0-9X]/g) ?? []));
      scan(m, refused);
      await turn();
      scan(m, id);
      break;
    }
    default:
      scan(m, i % 7 === 0 ? id.toLowerCase() : id);
  }
  await turn();
  if (i % 10 === 2) {
    await measure(m, 38.1);
    await measure(m, 38.3, Date.now() + 1500);
  } else {
    await measure(m, 36.2 + (i % 8) / 10);
  }
  lane.declareMask();
  await turn();
  decisions++;
}
process.stdout.write(`${JSON.stringify({ visitors: Number(count), decisions, idNumbers })}\n`);
if (values.hold) {
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
}
await gate.value.close();
if (values.hold) process.stdout.write(`${JSON.stringify({ closed: true })}\n`);
