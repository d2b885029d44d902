/**
 * The 256-byte text block of a read response (docs/devices/sam.md §3): UCS-2 little-endian (UTF-16LE),
 * every field padded with spaces (`20 00`). The type flag at bytes 248–249 says which layout the block has:
 *
 * Resident card (flag a space or zero) and Hong Kong / Macau / Taiwan residence permit (flag `J` [uncertain]):
 * | field       | offset | bytes | notes                                                      |
 * |-------------|--------|-------|------------------------------------------------------------|
 * | name        | 0      | 30    | 15 characters                                              |
 * | sex         | 30     | 2     | `1` male, `2` female, `0` unknown, `9` unspecified         |
 * | nation      | 32     | 4     | `01` 汉 … `56` 基诺, `97` other, `98` foreign origin         |
 * | birth       | 36     | 16    | YYYYMMDD                                                   |
 * | address     | 52     | 70    | 35 characters                                              |
 * | ID number   | 122    | 36    | 18 characters                                              |
 * | authority   | 158    | 30    |                                                            |
 * | valid from  | 188    | 16    | YYYYMMDD                                                   |
 * | valid to    | 204    | 16    | YYYYMMDD or 长期 (long-term)                               |
 * | reserved    | 220    | 36    | permits: pass number 18 B @220, issue count 4 B @238 (not kept) |
 *
 * Foreign permanent residence card (flag `I`): EN name 120 B @0, sex 2 @120, permit number 30 @122,
 * nationality code 6 @152, CN name 30 @158, valid from 16 @188, valid to 16 @204, birth 16 @220, card version
 * 4 @236, authority code 8 @240, flag @248, reserved 6 (two independent sources).
 */
import type { IdCardText } from '../../reader/reader.js';
import { err, ok, type Result } from '../../../src/result.js';
import { TEXT_LENGTH } from './codec.js';

/** Why a text block is not a card's text. */
export type TextBlockDefect = 'bad-text-length' | 'unknown-layout';

interface Field {
  readonly at: number;
  readonly bytes: number;
}

const RESIDENT = {
  name: { at: 0, bytes: 30 },
  sex: { at: 30, bytes: 2 },
  nation: { at: 32, bytes: 4 },
  birth: { at: 36, bytes: 16 },
  address: { at: 52, bytes: 70 },
  idNumber: { at: 122, bytes: 36 },
  authority: { at: 158, bytes: 30 },
  validFrom: { at: 188, bytes: 16 },
  validTo: { at: 204, bytes: 16 },
} as const satisfies Record<string, Field>;

const FOREIGN = {
  nameEn: { at: 0, bytes: 120 },
  sex: { at: 120, bytes: 2 },
  permitNumber: { at: 122, bytes: 30 },
  nationality: { at: 152, bytes: 6 },
  nameCn: { at: 158, bytes: 30 },
  validFrom: { at: 188, bytes: 16 },
  validTo: { at: 204, bytes: 16 },
  birth: { at: 220, bytes: 16 },
  authorityCode: { at: 240, bytes: 8 },
} as const satisfies Record<string, Field>;

export const TYPE_FLAG_AT = 248;
/** Type flag values (UCS-2 characters). */
export const TYPE_FLAGS = { resident: [' ', '\u0000'], 'foreign-permanent': ['I'], 'hmt-permit': ['J'] } as const;

const utf16 = new TextDecoder('utf-16le');

/** One field's text with the space padding (and any NULs a writer padded with) trimmed. */
function read(block: Uint8Array, field: Field): string {
  return utf16
    .decode(block.subarray(field.at, field.at + field.bytes))
    .replace(/^[ \u0000]+|[ \u0000]+$/g, '');
}

export function cardTypeOf(block: Uint8Array): IdCardText['cardType'] | undefined {
  const flag = read(block, { at: TYPE_FLAG_AT, bytes: 2 }) || ' ';
  return (Object.keys(TYPE_FLAGS) as IdCardText['cardType'][]).find((type) => (TYPE_FLAGS[type] as readonly string[]).includes(flag));
}

