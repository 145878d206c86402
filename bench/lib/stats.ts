/** Median and nearest-rank 99th percentile of a sample. */
export interface Summary {
  median: number;
  p99: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(middle)] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  const p99 = sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)] as number;
  return { median, p99, n: sorted.length };
}
