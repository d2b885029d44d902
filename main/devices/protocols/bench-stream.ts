/** Bytes of each protocol's recorded benchmark stream (`bench.stream`): big enough that a pass takes tens of ms. */
export const BENCH_STREAM_BYTES = 12 * 1024 * 1024;
