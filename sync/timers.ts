/**
 * Every timer a connection starts, so closing it stops them all: a retry that fires after
 * close() would open a socket or send a write nobody asked for any more.
 */
export class Timers {
  private pending = new Set<ReturnType<typeof setTimeout>>();
  private repeating = new Set<ReturnType<typeof setInterval>>();

  later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
  }

  every(fn: () => void, ms: number): () => void {
    const t = setInterval(fn, ms);
    this.repeating.add(t);
    return () => {
      clearInterval(t);
      this.repeating.delete(t);
    };
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  clear(): void {
    for (const t of this.pending) clearTimeout(t);
    for (const t of this.repeating) clearInterval(t);
    this.pending.clear();
    this.repeating.clear();
  }
}
