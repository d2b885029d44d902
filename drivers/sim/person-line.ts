/**
 * A person typed on a reader simulator's stdin (`npm run sim`): `[ID] [name=NAME] [valid-to=YYYYMMDD|长期]
 * [badge=NUMBER] [mrz=td3|td1|none]`, words in any order. What is left out is made up: the standard's example
 * ID number, a stand-in name, a card valid for ten more years, no badge, a TD3 zone (./mrz-zone.ts) made from
 * the rest. Each reader presents what it reads of the person (reader.ts `present`).
 */
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import type { SimPerson } from '../reader/reader.js';
import { simulatedZone } from './mrz-zone.js';

export const PERSON_LINE_USAGE = '[ID (18 characters)] [name=NAME (_ for a space)] [valid-to=YYYYMMDD|长期] [badge=NUMBER] [mrz=td3|td1|none]';

/** GB 11643's example number (docs/devices/sam.md). */
const SAMPLE_ID = '11010519491231002X';
const ID_NUMBER = /^\d{17}[\dX]$/;
const VALID_TO = /^(\d{8}|长期)$/;

/** Turns a line into a person, or `sim.bad-person` naming the word it could not read. */
export function parsePersonLine(line: string, now: Date = new Date()): Result<SimPerson, Failure> {
  let idNumber = SAMPLE_ID;
  let name = '模拟访客';
  let validTo = `${now.getFullYear() + 10}1231`;
  let badge: string | undefined;
  let zone: 'TD1' | 'TD3' | undefined = 'TD3';
  for (const word of line.trim().split(/\s+/).filter((w) => w !== '')) {
    const [key, value = ''] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : ['', word];
    if (key === '' && ID_NUMBER.test(value.toUpperCase())) idNumber = value.toUpperCase();
    else if (key === 'name' && value !== '') name = value.replaceAll('_', ' ');
    else if (key === 'valid-to' && VALID_TO.test(value)) validTo = value;
    else if (key === 'badge' && value !== '') badge = value;
    else if (key === 'mrz' && ['td1', 'td3', 'none'].includes(value)) zone = value === 'none' ? undefined : value === 'td1' ? 'TD1' : 'TD3';
    else return err(failure('sim.bad-person', `cannot read "${word}"; a person is ${PERSON_LINE_USAGE}`));
  }
  const person: SimPerson = { idNumber, name, validTo, ...(badge === undefined ? {} : { badge }) };
  return ok(zone === undefined ? person : { ...person, mrz: simulatedZone(person, zone) });
}
