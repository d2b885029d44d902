/**
 * What a serial port's USB ids and names say about the device behind it: the table `gate devices` matches
 * (src/devices/fingerprint.ts scores it). One row per fact, each citing where the fact comes from; the same
 * sources, with more words, are in docs/devices/discovery.md (a test checks every row id is there).
 *
 * A row matches on exactly one kind of evidence (`match.kind`), which sets how much it weighs
 * (fingerprint.ts `WEIGHTS`): an exact USB vendor:product id, a vendor id alone, a `/dev/serial/by-id/`
 * name, the USB manufacturer/product strings, or the kernel driver. A row suggests every protocol its
 * evidence could mean; a bridge chip that many devices use (CH340, FTDI, CP210x, PL2303) suggests several,
 * and so each gets a smaller share. A row whose device is not a tty at all (`notSerial`) is only reported,
 * so a technician knows the reader was seen and why the gate cannot use it.
 *
 * USB ids are 4 lowercase hex digits, as sysfs `idVendor`/`idProduct` hold them.
 */
import type { DeviceRole } from './status.js';

/** The serial protocols of issue 10, by the names the config's `protocol` fields use. */
export const SUGGESTED_PROTOCOLS = [
  'gy-mcu90614',
  'gy-mcu90615',
  'body-mode',
  'ascii-line',
  'line',
  'sam',
  'mrz-line',
  'badge-uid',
  'wiegand',
  'lcus',
] as const;
export type SuggestedProtocol = (typeof SUGGESTED_PROTOCOLS)[number];

/** The lane role each protocol fills. */
export const PROTOCOL_ROLE: Readonly<Record<SuggestedProtocol, DeviceRole>> = {
  'gy-mcu90614': 'thermometer',
  'gy-mcu90615': 'thermometer',
  'body-mode': 'thermometer',
  'ascii-line': 'thermometer',
  line: 'scanner',
  sam: 'scanner',
  'mrz-line': 'scanner',
  'badge-uid': 'scanner',
  wiegand: 'scanner',
  lcus: 'relay',
};

export type FingerprintMatch =
  | { readonly kind: 'usb-id'; readonly vendorId: string; readonly productId: string }
  | { readonly kind: 'usb-vendor'; readonly vendorId: string }
  | { readonly kind: 'by-id'; readonly pattern: RegExp }
  | { readonly kind: 'usb-strings'; readonly pattern: RegExp }
  | { readonly kind: 'driver'; readonly driver: string };

export interface ProtocolHint {
  readonly protocol: SuggestedProtocol;
  /** Why this evidence points at this protocol, in a technician's words. */
  readonly why: string;
}

export interface Fingerprint {
  /** Stable, kebab-case; shown by `gate devices` and listed in docs/devices/discovery.md. */
  readonly id: string;
  /** What the evidence identifies (a chip, a maker, a reader). */
  readonly label: string;
  readonly match: FingerprintMatch;
  /** Empty for a `notSerial` row. */
  readonly suggests: readonly ProtocolHint[];
  /** Set when the device is not a tty (USB HID, bulk, keyboard): why the gate cannot read it. */
  readonly notSerial?: string;
}

const relayOnCh340: ProtocolHint = { protocol: 'lcus', why: 'LCUS-1/2/4/8 relay boards are a CH340 behind USB (docs/devices.md §5.1)' };
const scannerOnBridge: ProtocolHint = { protocol: 'line', why: 'an RS-232 scanner in serial emulation, through a USB-serial cable (docs/devices.md §2.1)' };
const gyOnBridge: ProtocolHint = { protocol: 'gy-mcu90614', why: 'GY-MCU9061x boards are TTL UARTs (docs/devices.md §1.2), usually on a cheap USB-TTL adapter' };
const bodyModeOnFtdi: ProtocolHint = { protocol: 'body-mode', why: 'the body-mode module’s documented port is /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_… (docs/devices/discovery.md)' };
const samOnRs232: ProtocolHint = { protocol: 'sam', why: 'serial SAM ID-card readers speak 115200 8N1 over RS-232 (docs/devices/discovery.md)' };
const scannerMaker = (maker: string): ProtocolHint => ({ protocol: 'line', why: `${maker} scanners in serial emulation or USB COM (CDC-ACM) mode send one line per code (docs/devices.md §2.4)` });
const notSerialReader = 'it is a USB HID/bulk device, not a serial port: the gate reads only serial ports';

