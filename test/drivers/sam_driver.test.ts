/** The driver's request/reply logic against a scripted reader (FakeTransport): which reply answers which request. */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCommand, decodeFrame, encodeResponse, joinReadInfo, type CommandName } from '../../drivers/id-card/sam/codec.js';
import { SamReader } from '../../drivers/id-card/sam/driver.js';
import { encodeResidentBlock } from '../../drivers/id-card/sam/text-block.js';
import { simulatedCard } from '../../drivers/id-card/sam/simulator.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { Cleanup, eventually, FakeTransport } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const TIMINGS = { pollIntervalMs: 10, replyTimeoutMs: 150, readTimeoutMs: 300, readAttempts: 2 };
const STATUS_OK = encodeResponse(0x90);
const FOUND = encodeResponse(0x9f, [0, 0, 0, 0]);
const NO_CARD = encodeResponse(0x80);
const SELECTED = encodeResponse(0x90, new Uint8Array(8));
const person = { idNumber: '11010519491231002X', name: '测试', validTo: '20300101' };
const readReply = (text = encodeResidentBlock(simulatedCard(person))) =>
  encodeResponse(0x90, joinReadInfo({ text, photo: new Uint8Array(1024).fill(0x5a), fingerprint: new Uint8Array(0) }, false));

function rig() {
  const fake = new FakeTransport();
  const driver = cleanup.add(new SamReader(fake, TIMINGS));
  const reads: ReaderRead[] = [];
  driver.onRead((r) => reads.push(r));
  const commands = (): (CommandName | undefined)[] => fake.written.map((w) => {
    const f = decodeFrame(w);
    return f.ok ? decodeCommand(f.value) : undefined;
  });
  /** Waits for the `n`th command (1-based) and answers it. */
  const answer = async (n: number, name: CommandName, reply: Uint8Array) => {
    await eventually(() => fake.written.length >= n, 3000);
    expect(commands()[n - 1]).toBe(name);
    fake.feed(reply);
  };
  /** Initialised: the SAM status answered OK. */
  const ready = async () => {
    const init = driver.init();
    await answer(1, 'samStatus', STATUS_OK);
    expect((await init).ok).toBe(true);
  };
  return { fake, driver, reads, commands, answer, ready };
}

describe('SAM driver: replies and requests', () => {
  it('reads a card: status, find, select, read, then waits for the card to leave', async () => {
    const { reads, answer, ready } = rig();
    await ready();
    await answer(2, 'find', FOUND);
    await answer(3, 'select', SELECTED);
    await answer(4, 'readText', readReply());
    await eventually(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ kind: 'id-card', card: { idNumber: person.idNumber, name: '测试' } });
    await answer(5, 'find', FOUND); // still there: no select follows
    await answer(6, 'find', encodeResponse(0x10)); // the reader did not take the find: says nothing about the card
    await answer(7, 'find', FOUND); // so it is still the card that was read
    await answer(8, 'find', NO_CARD); // gone
    await answer(9, 'find', FOUND); // laid down again
    await answer(10, 'select', SELECTED);
  });

  it('takes neither a late text block for a find reply nor a late find reply for a select reply', async () => {
    const { driver, reads, answer, fake, ready } = rig();
    await ready();
    await answer(2, 'find', readReply()); // a read reply arriving late, during a find: a stray
    fake.feed(FOUND);
    await answer(3, 'select', NO_CARD); // 0x80 answers only find: a stray, so select times out
    await eventually(() => driver.pollCounts().timeouts === 1, 3000);
    expect(driver.pollCounts().strays).toBe(2);
    expect(reads).toEqual([]);
  });

  it('reports an undocumented status at read as unreadable id-card.unknown after readAttempts', async () => {
    const { reads, answer, ready } = rig();
    await ready();
    await answer(2, 'find', FOUND);
    await answer(3, 'select', SELECTED);
    await answer(4, 'readText', encodeResponse(0x55));
    await answer(5, 'find', FOUND);
    await answer(6, 'select', SELECTED);
    await answer(7, 'readText', encodeResponse(0x55));
    await eventually(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ kind: 'unreadable', code: 'id-card.unknown' });
  });

  it('reports a text block of an unknown layout as unreadable id-card.unknown-layout', async () => {
    const { reads, answer, ready } = rig();
    await ready();
    await answer(2, 'find', FOUND);
    await answer(3, 'select', SELECTED);
    const text = encodeResidentBlock(simulatedCard(person));
    text.set([0x5a, 0x00], 248);
    await answer(4, 'readText', readReply(text));
    await eventually(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ kind: 'unreadable', code: 'id-card.unknown-layout' });
  });

  it('ends its loop when the link goes away, without throwing, and close() still resolves', async () => {
    const { driver, fake, ready } = rig();
    await ready();
    await eventually(() => fake.written.length >= 2);
    fake.drop();
    const polls = driver.pollCounts().polls;
    await new Promise((resolve) => setTimeout(resolve, 100)); // ten poll intervals
    expect(driver.pollCounts().polls).toBe(polls);
    await driver.close();
  });
});
