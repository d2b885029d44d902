/**
 * qr.*: camera QR decoding (docs/benchmarks.md §2). The ZXing corpus per set × rotation for every decoder
 * (`--corpus DIR`, default ../shared/corpora/zxing-qrcode; skipped with a message when absent), what each
 * strategy of our zxing-js pipeline adds (leave-one-out, stderr), the synthetic corpus of the gate's own signed
 * codes, and frame timings. Human tables go to stderr, JSON lines to stdout.
 */
import { existsSync } from 'node:fs';
import { ZXING_JS_STRATEGIES, zxingPipelineDecoder } from '../src/qr/zxing-js.js';
import type { Emit } from './figure.js';
import { scoreCorpus, totals, type Cell } from './qr-corpus.js';
import { signedCodes } from './qr-codes.js';
import { benchDecoders } from './qr-decoders.js';
import { cameraFrames, timeFrames } from './qr-frames.js';
import { DEFAULT_CORPUS, loadCorpus } from './qr-images.js';
import { runSynthetic } from './qr-synthetic.js';

const pad = (s: string | number, n: number): string => String(s).padStart(n);

function printCorpusTable(cells: readonly Cell[], names: readonly string[]): void {
  console.error(`${'set'.padEnd(10)} ${'rot'.padStart(4)}  ${names.map((n) => pad(n, 16)).join('')}`);
  const keys = [...new Set(cells.map((c) => `${c.set}|${c.rotation}`))];
  for (const key of keys) {
    const [set = '', rot = ''] = key.split('|');
    const row = names.map((n) => {
      const c = cells.find((x) => `${x.set}|${x.rotation}` === key && x.decoder === n);
      return pad(c === undefined ? '-' : `${c.correct}/${c.misread} ${c.msPerImage.toFixed(1)}`, 16);
    });
    console.error(`${set.padEnd(10)} ${pad(rot, 4)}  ${row.join('')}`);
  }
  const sum = names.map((n) => {
    const t = totals(cells, n);
    return pad(`${t.correct}/${t.misread} ${t.msPerImage.toFixed(1)}`, 16);
  });
  console.error(`${'total'.padEnd(15)}  ${sum.join('')}   (correct/misread ms-per-image)`);
}

async function corpusFigures(emit: Emit, dir: string): Promise<void> {
  if (!existsSync(dir)) {
    console.error(`qr: no corpus at ${dir}: the corpus figures are skipped (give one with --corpus DIR)`);
    return;
  }
  const corpus = loadCorpus(dir);
  const { all } = benchDecoders();
  const cells = await scoreCorpus(all, corpus);
  for (const c of cells) {
    const base = `qr.${c.set}.r${c.rotation}`;
    emit({ name: `${base}.correct`, value: c.correct, unit: 'count', runs: c.images, decoder: c.decoder });
    emit({ name: `${base}.misread`, value: c.misread, unit: 'count', runs: c.images, decoder: c.decoder });
    emit({ name: `${base}.ms_per_image`, value: c.msPerImage, unit: 'ms', runs: c.images, decoder: c.decoder });
  }
  printCorpusTable(cells, all.map((d) => d.name));
  // What each strategy of gate-zxing-js adds: the pipeline without it, and what found each read with all of them.
  const full = totals(cells, 'gate-zxing-js');
  const found = cells.filter((c) => c.decoder === 'gate-zxing-js').flatMap((c) => Object.entries(c.strategies));
  const by = (s: string): number => found.filter(([k]) => k === s).reduce((n, [, v]) => n + v, 0);
  console.error(`gate-zxing-js strategies (all on: ${full.correct}/${full.misread}):`);
  for (const strategy of ZXING_JS_STRATEGIES) {
    const without = await scoreCorpus([zxingPipelineDecoder({ strategies: ZXING_JS_STRATEGIES.filter((s) => s !== strategy) })], corpus);
    const t = totals(without, 'gate-zxing-js');
    console.error(`  ${strategy.padEnd(17)} first to read ${pad(by(strategy), 3)}; without it ${t.correct}/${t.misread} (${t.correct - full.correct >= 0 ? '+' : ''}${t.correct - full.correct}), ${t.msPerImage.toFixed(2)} ms/image`);
  }
  const gate = cells.filter((c) => c.decoder === 'gate').flatMap((c) => Object.entries(c.strategies));
  console.error(`gate: read by ${[...new Set(gate.map(([k]) => k))].map((k) => `${k} ${gate.filter(([x]) => x === k).reduce((n, [, v]) => n + v, 0)}`).join(', ')}`);
}

async function syntheticFigures(emit: Emit): Promise<void> {
  const { all } = benchDecoders();
  const codes = await signedCodes();
  console.error(`qr: synthetic codes ${codes.map((c) => c.name).join(', ')} at EC L/M/Q/H`);
  const results = await runSynthetic(all, { codes });
  const keys = [...new Set(results.map((r) => `${r.degradation}.${r.severity}`))];
  console.error(`${'case'.padEnd(16)}${all.map((d) => pad(d.name, 16)).join('')}`);
  for (const key of keys) {
    const row = all.map((d) => {
      const mine = results.filter((r) => `${r.degradation}.${r.severity}` === key && r.decoder === d.name);
      const correct = mine.filter((r) => r.correct).length;
      emit({ name: `qr.synthetic.${key}.correct`, value: correct, unit: 'count', runs: mine.length, decoder: d.name });
      return pad(`${correct}/${mine.length}`, 16);
    });
    console.error(`${key.padEnd(16)}${row.join('')}`);
  }
  const missed = results.filter((r) => r.decoder === 'gate' && !r.correct && r.severity < 3 && r.ec === 'M');
  console.error(`gate misses at severity 1-2, EC M: ${missed.length === 0 ? 'none' : missed.map((r) => `${r.code} ${r.degradation}.${r.severity}`).join(', ')}`);
}

async function frameFigures(emit: Emit): Promise<void> {
  const { all } = benchDecoders();
  const hc = (await signedCodes()).find((c) => c.name.startsWith('hc-'));
  const text = hc?.text ?? 'health code';
  for (const [label, w, h] of [['frame640', 640, 480], ['frame720', 1280, 720]] as const) {
    const frames = cameraFrames(w, h, 40, text);
    for (const decoder of all) {
      const t = await timeFrames(decoder, frames);
      emit({ name: `qr.${label}.p50`, value: t.p50, unit: 'ms', runs: t.runs, decoder: decoder.name });
      if (label === 'frame640') emit({ name: `qr.${label}.p99`, value: t.p99, unit: 'ms', runs: t.runs, decoder: decoder.name });
      console.error(`${label} ${decoder.name.padEnd(16)} p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, read ${t.read} of ${frames.length / 2} frames with a code`);
    }
  }
}

export async function run(emit: Emit, options: Readonly<Record<string, string>> = {}): Promise<void> {
  await corpusFigures(emit, options['corpus'] ?? DEFAULT_CORPUS);
  await syntheticFigures(emit);
  await frameFigures(emit);
  const { heapFigure } = await import('./qr-heap.js');
  await heapFigure(emit);
}
