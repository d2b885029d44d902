/**
 * The release date of this build: a wall clock before it cannot be right (a dead RTC battery boots at
 * 1970 or at the board's firmware date). Bump it with every release; it only has to be no later than
 * the day the build first runs anywhere.
 */
export const RELEASE_DATE = '2026-11-01T00:00:00.000Z';

export const RELEASE_DATE_MS = Date.parse(RELEASE_DATE);
