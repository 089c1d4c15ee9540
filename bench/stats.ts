import { gzipSync } from 'node:zlib';

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Latencies in brief: p50, p99, the largest and how many; null for none. */
export interface Summary {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function summary(xs: number[]): Summary | null {
  if (xs.length === 0) return null;
  const sorted = Float64Array.from(xs).sort();
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1]!, n: xs.length };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Size after `gzip -9`, in kB (1000 bytes). */
export const gzipKB = (data: Buffer | string): number => gzipSync(data, { level: 9 }).length / 1000;

export const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const ms = (n: number): string => `${fmt(n)} ms`;
export const kB = (n: number): string => `${fmt(n)} kB`;