export const FINGERPRINTS: readonly Fingerprint[] = [
  // 1a86:7523 is the CH340 in Linux drivers/usb/serial/ch341.c's id table; LCUS boards: docs/devices.md §5.1.
  { id: 'ch340', label: 'WCH CH340/CH341 USB-serial bridge', match: { kind: 'usb-id', vendorId: '1a86', productId: '7523' }, suggests: [relayOnCh340, scannerOnBridge, gyOnBridge] },
  // udev names a CH340 (no manufacturer string) `usb-1a86_USB_Serial-if00-port0`; the config schema's own example.
  { id: 'ch340-by-id', label: 'CH340 by its by-id name', match: { kind: 'by-id', pattern: /^usb-1a86_USB(2\.0)?[-_]Serial/ }, suggests: [relayOnCh340, scannerOnBridge, gyOnBridge] },
  // 0403:6001 is FTDI's FT232R (FTDI_8U232AM_PID in Linux drivers/usb/serial/ftdi_sio_ids.h).
  { id: 'ftdi-ft232r', label: 'FTDI FT232R USB-UART bridge', match: { kind: 'usb-id', vendorId: '0403', productId: '6001' }, suggests: [bodyModeOnFtdi, scannerOnBridge] },
  // The body-mode module's source (xiaohu_robot) opens /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_….
  { id: 'ftdi-ft232r-by-id', label: 'FT232R by its by-id name', match: { kind: 'by-id', pattern: /FT232R/ }, suggests: [bodyModeOnFtdi, scannerOnBridge] },
  // The FT232R's product string is "FT232R USB UART" (FTDI FT232R datasheet, default EEPROM).
  { id: 'ftdi-ft232r-strings', label: 'FT232R by its product string', match: { kind: 'usb-strings', pattern: /FT232R/ }, suggests: [bodyModeOnFtdi, scannerOnBridge] },
  // 10c4:ea60 is the CP210x factory default id (Linux drivers/usb/serial/cp210x.c: "Silicon Labs factory default").
  { id: 'cp210x', label: 'Silicon Labs CP210x USB-UART bridge', match: { kind: 'usb-id', vendorId: '10c4', productId: 'ea60' }, suggests: [gyOnBridge, scannerOnBridge] },
  // udev: `usb-Silicon_Labs_CP2102_USB_to_UART_Bridge_Controller_…`; product string "CP2102 USB to UART Bridge Controller".
  { id: 'cp210x-by-id', label: 'CP210x by its by-id name', match: { kind: 'by-id', pattern: /CP210/ }, suggests: [gyOnBridge, scannerOnBridge] },
  { id: 'cp210x-strings', label: 'CP210x by its product string', match: { kind: 'usb-strings', pattern: /CP210/ }, suggests: [gyOnBridge, scannerOnBridge] },
  // 067b:2303 is the Prolific PL2303 (PL2303_VENDOR_ID/PL2303_PRODUCT_ID in Linux drivers/usb/serial/pl2303.h), the usual USB-RS232 cable.
  { id: 'pl2303', label: 'Prolific PL2303 USB-RS232 cable', match: { kind: 'usb-id', vendorId: '067b', productId: '2303' }, suggests: [scannerOnBridge, samOnRs232] },
  // Honeywell's USB vendor id 0x0C2E (docs/devices/discovery.md; NielsLeenheer/WebHidBarcodeScanner).
  { id: 'honeywell', label: 'Honeywell scanner', match: { kind: 'usb-vendor', vendorId: '0c2e' }, suggests: [scannerMaker('Honeywell')] },
  { id: 'honeywell-by-id', label: 'Honeywell by its by-id name', match: { kind: 'by-id', pattern: /Honeywell/i }, suggests: [scannerMaker('Honeywell')] },
  { id: 'honeywell-strings', label: 'Honeywell by its manufacturer string', match: { kind: 'usb-strings', pattern: /Honeywell/i }, suggests: [scannerMaker('Honeywell')] },
  // Symbol (Zebra, Motorola) USB vendor id 0x05E0 (same source as Honeywell's).
  { id: 'zebra', label: 'Zebra/Symbol scanner', match: { kind: 'usb-vendor', vendorId: '05e0' }, suggests: [scannerMaker('Zebra/Symbol')] },
  { id: 'zebra-by-id', label: 'Zebra/Symbol by its by-id name', match: { kind: 'by-id', pattern: /Symbol|Zebra|Motorola/i }, suggests: [scannerMaker('Zebra/Symbol')] },
  { id: 'zebra-strings', label: 'Zebra/Symbol by its manufacturer string', match: { kind: 'usb-strings', pattern: /Symbol|Zebra|Motorola/i }, suggests: [scannerMaker('Zebra/Symbol')] },
  // USB CDC-ACM ("USB COM") is how scanners appear as /dev/ttyACM* (docs/devices.md §2.1); cdc_acm is its Linux driver.
  { id: 'cdc-acm', label: 'a USB CDC-ACM ("USB COM") device', match: { kind: 'driver', driver: 'cdc_acm' }, suggests: [scannerMaker('Most')] },
  // SAM ID-card readers in USB mode: VID 0x0400 PID 0xC35A, bulk endpoints 0x02/0x81 (docs/devices/discovery.md).
  { id: 'sam-usb', label: 'SAM resident-ID-card reader in USB mode', match: { kind: 'usb-id', vendorId: '0400', productId: 'c35a' }, suggests: [], notSerial: notSerialReader },
  // DCTTech/V-USB HID relays, typically 16c0:05df, product string USBRelayN (darrylb123/usbrelay).
  { id: 'hid-relay', label: 'USB HID relay board (DCTTech/V-USB)', match: { kind: 'usb-id', vendorId: '16c0', productId: '05df' }, suggests: [], notSerial: 'it is a USB HID relay, not a serial port: the gate drives only LCUS serial relays (docs/devices.md §5.1)' },
  // A USB RFID reader typing UIDs as a keyboard, 16c0:27db (rusty-octopus/rfid_media_player; docs/devices.md §2.2).
  { id: 'rfid-wedge', label: 'USB RFID keyboard-wedge reader', match: { kind: 'usb-id', vendorId: '16c0', productId: '27db' }, suggests: [], notSerial: 'it types into the keyboard, not a serial port: use a reader with a serial mode (docs/devices.md §2.2)' },
];
