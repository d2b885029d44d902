import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../drivers/pty/socat-pair.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import type { ByteTransport } from '../../drivers/transport.js';
import type { Failure } from '../../src/result.js';
import { Cleanup, eventually, expectOk, pidsMentioning } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

async function pairWithPorts(): Promise<{ pair: PtyPair; host: ByteTransport; device: ByteTransport }> {
  const pair = cleanup.add(expectOk(await openPtyPair()));
  const device = cleanup.add(expectOk(await openSerialTransport(pair.devicePath, 9600)));
  const host = cleanup.add(expectOk(await openSerialTransport(pair.hostPath, 9600)));
  return { pair, host, device };
}

function closeReasons(transport: ByteTransport): (Failure | undefined)[] {
  const reasons: (Failure | undefined)[] = [];
  transport.onClose((r) => reasons.push(r));
  return reasons;
}

describe('serial transport over a pty', () => {
  it('carries all 256 byte values unchanged in both directions', async () => {
    const { host, device } = await pairWithPorts();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const atDevice: number[] = [];
    const atHost: number[] = [];
    device.onData((c) => atDevice.push(...c));
    host.onData((c) => atHost.push(...c));
    expectOk(await host.write(all));
    expectOk(await device.write(all));
    await eventually(() => atDevice.length === 256 && atHost.length === 256);
    expect(atDevice).toEqual(Array.from(all));
    expect(atHost).toEqual(Array.from(all));
  });

  it('reports an unplug when socat is killed, then refuses writes', async () => {
    const { pair, host } = await pairWithPorts();
    const reasons = closeReasons(host);
    await pair.close();
    await eventually(() => reasons.length === 1);
    expect(reasons[0]?.code).toBe('serial.disconnected');
    expect(reasons[0]?.message).toContain(pair.hostPath);
    const write = await host.write(Uint8Array.of(1));
    expect(write.ok ? 'ok' : write.error.code).toBe('serial.closed');
  });

  it('reports an unplug when socat dies by SIGKILL', async () => {
    const { pair, host, device } = await pairWithPorts();
    const hostReasons = closeReasons(host);
    const deviceReasons = closeReasons(device);
    const pids = pidsMentioning(pair.hostPath);
    expect(pids).toHaveLength(1);
    process.kill(pids[0] ?? Number.NaN, 'SIGKILL');
    await eventually(() => hostReasons.length === 1 && deviceReasons.length === 1);
    expect(hostReasons[0]?.code).toBe('serial.disconnected');
    expect(deviceReasons[0]?.code).toBe('serial.disconnected');
  });

  it('fires onClose once, without a failure, on a deliberate close', async () => {
    const { host } = await pairWithPorts();
    const reasons = closeReasons(host);
    await host.close();
    await host.close();
    expect(reasons).toEqual([undefined]);
  });

  it('fails to open a missing path with serial.absent naming it', async () => {
    const result = await openSerialTransport('/tmp/gate-no-such-port', 9600);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('serial.absent');
      expect(result.error.message).toContain('/tmp/gate-no-such-port');
    }
  });

  it('calls a link whose pty is gone (socat killed, its link left dangling) absent too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-dangling-'));
    cleanup.add({ close: async () => rmSync(dir, { recursive: true, force: true }) });
    symlinkSync('/dev/pts/no-such-pty', join(dir, 'by-id'));
    const result = await openSerialTransport(join(dir, 'by-id'), 9600);
    expect(result.ok ? 'ok' : result.error.code).toBe('serial.absent');
  });

  it('fails to open a port another transport holds (lock)', async () => {
    const { pair } = await pairWithPorts();
    const second = await openSerialTransport(pair.hostPath, 9600);
    expect(second.ok ? 'ok' : second.error.code).toBe('serial.open-failed');
  });

  it('fails to open something that is not a tty', async () => {
    const result = await openSerialTransport('/dev/null', 9600);
    expect(result.ok ? 'ok' : result.error.code).toBe('serial.open-failed');
  });
});
