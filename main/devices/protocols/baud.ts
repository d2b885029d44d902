import type { DeviceRef } from '../../../src/config/device-ref.js';

/** The one line speed of a reader whose speed is configured: the serial device's, else (a simulator) 9600. */
export const configuredBaud = (device: DeviceRef): readonly number[] => [device.kind === 'serial' ? device.baudRate : 9600];
