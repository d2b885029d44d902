/**
 * A whole test gate with an uplink to the reference receiver (plain HTTP, schema-validating), both torn down
 * after each test of the file that uses it.
 */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { TestGate } from '../harness/gate.js';
import { HttpReceiver } from '../uplink/http-receiver.js';
import { ReceivedRecords } from '../uplink/received-records.js';
import { tempFolder } from '../uplink/support.js';

export interface GateAndReceiver {
  gate: TestGate | undefined;
  receiver: HttpReceiver | undefined;
  records: ReceivedRecords | undefined;
}

/** Registers the teardown; `start` makes the receiver (its records in a temp folder named `prefix`). */
export function useGateAndReceiver(): GateAndReceiver & { start(prefix: string): Promise<{ receiver: HttpReceiver; records: ReceivedRecords }> } {
  let tmp: ReturnType<typeof tempFolder> | undefined;
  const state: GateAndReceiver & { start(prefix: string): Promise<{ receiver: HttpReceiver; records: ReceivedRecords }> } = {
    gate: undefined,
    receiver: undefined,
    records: undefined,
    start: async (prefix) => {
      tmp = tempFolder(prefix);
      const records = (state.records = new ReceivedRecords(join(tmp.dir, 'received.sqlite')));
      const receiver = (state.receiver = await HttpReceiver.start({ records }));
      return { receiver, records };
    },
  };
  afterEach(async () => {
    await state.gate?.close();
    await state.receiver?.close();
    state.records?.close();
    tmp?.remove();
    state.gate = state.receiver = state.records = tmp = undefined;
  });
  return state;
}
