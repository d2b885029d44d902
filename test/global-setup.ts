/**
 * Builds once before any test: integration tests spawn the compiled gate (out/) and load the built
 * renderer (out/renderer), so they test what `npm start` runs. `tsc -b` is incremental and quick when
 * nothing changed.
 */
import { execFileSync } from 'node:child_process';

const skip = process.env['GATE_SKIP_BUILD'] === '1';

export default function setup(): void {
  if (skip) return; // for quick iterations on code that needs no build (unit tests); never in CI
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
