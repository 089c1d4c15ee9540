/**
 * Persistence behind one interface. SQL is written once, with `?` placeholders, in the
 * feature files beside this one; sqlite.ts and postgres.ts run it. What differs between
 * the two is here: how a transaction starts and how a group row is locked.
 */
export type SqlValue = string | number | null;

export interface Queryable {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  one<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface Tx extends Queryable {
  /**
   * Reads the group row and holds it until commit, so every change to one group (its
   * sequence, its member count) happens one at a time. Postgres: SELECT ... FOR UPDATE;
   * SQLite: writes are already serial (BEGIN IMMEDIATE).
   */
  lockGroup<T>(groupId: string): Promise<T | undefined>;
}

export interface Db extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs fn in one transaction; reads outside it see only committed data. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
