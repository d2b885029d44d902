/**
 * Regular expressions whose time per input is bounded. V8 runs JavaScript regular expressions by backtracking,
 * which a pattern like `(\d+)+x` or `\d*\d*\d*x` turns exponential or polynomial on a line that almost matches
 * (measured on Node 20: `\d*\d*\d*x` takes 1.6 s on 256 digits, `(\d+)+x` 4.7 s on 26). V8's flag
 * `--enable-experimental-regexp-engine-on-excessive-backtracks` switches such a match to its linear-time engine
 * after a fixed number of backtracks (`--regexp-backtracks-before-fallback`, 50,000 by default), for every
 * pattern that engine can run: all but backreferences and lookarounds, which src/thermometry/line-pattern.ts
 * refuses. The flag is process-wide and changes no result, only how a long match is run; it is set once, here,
 * before the first such pattern is compiled (it applies to patterns compiled after it).
 */
import { setFlagsFromString } from 'node:v8';

let fallbackOn = false;

/** `new RegExp(source)`, with the linear-time fallback switched on first. */
export function boundedRegExp(source: string): RegExp {
  if (!fallbackOn) {
    setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    fallbackOn = true;
  }
  return new RegExp(source);
}
