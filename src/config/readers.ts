/**
 * A lane's identity readers: a list of 1–4, each a member of one union by `protocol` (one member per protocol,
 * in src/config/readers/<protocol>.ts), with its `kind` (what it reads) and an optional `id`. Adding a
 * protocol: one import and one entry in READER_MEMBERS (docs/recipes.md).
 */
import { z } from 'zod';
import { LANE_DEVICE_IDS, type ReaderKind } from '../devices/status.js';
import type { deviceRef } from './device-ref.js';
import type { hidDeviceRef } from './hid-device-ref.js';
import { badgeUidReaderConfig } from './readers/badge-uid.js';
import { hidPosReaderConfig } from './readers/hid-pos.js';
import { lineReaderConfig } from './readers/line.js';
import { mrzLineReaderConfig } from './readers/mrz-line.js';
import { samReaderConfig } from './readers/sam.js';
import { pageKeyboard, wedgeReaderConfig } from './readers/wedge.js';
import { wiegandReaderConfig } from './readers/wiegand.js';
import { shortId } from './short-id.js';

/** What every reader member declares itself: a fixed kind and protocol, and where its device is. */
interface ReaderShape extends z.core.$ZodShape {
  readonly kind: z.ZodLiteral<ReaderKind>;
  readonly protocol: z.ZodLiteral<string>;
  /** A serial device, a USB HID one, or (a keyboard wedge) the page's keyboard. */
  readonly device: typeof deviceRef | typeof hidDeviceRef | typeof pageKeyboard;
}

const readerId = shortId
  .optional()
  .describe(
    'Names this reader in the device status and the logs; unique within the lane, and neither `thermometer` nor `relay`. Default: its `kind` (`scanner`), or `<kind>-<n>` (`scanner-1`, `scanner-2`) when the lane has several readers of that kind.',
  );

/** A member with the `id` every reader takes (kept out of the member files so a protocol's file holds only what is its own). */
const withId = <S extends ReaderShape>(member: z.ZodObject<S, z.core.$strict>) => member.extend({ id: readerId }).describe(member.description ?? '');

export const readerConfig = z.discriminatedUnion('protocol', [withId(lineReaderConfig), withId(samReaderConfig), withId(mrzLineReaderConfig), withId(badgeUidReaderConfig), withId(wiegandReaderConfig), withId(hidPosReaderConfig), withId(wedgeReaderConfig)]).describe('An identity reader; `protocol` says which kind of device it is.');
/** The kind a protocol's member fixes (`line` → `scanner`), or undefined for a protocol no member has. */
export function readerKindOf(protocol: string): ReaderKind | undefined {
  return readerConfig.options.find((m) => m.shape.protocol.value === protocol)?.shape.kind.value;
}

/** A reader as the gate uses it: its id always set. */
export type ReaderConfig = z.output<typeof readerConfig> & { readonly id: string };
/** A reader on a device the gate opens (every protocol but the keyboard wedge, which the page's keys feed). */
export type DeviceReaderConfig = Exclude<ReaderConfig, { readonly protocol: 'wedge' }>;
export const isDeviceReader = (config: ReaderConfig): config is DeviceReaderConfig => config.protocol !== 'wedge';
/** The members whose reader is on a device the gate opens (each has a descriptor in main/devices/protocols/). */
export const deviceReaderMembers = readerConfig.options.filter((m) => m.shape.device !== pageKeyboard);

/** Fills in default ids: the kind when it is the lane's only reader of that kind, else `<kind>-<n>` counting that kind from 1. */
export function withReaderIds(readers: readonly z.output<typeof readerConfig>[]): ReaderConfig[] {
  const ofKind = (kind: ReaderKind): number => readers.filter((r) => r.kind === kind).length;
  const seen = new Map<ReaderKind, number>();
  return readers.map((r) => {
    const n = (seen.get(r.kind) ?? 0) + 1;
    seen.set(r.kind, n);
    return { ...r, id: r.id ?? (ofKind(r.kind) === 1 ? r.kind : `${r.kind}-${n}`) };
  });
}

export const readersConfig = z
  .array(readerConfig)
  .min(1)
  .max(4)
  .transform(withReaderIds)
  .superRefine((readers, ctx) => {
    const ids = new Set<string>(LANE_DEVICE_IDS);
    readers.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `reader id "${r.id}" is used twice in this lane (or names its thermometer or relay)`, path: [i, 'id'] });
      ids.add(r.id);
    });
  })
  .describe('The identity readers of this lane, 1 to 4 (a QR scanner, an ID-card reader, a badge reader…): every one feeds the same session.');
