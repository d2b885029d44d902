/**
 * Where the gate opens a USB HID device: the real one through node-hid, found by vendor and product id (and
 * serial number, and the protocol's usage page) at every open, so a device plugged in again is found again;
 * or a simulator started now, whose in-memory device gives the transport.
 */
import type { HidDeviceRef } from '../../src/config/hid-device-ref.js';
import { ok, type Failure, type Result } from '../../src/result.js';
import { describeHid, openNodeHidTransport } from '../../drivers/hid/node-hid-transport.js';
import type { SimHidDevice } from '../../drivers/hid/sim-transport.js';
import type { OpenHid } from '../../drivers/hid/transport.js';
import type { SimulatedHid } from './protocol.js';

export interface HidEndpoint<S> {
  /** How the status shows it: `hid:0c2e:0b8f[:serial]`, `simulated:hid:…`. */
  readonly path: string;
  readonly shown: string;
  readonly open: OpenHid;
  readonly simulated?: { readonly sim: S; close(): Promise<void> };
}

export async function hidEndpointOf<S extends { close(): Promise<void> }>(
  ref: HidDeviceRef,
  usagePage: number | undefined,
  simulate: () => Promise<Result<SimulatedHid<S>, Failure>>,
): Promise<Result<HidEndpoint<S>, Failure>> {
  if (ref.kind === 'hid') {
    const selector = { vendorId: ref.vendorId, productId: ref.productId, ...(ref.serialNumber === undefined ? {} : { serialNumber: ref.serialNumber }), ...(usagePage === undefined ? {} : { usagePage }) };
    const shown = describeHid(selector);
    return ok({ path: shown, shown, open: () => openNodeHidTransport(selector) });
  }
  const started = await simulate();
  if (!started.ok) return started;
  const { sim, device } = started.value;
  const shown = `simulated:${describeHid(device.info)}`;
  return ok({ path: shown, shown, open: () => device.open(), simulated: { sim, close: () => sim.close() } });
}

/** A simulator that drives its own SimHidDevice, as the endpoint wants it. */
export async function simulatedHid<S extends { readonly device: SimHidDevice }>(opening: Promise<Result<S, Failure>>): Promise<Result<SimulatedHid<S>, Failure>> {
  const sim = await opening;
  return sim.ok ? ok({ sim: sim.value, device: sim.value.device }) : sim;
}
