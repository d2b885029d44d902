/**
 * A day at the gate in seconds: `node out/bench/demo-day.js CONFIG VISITORS` drives the real gate core
 * (in-memory devices) with ID cards, bad scans, fevers with re-measures and guard registrations that
 * include ID numbers, then prints `{"visitors":N,"decisions":M}`. Logs go to stderr at GATE_LOG_LEVEL.
 */
import { loadConfig } from '../main/config/load.js';
import { randomResidentId } from '../main/demo/visitors.js';
import { startGate } from '../main/gate.js';
import { memoryDevices, type MemoryLane } from './memory-devices.js';

const [configFile, count = '500', guardPin = ''] = process.argv.slice(2);
if (configFile === undefined) throw new Error('usage: demo-day.js CONFIG VISITORS [GUARD_PIN]');
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
  const id = randomResidentId(rand);
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
    case 1:
      m.scan(id.slice(0, 17) + (id[17] === '0' ? '1' : '0')); // a wrong check digit: refused, never logged
      await turn();
      continue;
    default:
      m.scan(i % 7 === 0 ? id.toLowerCase() : id);
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
await gate.value.close();
process.stdout.write(`${JSON.stringify({ visitors: Number(count), decisions })}\n`);
