import { ok, type Failure, type Result } from '../../../src/result.js';
import { openSerialTransport } from '../../serial-transport.js';
import { SimLink, type LinkFaults } from '../../sim/sim-link.js';
import { REQUEST_LENGTH, decodeReadInputs, encodeException, encodeInputsResponse } from './codec.js';

/** How many inputs the simulated module has (a common 8-input relay board or DI module). */
export const SIMULATED_INPUTS = 8;
/** Spec §7 exception 0x02: the request named inputs the module does not have. */
const ILLEGAL_DATA_ADDRESS = 0x02;

/**
 * The module side of a Modbus RTU relay board's inputs or DI module on a pty (codec.ts): answers every valid
 * "read discrete inputs" request for its unit with the inputs' current state, an address outside its
 * SIMULATED_INPUTS with exception 0x02, and nothing else (other units, bad CRCs: a real bus stays silent too).
 * Its answers go through a SimLink, so `silent` is a module that stops answering and the other faults apply.
 */
export class ModbusInputsSimulator {
  static async open(devicePath: string, unit: number, baudRate = 9600, faults: LinkFaults = {}): Promise<Result<ModbusInputsSimulator, Failure>> {
    const transport = await openSerialTransport(devicePath, baudRate);
    return transport.ok ? ok(new ModbusInputsSimulator(new SimLink(transport.value, faults), unit)) : transport;
  }

  /** true = contact closed (input ON). All closed at start: a fire loop and door contacts as installed. */
  readonly #inputs: boolean[] = Array.from({ length: SIMULATED_INPUTS }, () => true);
  #pending = new Uint8Array(0);
  #requests = 0;

  private constructor(
    private readonly link: SimLink,
    private readonly unit: number,
  ) {
    link.onData((chunk) => this.#receive(chunk));
  }

  /** Closes (true) or opens (false) input `address`'s contact; answered from the next request on. */
  setInput(address: number, closed: boolean): void {
    if (!Number.isInteger(address) || address < 0 || address >= SIMULATED_INPUTS) throw new RangeError(`input ${address} is not one of 0…${SIMULATED_INPUTS - 1}`);
    this.#inputs[address] = closed;
  }

  input(address: number): boolean {
    return this.#inputs[address] ?? false;
  }

  /** Valid requests for this unit received so far. */
  requests(): number {
    return this.#requests;
  }

  setFaults(faults: LinkFaults): void {
    this.link.setFaults(faults);
  }

  /** Each answer as it was written to the pty. */
  onAnswerWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.link.onFrameWritten(listener);
  }

  close(): Promise<void> {
    return this.link.close();
  }

  #receive(chunk: Uint8Array): void {
    const buf = new Uint8Array(this.#pending.length + chunk.length);
    buf.set(this.#pending);
    buf.set(chunk, this.#pending.length);
    let i = 0;
    while (i + REQUEST_LENGTH <= buf.length) {
      const request = buf[i] === this.unit ? decodeReadInputs(buf.subarray(i, i + REQUEST_LENGTH)) : undefined;
      if (request === undefined || !request.ok) {
        i += 1;
        continue;
      }
      this.#requests += 1;
      const { first, quantity } = request.value;
      const answer =
        first + quantity > SIMULATED_INPUTS ? encodeException(this.unit, ILLEGAL_DATA_ADDRESS) : encodeInputsResponse(this.unit, this.#inputs.slice(first, first + quantity));
      void this.link.send(answer, { checksumAt: [-2, -1] });
      i += REQUEST_LENGTH;
    }
    this.#pending = buf.slice(i);
  }
}
