/**
 * The monotonic clock every driver stamps its events with by default, in milliseconds since the process
 * started. It never steps when the wall clock does (`date -s`, an NTP step), so the lane's timers and
 * windows, which compare these stamps, cannot be moved by a clock change.
 */
export const monotonicNow = (): number => performance.now();
