/** Config `uplink`: defaults, field-named errors, and credential paths made absolute beside the config file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/config/load.js';
import { parseConfig } from '../../src/config/schema.js';

const sim = { device: { kind: 'simulated' } };
const lanes = [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }];
const https = { kind: 'https', url: 'https://platform.example/records' };
const problems = (uplink: unknown): string[] => {
  const r = parseConfig({ lanes, uplink });
  return r.ok ? [] : r.error.map((f) => f.message);
};

describe('config uplink', () => {
  it('fills the defaults in', () => {
    const r = parseConfig({ lanes, uplink: { gateId: 'gate-1', transport: https } });
    expect(r.ok && r.value.uplink).toEqual({
      gateId: 'gate-1',
      transport: { ...https, timeoutMs: 15_000 },
      batch: { records: 100, bytes: 262_144 },
      backlog: { maxRecords: 1_000_000, maxMB: 1024, whenFull: 'drop-oldest' },
      retry: { firstDelayMs: 1000, maxDelayMs: 300_000 },
      maxRecordsPerSecond: 6000,
      busyRecordsPerSecond: 1000,
      heartbeatEveryMs: 60_000,
    });
    const mqtt = parseConfig({ lanes, uplink: { gateId: 'gate-1', transport: { kind: 'mqtt', url: 'mqtts://broker.example:8883' } } });
    expect(mqtt.ok && mqtt.value.uplink?.transport).toEqual({ kind: 'mqtt', url: 'mqtts://broker.example:8883', topicPrefix: 'gates', timeoutMs: 15_000, sessionExpirySec: 604_800 });
  });

  it('names the field of every wrong value', () => {
    expect(problems({ gateId: 'a/b', transport: https })).toEqual([expect.stringMatching(/^uplink\.gateId: /)]);
    expect(problems({ gateId: 'g', transport: { ...https, url: 'ftp://x' } })).toEqual([expect.stringMatching(/^uplink\.transport\.url: /)]);
    expect(problems({ gateId: 'g', transport: { ...https, certFile: 'c.pem' } })).toEqual(['uplink.transport.keyFile: certFile and keyFile go together']);
    expect(problems({ gateId: 'g', transport: { kind: 'mqtt', url: 'mqtt://b', topicPrefix: 'a/+/b' } })).toEqual([expect.stringMatching(/^uplink\.transport\.topicPrefix: /)]);
    expect(problems({ gateId: 'g', transport: https, backlog: { whenFull: 'panic' } })).toEqual([expect.stringMatching(/^uplink\.backlog\.whenFull: /)]);
    expect(problems({ gateId: 'g', transport: https, retry: { firstDelayMs: 5000, maxDelayMs: 1000 } })).toEqual(['uplink.retry.firstDelayMs: must not exceed uplink.retry.maxDelayMs']);
    expect(problems({ gateId: 'g', transport: https, maxRecordsPerSecond: 500, busyRecordsPerSecond: 600 })).toEqual(['uplink.busyRecordsPerSecond: must not exceed uplink.maxRecordsPerSecond']);
    expect(problems({ gateId: 'g', transport: { kind: 'carrier-pigeon' } })).toEqual([expect.stringMatching(/^uplink\.transport\.kind: /)]);
  });

  it('makes credential and CA paths absolute, relative to the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-uplink-config-'));
    try {
      const file = join(dir, 'gate.json');
      writeFileSync(file, JSON.stringify({ lanes, uplink: { gateId: 'g', transport: { ...https, caFile: 'ca.pem', tokenFile: '/etc/gate/token' } } }));
      const c = loadConfig(file, {});
      expect(c.ok && c.value.uplink?.transport).toMatchObject({ caFile: join(dir, 'ca.pem'), tokenFile: '/etc/gate/token' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
