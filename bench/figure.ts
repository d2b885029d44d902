/** One benchmark figure, printed as one JSON line (names and units: docs/benchmarks.md). */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'count' | 'ratio' | 'percent' | 'MB' | 'MB/s' | 'records/s' | 'commits/s';
  readonly runs?: number;
  readonly decoder?: string;
}

export type Emit = (figure: Figure) => void;

export const printFigure: Emit = (f) => {
  const rounded = Math.round(f.value * 10_000) / 10_000;
  process.stdout.write(`${JSON.stringify({ ...f, value: rounded })}\n`);
};

/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Milliseconds from a `process.hrtime.bigint()` start. */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
