/**
 * `node out/bench/soak-run.js VISITORS WARMUP`: one soak (soak.ts) in a process of its own, so that
 * /proc/self/fd counts the gate's descriptors and nothing else; prints its result as one JSON line.
 */
import { soak } from './soak.js';

const [visitors, warmup] = process.argv.slice(2).map(Number);
if (visitors === undefined || warmup === undefined || !(visitors > warmup && warmup >= 0)) {
  console.error('usage: soak-run.js VISITORS WARMUP (VISITORS > WARMUP >= 0)');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await soak({ visitors, warmup }))}\n`);
process.exit(0);
