/** The SAM resident ID card reader as the gate wires it (docs/devices/sam.md). */
import { concatBytes } from '../../../drivers/bytes.js';
import { encodeResponse, joinReadInfo } from '../../../drivers/id-card/sam/codec.js';
import { SamReader } from '../../../drivers/id-card/sam/driver.js';
import { SamParser } from '../../../drivers/id-card/sam/parser.js';
import { SAM_BAUD_RATE, SamSimulator, simulatedCard, simulatedPhoto } from '../../../drivers/id-card/sam/simulator.js';
import { encodeResidentBlock } from '../../../drivers/id-card/sam/text-block.js';
import type { SamReaderConfig } from '../../../src/config/readers/sam.js';
import type { ReaderProtocol } from '../protocol.js';

/** The configured speed (the device reference's default is 9600), then the 115200 most SAM readers ship at. */
const baudRates = (config: SamReaderConfig): readonly number[] => [...new Set([config.device.kind === 'serial' ? config.device.baudRate : SAM_BAUD_RATE, SAM_BAUD_RATE])];

/** What a reader sends over 64 presentations: status, idle finds, a found card, select, the read reply, and noise (~92 KB). */
function recordedStream(): Uint8Array {
  const person = { idNumber: '11010519491231002X', name: '测试', validTo: '20301231' };
  const read = encodeResponse(0x90, joinReadInfo({ text: encodeResidentBlock(simulatedCard(person)), photo: simulatedPhoto(person), fingerprint: new Uint8Array(0) }, false));
  const frames = [encodeResponse(0x90), ...Array.from({ length: 8 }, () => encodeResponse(0x80)), encodeResponse(0x9f, [0, 0, 0, 0]), encodeResponse(0x90, new Uint8Array(8)), read, Uint8Array.of(0x00, 0x13, 0xaa)];
  return concatBytes(Array.from({ length: 64 }, () => frames).flat());
}

export const samProtocol: ReaderProtocol<SamReaderConfig> = {
  protocol: 'sam',
  role: 'reader',
  baudRates,
  bench: { parser: () => new SamParser(), stream: recordedStream },
  driver: (transport, config, clock) =>
    new SamReader(transport, { pollIntervalMs: config.pollIntervalMs, replyTimeoutMs: config.replyTimeoutMs, readTimeoutMs: config.readTimeoutMs, readAttempts: config.readAttempts }, clock),
  simulator: (devicePath, config) => SamSimulator.open(devicePath, { baudRate: baudRates(config)[0] ?? SAM_BAUD_RATE }),
};
