/**
 * gate verify [--config FILE] [--device-key X]
 *   Read-only: checks every purge checkpoint's signature, then walks the decisions' hash chain from the
 *   newest one (comparing every column with its body), then the policy_changes and events chains.
 *   Prints `ok: N links verified from seq S; policy changes: P, events: E, checkpoints: C` (exit 0), or
 *   `broken at seq N: …` / `broken at events N: …` / `broken at checkpoint K …: …` (exit 1).
 *   The device key every checkpoint must be signed by: `--device-key` (the gate's Ed25519 public key,
 *   base64url x, as pinned outside the journal), else `device-key.pub.json` beside the journal, else the
 *   key of the first checkpoint.
 *
 * gate device-key [--config FILE]
 *   Prints the device's Ed25519 public key (base64url x), creating the key pair if there is none yet, so
 *   that it can be pinned outside the gate (upstream, on paper) and given to `gate verify --device-key`.
 *
 * gate purge --days N [--config FILE]
 *   Deletes decisions and sealed registrations older than N days (the policy's retention.days; see
 *   purge.ts for what is kept) and signs a checkpoint with the device key. Prints what it did (exit 0).
 *   Refuses (exit 1, nothing deleted, nothing signed) on a clock it cannot trust, judged from the journal
 *   since the gate may not be running: `purge.clock-untrusted` while the gate's clock monitor last
 *   persisted its clock as untrusted (settings `clock_state`; the gate clears it once NTP or the
 *   platform's signed time syncs the clock), `purge.clock-behind-journal` when the clock reads earlier
 *   than the journal's latest entry.
 *
 * Exit 2 for usage or configuration errors.
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { failure } from '../../src/result.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failWith, journalFileOf, print, withUsage } from '../cli/command.js';
import { secureDataDir } from '../keys.js';
import { openJournalDb } from './db.js';
import { deviceSigner } from './device-key.js';
import { purge } from './purge.js';
import { verifyJournalFile } from './verify.js';

const VERIFY_USAGE = '  gate verify [--config FILE] [--device-key BASE64URL]';
const PURGE_USAGE = '  gate purge --days N [--config FILE]';
const DEVICE_KEY_USAGE = '  gate device-key [--config FILE]     the device public key that signs checkpoints, to pin for gate verify --device-key';

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: VERIFY_USAGE,
  run: (args) =>
    withUsage(VERIFY_USAGE, () => {
      const { values } = parseArgs({ args, options: { config: { type: 'string' }, 'device-key': { type: 'string' } } });
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      const deviceKey = values['device-key'];
      const r = verifyJournalFile(file.value, deviceKey === undefined ? {} : { deviceKey });
      if (r.ok) {
        const { checked, from, rows, checkpoints } = r.value;
        print(`ok: ${checked} links verified from seq ${from}; policy changes: ${rows.policy_changes}, events: ${rows.events}, checkpoints: ${checkpoints}`);
        return EXIT_OK;
      }
      const e = r.error;
      if (e.seq !== undefined) print(`broken at seq ${e.seq}: ${e.code}: ${e.message}`);
      else if (e.table !== undefined && e.id !== undefined) print(`broken at ${e.table} ${e.id}: ${e.code}: ${e.message}`);
      else if (e.checkpoint !== undefined) print(`broken at ${e.message} (${e.code})`);
      else return failWith(EXIT_FAILURE, [e]);
      return EXIT_FAILURE;
    }),
};

export const purgeCommand: CliCommand = {
  name: 'purge',
  usage: PURGE_USAGE,
  run: (args) =>
    withUsage(PURGE_USAGE, () => {
      const { values } = parseArgs({ args, options: { days: { type: 'string' }, config: { type: 'string' } } });
      const days = Number(values.days);
      if (values.days === undefined || !/^[0-9]+$/.test(values.days) || days < 1) {
        return failWith(EXIT_USAGE, [failure('usage', `--days must be a whole number ≥ 1 (the policy's retention.days)\nusage:\n${PURGE_USAGE}`)]);
      }
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      const db = openJournalDb(file.value);
      if (!db.ok) return failWith(EXIT_FAILURE, [db.error]);
      try {
        const signer = deviceSigner(dirname(file.value));
        if (!signer.ok) return failWith(EXIT_FAILURE, [signer.error]);
        const r = purge(db.value, { olderThanDays: days, nowMs: Date.now(), signer: signer.value });
        if (!r.ok) return failWith(EXIT_FAILURE, [r.error]);
        const { decisions, sealedRegistrations, kept, checkpoint } = r.value;
        const upto = checkpoint === null ? '' : ` (up to seq ${checkpoint.uptoSeq}, checkpoint signed)`;
        print(`purged ${decisions} decisions${upto} and ${sealedRegistrations} sealed registrations; kept ${kept} older decisions not yet delivered`);
        return EXIT_OK;
      } finally {
        db.value.close();
      }
    }),
};

export const deviceKeyCommand: CliCommand = {
  name: 'device-key',
  usage: DEVICE_KEY_USAGE,
  run: (args) =>
    withUsage(DEVICE_KEY_USAGE, () => {
      const { values } = parseArgs({ args, options: { config: { type: 'string' } } });
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      const dir = secureDataDir(dirname(file.value));
      if (!dir.ok) return failWith(EXIT_FAILURE, [dir.error]);
      const signer = deviceSigner(dirname(file.value));
      if (!signer.ok) return failWith(EXIT_FAILURE, [signer.error]);
      print(signer.value.publicJwk.x);
      return EXIT_OK;
    }),
};
