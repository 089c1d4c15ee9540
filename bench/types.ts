/**
 * The shape every benchmark section shares. A section measures, returns rows, and run.ts
 * turns them into a table in BENCHMARKS.md. Add a section: write `bench/<name>.ts` exporting
 * a `Section`, and list it in SECTIONS in bench/run.ts (with the builds it needs).
 */

/** What run.ts builds before the sections that need it; each build's output dir is in `BenchEnv.out`. */
export type BuildId = 'extension';

export type Unit = 'kB' | 'ms' | 's' | 'MB' | 'per s' | '%' | '';

/** `max`: ours must be at most this; `min`: at least this. Same unit as the row. */
export type Budget = { max: number } | { min: number };

export interface Row {
  what: string;
  /** Our number in `unit`, the one judged against the budget; null when nothing was measured. */
  ours: number | null;
  unit: Unit;
  /** How to print ours, when more than the number says it (e.g. "4.1 ms (p95 5.3 ms)"). */
  shown?: string;
  budget?: Budget;
  /** Peers measured the same way, printed as is. */
  peer?: string;
  note?: string;
}

export interface SectionResult {
  rows: Row[];
  /** One or two sentences: what was measured, how, and how often. Printed under the table. */
  how: string;
}

export interface BenchEnv {
  /** Output directory of a build (a private copy, so a build running elsewhere cannot change it mid-run). */
  out(build: BuildId): string;
  /** Scratch directory for this run (profiles, traces); removed at the end. */
  tmp: string;
  /**
   * Directory kept between runs (e.g. seeded browser profiles); name entries by what they
   * depend on. Absent when the caller keeps nothing (then sections redo their setup).
   */
  cache?: string;
  log(message: string): void;
}

export interface Section {
  /** Name on the command line (`npm run bench -- sizes`) and marker in BENCHMARKS.md. */
  id: string;
  title: string;
  builds: BuildId[];
  run(env: BenchEnv): Promise<SectionResult>;
}
