/** The one form of a short id (lanes, guards, readers): what the journal, logs and the screen name things by. */
import { z } from 'zod';

export const shortId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, '1–32 lowercase letters, digits or "-", not starting with "-"');
