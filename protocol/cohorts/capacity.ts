/**
 * Cohort sizes: k = ceil(n / size) cohorts, as even as possible and never above `size`: with
 * n = k·q + r, r cohorts of q + 1 and the rest of q (q + 1 ≤ size whenever r > 0).
 */

export function cohortCount(n: number, size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new Error(`cohorts: size must be a whole number of at least 1, not ${size}`);
  return Math.ceil(n / size);
}

/** Seats left while members are placed one by one: any cohort may take q, only r of them q + 1. */
export class Capacity {
  readonly sizes: Int32Array;
  private readonly q: number;
  private readonly r: number;
  private big = 0;

  constructor(n: number, k: number) {
    this.sizes = new Int32Array(k);
    this.q = Math.floor(n / k);
    this.r = n - k * this.q;
  }

  room(c: number): boolean {
    const s = this.sizes[c]!;
    return s < this.q || (s === this.q && this.big < this.r);
  }

  take(c: number): void {
    if (++this.sizes[c]! === this.q + 1) this.big++;
  }
}
