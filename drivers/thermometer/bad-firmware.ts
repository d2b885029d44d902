/**
 * The "bad firmware" fixture (docs/devices/gy-mcu90614.md §6): a module whose firmware rounds readings into a
 * normal range, as one kiosk library's `SHTPA_32x32dR2L5_single.check` does (heef87/TemperatureDemo): a
 * reading from 35 to 36 °C becomes a random one of 36.0, 36.1, 36.2, 36.3 °C; one above 36 up to 36.3 °C gets
 * +0.3 °C; anything else is left alone. Only simulators use it, to show what the gate makes of such readings.
 */
const NORMAL_LOOKING_C = [36.0, 36.1, 36.2, 36.3] as const;

/** What such firmware reports for `celsius`; `random` in [0, 1) picks the replacement. */
export function roundedIntoNormal(celsius: number, random: () => number): number {
  if (celsius >= 35 && celsius <= 36) return NORMAL_LOOKING_C[Math.floor(random() * NORMAL_LOOKING_C.length)] ?? 36;
  if (celsius > 36 && celsius <= 36.3) return Math.round((celsius + 0.3) * 100) / 100;
  return celsius;
}
