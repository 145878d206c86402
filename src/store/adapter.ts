import type { Statements } from "./statements.ts";

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $n parameters; returns its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** One statement with $n parameters; returns how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** One database connection held for a sequence of statements (migrations). */
export interface Session extends Queryable {
  /** Runs a parameterless script of several statements. */
  exec(script: string): Promise<void>;
  /** Runs fn so that all it does is kept when it resolves and undone when it rejects. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}

export type Dialect = "postgres" | "sqlite";

/**
 * The only backend-specific code: SQLite and the pg Pool behind one interface. Values go in as Dates,
 * booleans and arrays of strings whatever the dialect; timestamps come back as Dates or epoch
 * milliseconds, booleans as booleans or 0/1 (see `toDate` and `Boolean` in the store).
 */
export interface Adapter extends Queryable {
  readonly dialect: Dialect;
  readonly statements: Statements;
  /** Where the data lives, for messages: never contains a password. */
  readonly description: string;
  /** Runs fn on one connection while no other process migrates the same database. */
  withMigrationLock<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Runs fn's statements as one transaction: all of them are kept when it resolves, none when it rejects,
   * and no other statement of this process runs inside it. fn runs statements only, nothing slow.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
