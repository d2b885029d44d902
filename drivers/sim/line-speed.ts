/**
 * What a simulated device sees of the host's line speed, and what the host reads when the two differ. A socat
 * pty pair carries no line speed from one side to the other, but each side keeps the speed its opener set in
 * its termios: the host side's is the speed the driver opened the port at. Used by simulators that answer only
 * at their own speed (the GY boards' `speaksAtBaud`), so a driver's baud-rate probing can be tested on a pty.
 */
import { execFile } from 'node:child_process';

/**
 * The line speed set on the tty at `hostPath` (`stty -F <hostPath> speed`, which opens the tty without taking
 * serialport's flock and reads its termios), or undefined when it cannot be read (nobody has it open, gone).
 */
export function hostLineSpeed(hostPath: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('stty', ['-F', hostPath, 'speed'], { timeout: 2000 }, (error, stdout) => {
      const speed = Number.parseInt(stdout.trim(), 10);
      resolve(error === null && Number.isSafeInteger(speed) ? speed : undefined);
    });
  });
}

/**
 * The bytes a UART receiving at `readBaud` makes of `bytes` sent at `sentBaud`, both 8N1: the sender's line
 * level, bit by bit (idle high, start bit low, 8 data bits LSB first, stop bit high), sampled the way a
 * receiver does — wait for a falling edge, sample each bit in the middle of its own bit time, and hand over a
 * byte whose stop bit reads low as 0x00 (how Linux's n_tty delivers a framing error when neither IGNPAR nor
 * PARMRK is set, as in raw mode). The same speed gives the bytes back unchanged.
 */
export function receivedAtWrongSpeed(bytes: Uint8Array, sentBaud: number, readBaud: number): Uint8Array {
  const sentBit = 1 / sentBaud;
  const readBit = 1 / readBaud;
  // Bit 0 is one idle bit before the first start bit, so that start bit is a falling edge too.
  const bits = 1 + bytes.length * 10;
  const level = (index: number): 0 | 1 => {
    if (index === 0 || index >= bits) return 1; // idle before the first and after the last byte
    const position = (index - 1) % 10;
    if (position === 0) return 0;
    if (position === 9) return 1;
    return (((bytes[Math.floor((index - 1) / 10)] ?? 0) >> (position - 1)) & 1) as 0 | 1;
  };
  const at = (time: number): 0 | 1 => level(Math.floor(time / sentBit + 1e-9));
  /** The first time at or after `time` at which the line is at `want`; undefined past the end for a low level. */
  const next = (time: number, want: 0 | 1): number | undefined => {
    for (let index = Math.floor(time / sentBit + 1e-9); index < bits || want === 1; index++) {
      if (level(index) === want) return Math.max(time, index * sentBit);
    }
    return undefined;
  };
  const out: number[] = [];
  let time = 0;
  for (;;) {
    const high = next(time, 1);
    const edge = high === undefined ? undefined : next(high, 0);
    if (edge === undefined) break;
    let value = 0;
    for (let bit = 0; bit < 8; bit++) value |= at(edge + (1.5 + bit) * readBit) << bit;
    const stop = at(edge + 9.5 * readBit);
    out.push(stop === 1 ? value : 0x00);
    time = edge + 9.5 * readBit;
  }
  return Uint8Array.from(out);
}
