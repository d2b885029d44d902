/**
 * The node-hid transport's failures are values: node-hid (or the libusb it links) missing, and no such device.
 * No HID device can be attached on this machine: the real binding lists none, so an open is `hid.absent`.
 */
import { describe, expect, it } from 'vitest';
import { describeHid, openNodeHidTransport } from '../../drivers/hid/node-hid-transport.js';

describe('node-hid transport', () => {
  it('node-hid that cannot be loaded (libusb-1.0 missing): hid.unavailable, never a throw', async () => {
    const opened = await openNodeHidTransport({ vendorId: 0x0c2e, productId: 0x0b8f }, () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')));
    expect(opened.ok ? 'ok' : [opened.error.code, opened.error.message]).toEqual(['hid.unavailable', expect.stringContaining('libusb-1.0.so.0')]);
  });

  it('with the real binding and no such device plugged in: hid.absent, naming the ids and the usage page', async () => {
    const opened = await openNodeHidTransport({ vendorId: 0x0c2e, productId: 0x0b8f, serialNumber: 'X1', usagePage: 0x8c });
    expect(opened.ok ? 'ok' : opened.error.code).toBe('hid.absent');
    expect(opened.ok ? '' : opened.error.message).toContain('hid:0c2e:0b8f:X1 with usage page 0x8c');
  });

  it('names devices as the status shows them', () => {
    expect(describeHid({ vendorId: 0x16c0, productId: 0x5df })).toBe('hid:16c0:05df');
  });
});
