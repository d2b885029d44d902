/**
 * SW3, the status byte of every SAM response (docs/devices/sam.md §4; HslCommunication `GetErrorDescription`
 * and its language strings). SW1 and SW2 are 0x00 in every documented response. A code not in the table is
 * kept as `unknown` with its byte, never guessed at.
 */
export const SAM_STATUSES = {
  0x90: { reason: 'success', meaning: 'operation succeeded' },
  0x9f: { reason: 'card-found', meaning: 'find card succeeded' },
  0x80: { reason: 'no-card', meaning: 'find card failed (no card in the field)' },
  0x81: { reason: 'select-failed', meaning: 'select card failed' },
  0x91: { reason: 'no-content', meaning: 'no content in the card' },
  0x10: { reason: 'checksum-error', meaning: 'the reader received a frame with a wrong checksum' },
  0x11: { reason: 'length-error', meaning: 'the reader received a frame with a wrong length' },
  0x21: { reason: 'command-error', meaning: 'the reader does not know the command' },
  0x23: { reason: 'unauthorized-operation', meaning: 'unauthorized operation' },
  0x24: { reason: 'unrecognized-error', meaning: 'unrecognized error' },
  0x31: { reason: 'card-auth-failed', meaning: 'card authentication by the SAM failed' },
  0x32: { reason: 'sam-auth-failed', meaning: 'SAM authentication by the card failed' },
  0x33: { reason: 'validation-failed', meaning: 'information validation error' },
  0x40: { reason: 'unknown-card-type', meaning: 'unrecognized card type' },
  0x41: { reason: 'read-failed', meaning: 'read operation failed' },
  0x47: { reason: 'random-failed', meaning: 'getting a random number failed' },
  0x60: { reason: 'sam-self-test-failed', meaning: 'SAM self-test failed' },
  0x66: { reason: 'sam-unauthorized', meaning: 'SAM not authorized' },
} as const satisfies Record<number, { readonly reason: string; readonly meaning: string }>;

export type SamReason = (typeof SAM_STATUSES)[keyof typeof SAM_STATUSES]['reason'] | 'unknown';

export interface SamStatus {
  readonly code: number;
  readonly reason: SamReason;
  readonly meaning: string;
}

export const SW3 = { success: 0x90, cardFound: 0x9f, noCard: 0x80 } as const;

export function samStatus(code: number): SamStatus {
  const known = (SAM_STATUSES as Record<number, { readonly reason: SamReason; readonly meaning: string } | undefined>)[code];
  return known === undefined ? { code, reason: 'unknown', meaning: `status 0x${code.toString(16).padStart(2, '0')} is not documented` } : { code, ...known };
}
