import { ok, type Failure, type Result } from '../../../src/result.js';
import type { ReaderSimulator, SimPerson } from '../../reader/reader.js';
import { openSerialTransport } from '../../serial-transport.js';
import { SimLink, type LinkFaults } from '../../sim/sim-link.js';
import { decodeCommand, encodeResponse, HEADER_LENGTH, joinReadInfo, PHOTO_LENGTH, TEXT_LENGTH, type CommandName } from './codec.js';
import { SamParser } from './parser.js';
import { SW3 } from './status.js';
import { encodeResidentBlock, type ResidentLayoutCard } from './text-block.js';

/** "Serial typically 115200 8N1" (docs/devices/sam.md §1). */
export const SAM_BAUD_RATE = 115_200;

export interface SamSimulatorOptions {
  readonly baudRate?: number;
  /** Link faults (checksum errors, truncation, noise, split frames, silence); pacing defaults to `baudRate`. */
  readonly faults?: LinkFaults;
  /** How long a presented card stays on the reader; 0 keeps it there until `remove()`. Default 3000 ms. */
  readonly presentForMs?: number;
  readonly knobs?: Partial<SamKnobs>;
}

/** How the simulated reader and card behave; change them at any time with `setKnobs`. */
export interface SamKnobs {
  /** SW3 of the SAM status reply (0x90 fit; 0x60 self-test failed…). */
  readonly samStatus: number;
  /** SW3 of select while a card is there (0x90; 0x81 select failed). */
  readonly selectStatus: number;
  /** SW3 of a read of a selected card (0x90 with the text and photo; 0x31 a card the SAM cannot authenticate, 0x41…). */
  readonly readStatus: number;
  /**
   * After a successful read the card stays halted (find fails) until it is removed and presented again, as the
   * reference describes (docs/devices/sam.md §5). `true` makes find succeed again at once, as some readers do.
   */
  readonly refindAfterRead: boolean;
}

const DEFAULT_KNOBS: SamKnobs = { samStatus: SW3.success, selectStatus: SW3.success, readStatus: SW3.success, refindAfterRead: false };

interface CardOnReader {
  readonly card: ResidentLayoutCard;
  readonly photo: Uint8Array;
  halted: boolean;
  selected: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** The card a simulator makes of a person: the rest of the text derived from the ID number, made-up places. */
export function simulatedCard(person: SimPerson): ResidentLayoutCard {
  const id = person.idNumber;
  const birth = id.slice(6, 14);
  const validFrom = /^[0-9]{8}$/.test(person.validTo) ? `${String(Number(person.validTo.slice(0, 4)) - 20)}${person.validTo.slice(4)}` : '20100101';
  return {
    cardType: 'resident',
    name: person.name,
    sex: Number(id[16]) % 2 === 1 ? '1' : '2',
    nation: '01',
    birth,
    address: '模拟省模拟市示例区示例路1号',
    idNumber: id,
    authority: '模拟市公安局示例分局',
    validFrom,
    validTo: person.validTo,
  };
}

/** An opaque 1024-byte stand-in for the WLT photo, the same for the same person (a test can look for it). */
export function simulatedPhoto(person: SimPerson): Uint8Array {
  let x = 0x9e3779b9;
  for (const c of person.idNumber) x = Math.imul(x ^ c.charCodeAt(0), 0x85ebca6b) >>> 0;
  return Uint8Array.from({ length: PHOTO_LENGTH }, () => {
    x = (Math.imul(x ^ (x >>> 13), 0xc2b2ae35) + 0x6d2b79f5) >>> 0;
    return x >>> 24;
  });
}

/**
 * A resident ID card reader speaking the SAM protocol (docs/devices/sam.md) on the device side of a pty: it
 * answers every command of §2 as a reader does, from the card that is on it. `present(person)` lays a card
 * there for `presentForMs` (or until `remove()`); the read reply is the full 1295-byte frame with a well-formed
 * text block and an opaque photo. Host frames with a bad checksum or length are ignored, as is the case for a
 * reader that never saw a frame; an unknown command is answered 0x21.
 */
export class SamSimulator implements ReaderSimulator {
  static async open(devicePath: string, options: SamSimulatorOptions = {}): Promise<Result<SamSimulator, Failure>> {
    const baudRate = options.baudRate ?? SAM_BAUD_RATE;
    const transport = await openSerialTransport(devicePath, baudRate);
    return transport.ok ? ok(new SamSimulator(new SimLink(transport.value, { baudRate, ...options.faults }), options)) : transport;
  }