/**
 * The card's text. Fields are as written on the card, trimmed; nothing is validated here (the ID number's
 * check digit is src/identity/id-card.ts's business). A foreign permanent residence card's fields map onto
 * the resident ones: `name` the English name with the Chinese one after it in parentheses when there is one,
 * `nation` the nationality code, `idNumber` the permit number, `authority` the authority code, `address` empty.
 */
export function parseTextBlock(block: Uint8Array): Result<IdCardText, TextBlockDefect> {
  if (block.length !== TEXT_LENGTH) return err('bad-text-length');
  const cardType = cardTypeOf(block);
  if (cardType === undefined) return err('unknown-layout');
  if (cardType === 'foreign-permanent') {
    const cn = read(block, FOREIGN.nameCn);
    const en = read(block, FOREIGN.nameEn);
    return ok({
      cardType,
      name: cn === '' ? en : `${en} (${cn})`,
      sex: read(block, FOREIGN.sex),
      nation: read(block, FOREIGN.nationality),
      birth: read(block, FOREIGN.birth),
      address: '',
      idNumber: read(block, FOREIGN.permitNumber),
      authority: read(block, FOREIGN.authorityCode),
      validFrom: read(block, FOREIGN.validFrom),
      validTo: read(block, FOREIGN.validTo),
    });
  }
  return ok({
    cardType,
    name: read(block, RESIDENT.name),
    sex: read(block, RESIDENT.sex),
    nation: read(block, RESIDENT.nation),
    birth: read(block, RESIDENT.birth),
    address: read(block, RESIDENT.address),
    idNumber: read(block, RESIDENT.idNumber),
    authority: read(block, RESIDENT.authority),
    validFrom: read(block, RESIDENT.validFrom),
    validTo: read(block, RESIDENT.validTo),
  });
}

/** Writes `text` into its field, space padded; longer text is cut to the field (a simulator's card, never a read). */
function write(block: Uint8Array, field: Field, text: string): void {
  const chars = field.bytes / 2;
  const padded = text.slice(0, chars).padEnd(chars, ' ');
  for (let i = 0; i < chars; i++) {
    const unit = padded.charCodeAt(i);
    block[field.at + 2 * i] = unit & 0xff;
    block[field.at + 2 * i + 1] = unit >> 8;
  }
}

/** A card with the resident layout: a resident card or a Hong Kong/Macau/Taiwan residence permit. */
export type ResidentLayoutCard = IdCardText & { readonly cardType: 'resident' | 'hmt-permit' };

/** A resident or permit layout block for a simulator's card (the foreign layout is written by tests through `encodeForeignBlock`). */
export function encodeResidentBlock(card: ResidentLayoutCard): Uint8Array {
  const block = new Uint8Array(TEXT_LENGTH);
  write(block, { at: 0, bytes: TEXT_LENGTH }, '');
  for (const key of Object.keys(RESIDENT) as (keyof typeof RESIDENT)[]) write(block, RESIDENT[key], card[key]);
  if (card.cardType === 'hmt-permit') write(block, { at: TYPE_FLAG_AT, bytes: 2 }, 'J');
  return block;
}

export interface ForeignCardFields {
  readonly nameEn: string;
  readonly nameCn: string;
  readonly sex: string;
  readonly permitNumber: string;
  readonly nationality: string;
  readonly birth: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly authorityCode: string;
}

export function encodeForeignBlock(card: ForeignCardFields): Uint8Array {
  const block = new Uint8Array(TEXT_LENGTH);
  write(block, { at: 0, bytes: TEXT_LENGTH }, '');
  for (const key of Object.keys(FOREIGN) as (keyof typeof FOREIGN)[]) write(block, FOREIGN[key], card[key]);
  write(block, { at: TYPE_FLAG_AT, bytes: 2 }, 'I');
  return block;
}
