/**
 * Text for a log line that may hold an ID number (a scanner's raw line, for a technician at debug level).
 * Every run of 15 or more digits, with a trailing X, is masked like a displayed ID number
 * (`4201**********1234`): no 18-character ID number, and no first-generation 15-digit one, survives,
 * whatever its check digit (a misread number is still most of someone's number).
 */
import { maskResidentId } from './resident-id.js';

export function redactIdNumbers(text: string): string {
  return text.replace(/[0-9]{15,}[Xx]?/g, (run) => maskResidentId(run));
}