  readonly link: SimLink;
  readonly #options: SamSimulatorOptions;
  readonly #parser = new SamParser();
  readonly #received: CommandName[] = [];
  #knobs: SamKnobs;
  #card: CardOnReader | undefined;
  /** Finds still to answer "no card" since the last card was taken off. */
  #fieldEmptyFinds = 0;
  #unsubscribe: () => void;

  private constructor(link: SimLink, options: SamSimulatorOptions) {
    this.link = link;
    this.#options = options;
    this.#knobs = { ...DEFAULT_KNOBS, ...options.knobs };
    this.#unsubscribe = link.onData((chunk) => {
      for (const event of this.#parser.push(chunk)) if (event.type === 'frame') void this.#answer(decodeCommand(event.payload));
    });
  }

  setKnobs(knobs: Partial<SamKnobs>): void {
    this.#knobs = { ...this.#knobs, ...knobs };
  }

  /** Lays `person`'s card on the reader (replacing any card there), for `presentForMs`. Resolves at once. */
  present(person: SimPerson): Promise<void> {
    this.remove();
    const forMs = this.#options.presentForMs ?? 3000;
    const card: CardOnReader = { card: simulatedCard(person), photo: simulatedPhoto(person), halted: false, selected: false, timer: undefined };
    if (forMs > 0) card.timer = setTimeout(() => this.#card === card && this.remove(), forMs);
    this.#card = card;
    return Promise.resolve();
  }

  /**
   * Takes the card off the reader. The next find answers "no card" whatever is laid on it meanwhile: a card taken
   * off and another laid on leave the field empty for at least one poll, as hands do, and the driver waits to see
   * the field empty before it reads again (docs/devices/sam.md §5).
   */
  remove(): void {
    if (this.#card !== undefined) this.#fieldEmptyFinds = 1;
    clearTimeout(this.#card?.timer);
    this.#card = undefined;
  }

  get cardPresent(): boolean {
    return this.#card !== undefined;
  }

  /** Commands received so far, oldest first. */
  commandsReceived(): readonly CommandName[] {
    return this.#received;
  }

  setFaults(faults: LinkFaults): void {
    this.link.setFaults(faults);
  }

  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.link.sendRaw(bytes);
  }

  /** After each read reply (text and photo) is written whole. */
  onReadWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.link.onFrameWritten((bytes, at) => {
      if (bytes.length >= HEADER_LENGTH + 4 + TEXT_LENGTH) listener(bytes, at); // only a read reply carries a text block
    });
  }

  async close(): Promise<void> {
    this.remove();
    this.#unsubscribe();
    await this.link.close();
  }

  #answer(command: CommandName | undefined): Promise<void> {
    if (command !== undefined) this.#received.push(command);
    const card = this.#card;
    const k = this.#knobs;
    switch (command) {
      case undefined:
        return this.link.send(encodeResponse(0x21));
      case 'samStatus':
        return this.link.send(encodeResponse(k.samStatus));
      case 'samId':
        return this.link.send(encodeResponse(SW3.success, new Uint8Array(16).fill(0x11)));
      case 'find':
        if (this.#fieldEmptyFinds > 0) this.#fieldEmptyFinds -= 1;
        else if (card !== undefined && !card.halted) return this.link.send(encodeResponse(SW3.cardFound, [0, 0, 0, 0]));
        return this.link.send(encodeResponse(SW3.noCard));
      case 'select':
        if (card === undefined) return this.link.send(encodeResponse(0x81));
        card.selected = k.selectStatus === SW3.success;
        return this.link.send(encodeResponse(k.selectStatus, k.selectStatus === SW3.success ? new Uint8Array(8) : []));
      case 'readText':
      case 'readFingerprint':
        return this.#read(card, command === 'readFingerprint');
      case 'setMaxRfBytes':
      case 'resetSam':
        return this.link.send(encodeResponse(SW3.success));
    }
  }

  #read(card: CardOnReader | undefined, withFingerprint: boolean): Promise<void> {
    const k = this.#knobs;
    if (card === undefined || !card.selected) return this.link.send(encodeResponse(0x41));
    if (k.readStatus !== SW3.success) return this.link.send(encodeResponse(k.readStatus));
    card.halted = !k.refindAfterRead;
    card.selected = false;
    const data = joinReadInfo({ text: encodeResidentBlock(card.card), photo: card.photo, fingerprint: new Uint8Array(0) }, withFingerprint);
    return this.link.send(encodeResponse(SW3.success, data));
  }
}
