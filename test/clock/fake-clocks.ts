/** Fake wall and monotonic clocks for the clock monitor's tests: `tick` advances both, `jump`/`setWall` the wall clock alone, `reboot` starts a new process's monotonic clock. */
export const START = Date.parse('2026-11-22T08:00:00.000Z');

export function clocks(wall = START) {
  const c = { wall, mono: 5_000 };
  return {
    wallNow: () => c.wall,
    monoNow: () => c.mono,
    tick(ms: number) {
      c.wall += ms;
      c.mono += ms;
    },
    jump(ms: number) {
      c.wall += ms;
    },
    setWall(ms: number) {
      c.wall = ms;
    },
    reboot() {
      c.mono = 1_000;
    },
  };
}
